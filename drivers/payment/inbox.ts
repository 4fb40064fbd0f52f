import { type Apdu } from './zvt/apdu';

export type InboxResult = Apdu | 'timeout' | 'closed';

/** Buffers APDUs from the link so a protocol loop can await them one at a time with a deadline. */
export class ApduInbox {
  private readonly queue: Apdu[] = [];
  private waiter: ((r: InboxResult) => void) | undefined;
  private closed = false;

  push(apdu: Apdu): void {
    if (this.waiter) this.waiter(apdu);
    else this.queue.push(apdu);
  }

  /** Wakes a waiter with 'closed' now and every later call too. */
  close(): void {
    this.closed = true;
    this.waiter?.('closed');
  }

  clear(): void {
    this.queue.length = 0;
  }

  next(timeoutMs: number): Promise<InboxResult> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve('closed');
    return new Promise((resolve) => {
      const timer = setTimeout(() => done('timeout'), timeoutMs);
      const done = (r: InboxResult) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(r);
      };
      this.waiter = done;
    });
  }
}
