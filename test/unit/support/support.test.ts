import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fuzzRuns, fuzzTimeoutMs } from '../../support/fuzz';
import { useTempDir } from '../../support/temp-db';
import { eventOf, waitFor, waitForEvent, WaitTimeoutError, withTimeout } from '../../support/wait';

describe('the wait helper', () => {
  it('resolves with the condition once an event makes it true', async () => {
    const bus = new EventEmitter();
    let level = 'offline';
    const ready = waitFor(() => level === 'ready' && level, { what: 'ready', on: eventOf(bus, 'status') });
    level = 'ready';
    bus.emit('status');
    await expect(ready).resolves.toBe('ready');
  });

  it('names what it waited for and the last state when time runs out', async () => {
    const err = await waitFor(() => false, { what: 'the printer to be ready', timeoutMs: 30, describeLast: () => ({ level: 'offline' }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message).toBe('timed out after 30 ms waiting for the printer to be ready (last: {"level":"offline"})');
  });

  it('refuses an async condition, which would pass at once since a promise is truthy', async () => {
    const asCondition = (async () => false) as unknown as () => false;
    await expect(waitFor(asCondition, { what: 'the file to appear' })).rejects.toThrow('waitFor takes a synchronous condition (waiting for the file to appear)');
  });

  it('waits for the event a predicate accepts and reports the last one seen otherwise', async () => {
    const bus = new EventEmitter();
    const second = waitForEvent<number>(eventOf(bus, 'n'), { what: 'an even number', match: (n) => n % 2 === 0 });
    bus.emit('n', 1);
    bus.emit('n', 2);
    await expect(second).resolves.toBe(2);
    const never = waitForEvent<number>(eventOf(bus, 'n'), { what: 'a negative number', match: (n) => n < 0, timeoutMs: 30 });
    bus.emit('n', 5);
    await expect(never).rejects.toThrow('timed out after 30 ms waiting for a negative number (last: 5)');
    expect(bus.listenerCount('n')).toBe(0);
  });

  it('withTimeout passes a settled promise through and names a hanging one', async () => {
    await expect(withTimeout(Promise.resolve(7), { what: 'seven' })).resolves.toBe(7);
    await expect(withTimeout(new Promise(() => undefined), { what: 'the write to settle', timeoutMs: 20 })).rejects.toThrow(
      'timed out after 20 ms waiting for the write to settle',
    );
  });
});

describe('KIOSK_FUZZ_RUNS', () => {
  it('unset or empty: the property default; set: that many cases', () => {
    expect(fuzzRuns(5000, {})).toBe(5000);
    expect(fuzzRuns(5000, { KIOSK_FUZZ_RUNS: ' ' })).toBe(5000);
    expect(fuzzRuns(5000, { KIOSK_FUZZ_RUNS: '200000' })).toBe(200_000);
  });

  it('refuses a value that is not a whole number above 0, naming it', () => {
    for (const bad of ['0', '-5', '1e5', 'many', '2.5']) {
      expect(() => fuzzRuns(10, { KIOSK_FUZZ_RUNS: bad })).toThrow(`KIOSK_FUZZ_RUNS=${bad} is not a valid number of fuzz runs`);
    }
  });

  it('gives a deep run a timeout that grows with its cases', () => {
    expect(fuzzTimeoutMs(100)).toBe(30_000);
    expect(fuzzTimeoutMs(200_000)).toBeGreaterThan(fuzzTimeoutMs(20_000));
  });
});

describe('temp databases', () => {
  const tmp = useTempDir();
  let kept = '';

  it('opens a real SQLite file with every migration', () => {
    const { db, path } = tmp.db();
    kept = path;
    expect(existsSync(path)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'print_jobs'`).get()).toEqual({ n: 1 });
  });

  it('closed and removed after the test', () => {
    expect(kept).not.toBe('');
    expect(existsSync(kept)).toBe(false);
  });
});
