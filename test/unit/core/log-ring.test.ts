import { describe, expect, it } from 'vitest';
import { LogsView } from '../../../main/contract';
import { createLogger } from '../../../main/core/log';
import { deviceLog, LogRing, logToRing } from '../../../main/core/log-ring';
import { TestClock } from '../../support/core-fakes';

/** The identity on the demo card: none of it may reach the technician's screen. */
const PERSON = { idNumber: '28463400123', surname: 'Al-Kuwari', givenNames: 'Ahmed Ali', surnameAr: 'الكواري', givenNamesAr: 'أحمد علي' };

function ring(perSource?: number) {
  const clock = new TestClock();
  const logs = new LogRing({ clock, perSource });
  const file: string[] = [];
  const log = logToRing(createLogger('kiosk', (l) => file.push(l)), logs);
  return { clock, logs, log, file };
}

describe('the technician’s log ring', () => {
  it('keeps each source’s newest lines, newest first, and says how many more it keeps', () => {
    const { logs, log, clock } = ring(3);
    const printer = deviceLog(log, 'printer');
    for (let i = 1; i <= 5; i++) {
      clock.ms += 1000;
      printer.info('print-job', { jobId: i });
    }
    const view = logs.view('printer', 2);
    expect(view.lines.map((l) => l.fields.jobId)).toEqual([5, 4]);
    expect(view.more).toBe(1); // 3 kept, 2 listed
    expect(view.lines[0]).toMatchObject({ level: 'info', source: 'printer', event: 'print-job', at: clock.now() });
    expect(view.device).toBe('printer');
  });

  it('a chatty source does not push another one’s lines out', () => {
    const { logs, log } = ring(10);
    deviceLog(log, 'printer').warn('device-state', { device: 'printer', status: 'userError', reason: 'paper-out' });
    const gateway = deviceLog(log, 'gateway');
    for (let i = 0; i < 500; i++) gateway.warn('gateway-unreachable', { attempt: i });
    expect(logs.view('printer').lines).toHaveLength(1);
    expect(logs.view('gateway').lines).toHaveLength(10);
    // All: every source's kept lines, in the order they were logged.
    const all = logs.view();
    expect(all.lines).toHaveLength(11);
    expect(all.lines.at(-1)).toMatchObject({ source: 'printer', event: 'device-state' });
    expect(all.lines.map((l) => l.seq)).toEqual([...all.lines.map((l) => l.seq)].sort((a, b) => b - a));
  });

  it('counts warnings and errors per source since start, beyond what the ring keeps', () => {
    const { logs, log } = ring(2);
    for (let i = 0; i < 7; i++) deviceLog(log, 'terminal').warn('terminal-unavailable', { code: 'not-answering' });
    deviceLog(log, 'terminal').error('payment-failed', {});
    deviceLog(log, 'card').info('card.read', { reader: 'Virtual PCD 00 00' });
    log.error('outbox-fault', { error: 'disk I/O error' });
    expect(logs.view().counters).toEqual({
      card: { warnings: 0, errors: 0 },
      printer: { warnings: 0, errors: 0 },
      terminal: { warnings: 7, errors: 1 },
      gateway: { warnings: 0, errors: 0 },
      kiosk: { warnings: 0, errors: 1 },
    });
  });

  it('files the device-state model’s lines under the device they name (the card reader as card)', () => {
    const { logs, log } = ring();
    log.warn('device-state', { device: 'cardReader', status: 'offline', reason: 'pcscd-unreachable' });
    log.warn('device-state', { device: 'disk', status: 'userError', reason: 'disk-low' });
    expect(logs.view('card').lines[0]).toMatchObject({ event: 'device-state', fields: { device: 'cardReader', status: 'offline' } });
    expect(logs.view().lines[0]).toMatchObject({ source: 'kiosk', fields: { device: 'disk' } });
    // A device's own log says which one in the log file too, and the ring does not say it twice.
    deviceLog(log, 'printer').info('print-job', { jobId: 1 });
    expect(logs.view('printer').lines[0]!.fields).toEqual({ jobId: 1 });
  });

  it('keeps no name and no ID number: personal fields redacted, long numbers masked, whatever the field is called', () => {
    const { logs, log, file } = ring();
    const card = deviceLog(log, 'card');
    card.info('card.read', { ...PERSON, profile: 'ministry' });
    card.warn('card.read-failed', { reason: `no answer for ${PERSON.idNumber}`, ref: Number(PERSON.idNumber), sw: '6a82' });
    log.info('odd', { nested: { holder: PERSON } });
    const shown = JSON.stringify(logs.view());
    for (const value of Object.values(PERSON)) expect(shown).not.toContain(value);
    expect(logs.view('card').lines[1]!.fields).toMatchObject({ idNumber: '[redacted]', surname: '[redacted]', profile: 'ministry' });
    expect(logs.view('card').lines[0]!.fields).toEqual({ reason: 'no answer for [number]', ref: '[number]', sw: '6a82' });
    // The file has what the logger writes; the ring is the second line of defence, not the first.
    expect(file.join('')).not.toContain(PERSON.surname);
  });

  it('keeps every value short and every view one the contract accepts', () => {
    const { logs, log } = ring();
    log.info('Weird Event NAME!', { long: 'x'.repeat(1000), 'bad key': 1, infinite: Infinity, when: new Date(0), err: new TypeError('boom'), ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i])) });
    const line = logs.view().lines[0]!;
    expect(line.event).toBe('weird-event-name-');
    expect(String(line.fields.long)).toHaveLength(160);
    expect(line.fields).not.toHaveProperty('bad key');
    expect(Object.keys(line.fields).length).toBeLessThanOrEqual(16);
    expect(LogsView.safeParse(logs.view()).success).toBe(true);
    expect(LogsView.safeParse(logs.view(undefined, 1000)).success).toBe(true);
  });

  it('the contract refuses a line with an ID number in it, should one ever get past the ring', () => {
    const { logs, log } = ring();
    log.info('card.read', { profile: 'ministry' });
    const view = logs.view();
    view.lines[0]!.fields.note = `holder ${PERSON.idNumber}`;
    expect(LogsView.safeParse(view).success).toBe(false);
  });

  it('tells its listeners of every new line', () => {
    const { logs, log } = ring();
    let heard = 0;
    const stop = logs.onChange(() => heard++);
    log.info('a');
    deviceLog(log, 'gateway').warn('b');
    stop();
    log.info('c');
    expect(heard).toBe(2);
  });
});
