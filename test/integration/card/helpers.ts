import type { EventEmitter } from 'node:events';
import { CardReaderService } from '../../../drivers/card/reader-service';

/** Reader and port for tests; "Virtual PCD 00 00" / 35963 belongs to a running kiosk. */
export const TEST_READER = 'Virtual PCD 00 01';
export const TEST_PORT = 35964;

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
