import { CardReaderService } from '../../../drivers/card/reader-service';
import type { CardReaderServiceOptions } from '../../../drivers/card/reader-types';
import { VirtualCard, type VirtualCardOptions } from '../../../drivers/card/sim/virtual-card';
import { nextEvent, TEST_READER, testPort, waitUntil } from './helpers';

/**
 * A CardReaderService on the test reader plus the virtual cards a test inserts, with every
 * event recorded; `close()` pulls the cards and waits for the reader to be empty, so no test
 * sees another's card.
 */
export class Harness {
  readonly events: Array<[string, unknown]> = [];
  private readonly cards: VirtualCard[] = [];

  private constructor(
    readonly service: CardReaderService,
    readonly port: number,
    readonly logged: Array<[string, Record<string, unknown> | undefined]>,
  ) {
    for (const name of ['card-inserted', 'identity', 'technician-card', 'pin-required', 'read-error', 'card-removed'] as const) {
      service.on(name, (ev: unknown) => this.events.push([name, ev]));
    }
  }

  static async open(opts: CardReaderServiceOptions = {}): Promise<Harness> {
    const port = await testPort();
    const logged: Harness['logged'] = [];
    const service = new CardReaderService({ readerPattern: TEST_READER, log: (e, f) => logged.push([e, f]), ...opts });
    const h = new Harness(service, port, logged);
    const ready = nextEvent<[string]>(service, 'health', 5000, (x) => x === 'ready');
    service.start();
    await ready;
    await waitUntil(() => service.cardPresent(TEST_READER) === false, 3000, 'empty test reader');
    return h;
  }

  card(opts: Omit<VirtualCardOptions, 'port'>): VirtualCard {
    const c = new VirtualCard({ ...opts, port: this.port });
    this.cards.push(c);
    return c;
  }

  names(): string[] {
    return this.events.map(([n]) => n);
  }

  async close(): Promise<void> {
    await Promise.all(this.cards.map((c) => c.remove()));
    await waitUntil(() => this.service.cardPresent(TEST_READER) === false, 5000, 'empty test reader');
    await this.service.stop();
  }
}
