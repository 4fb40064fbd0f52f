import type { EventEmitter } from 'node:events';
import { CardReaderService } from '../../../drivers/card/reader-service';
import { VirtualCard } from '../../../drivers/card/sim/virtual-card';

/** Reader and port for tests; "Virtual PCD 00 00" / 35963 belongs to a running kiosk. */
export const TEST_READER = 'Virtual PCD 00 01';
const TEST_PORT = Number(process.env.CARD_TEST_PORT ?? 35964);

let resolvedPort: Promise<number> | undefined;

/**
 * The vpcd port feeding TEST_READER, after checking once per file that pcscd really serves it.
 * A slot nobody serves would otherwise show up as 5-second event timeouts in every test. The
 * usual cause: a second reader.conf entry loading the same libifdvpcd.so file, since vpcd keeps one
 * static context per slot number for all its readers (see isolated-pcscd.sh).
 */
export function testPort(): Promise<number> {
  resolvedPort ??= (async () => {
    const probe = new VirtualCard({
      image: { atr: Uint8Array.of(0x3b, 0x00), mf: { kind: 'df', fid: 0x3f00, children: [] }, readBeyondEnd: 'short' },
      port: TEST_PORT,
    });
    try {
      await probe.insert({ timeoutMs: 2000 });
    } catch (err) {
      throw new Error(
        `pcscd does not serve vpcd port ${TEST_PORT} ("${TEST_READER}"): ${(err as Error).message}. ` +
          'If /etc/reader.conf.d has two vpcd entries with the same LIBPATH, their slots collide; ' +
          'run the tests under test/integration/card/isolated-pcscd.sh or give the second entry a copy of libifdvpcd.so.',
      );
    }
    await probe.remove();
    await readerEmpty();
    return TEST_PORT;
  })();
  return resolvedPort;
}

/** Resolves with the first event (by name) whose arguments satisfy `match`; rejects after `ms`. */
export function nextEvent<T extends unknown[]>(emitter: EventEmitter, event: string, ms = 5000, match: (...args: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]) => {
      if (!match(...(args as T))) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args as T);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no "${event}" event within ${ms} ms`));
    }, ms);
    emitter.on(event, listener);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(cond: () => boolean, ms: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${ms} ms`);
    await sleep(20);
  }
}

/** Waits until pcscd reports the test reader empty, so one test's card never leaks into the next. */
export async function readerEmpty(): Promise<void> {
  const watcher = new CardReaderService({ readerPattern: TEST_READER, profiles: [] });
  watcher.start();
  try {
    await waitUntil(() => watcher.cardPresent(TEST_READER) === false, 3000, 'empty test reader');
  } finally {
    await watcher.stop();
  }
}
