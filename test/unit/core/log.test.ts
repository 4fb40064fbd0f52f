import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/core/log';

const linesOf = () => {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: createLogger('printer', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)) };
};

describe('the JSON-lines logger', () => {
  it('keeps its own level, event, component and time when a field has the same name', () => {
    const { lines, log } = linesOf();
    log.warn('paper-low', { level: 'low', event: 'paper', component: 'sensor', t: 3, device: 'printer' });
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: 'warn', event: 'paper-low', component: 'printer', device: 'printer' });
    expect(Number.isNaN(Date.parse(String(line!.t)))).toBe(false);
    // Nothing the caller said is lost: a clashing field moves beside the line's own key.
    expect(line).toMatchObject({ _level: 'low', _event: 'paper', _component: 'sensor', _t: 3 });
    expect(Object.keys(line!).slice(0, 4)).toEqual(['t', 'level', 'component', 'event']);
  });

  it('moves a clashing field past one the caller already named with an underscore', () => {
    const { lines, log } = linesOf();
    log.error('x', { level: 'a', _level: 'b' });
    expect(lines[0]).toMatchObject({ level: 'error', _level: 'b', __level: 'a' });
  });

  it('still redacts personal-looking fields, clashing or not', () => {
    const { lines, log } = linesOf();
    log.info('card-read', { holderName: 'Fatima', level: 'ok' });
    expect(lines[0]).toMatchObject({ level: 'info', holderName: '[redacted]', _level: 'ok' });
  });

  it('redacts personal-looking fields inside an object logged whole, and inside lists', () => {
    const { lines, log } = linesOf();
    log.warn('entry-stuck', { entry: { localRef: 'K01-20261204-000001', holder: { surname: 'Al-Kuwari', idNumber: '28463400123' } }, people: [{ givenNames: 'Ahmed Ali' }] });
    const line = JSON.stringify(lines[0]);
    for (const personal of ['Al-Kuwari', '28463400123', 'Ahmed Ali']) expect(line).not.toContain(personal);
    expect(lines[0]).toMatchObject({ entry: { localRef: 'K01-20261204-000001', holder: { surname: '[redacted]', idNumber: '[redacted]' } }, people: [{ givenNames: '[redacted]' }] });
  });
});
