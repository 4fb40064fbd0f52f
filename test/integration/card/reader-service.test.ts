import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CardError } from '../../../drivers/card/errors';
import { Identity } from '../../../drivers/card/identity';
import { CardReaderService } from '../../../drivers/card/reader-service';
import type { IdentityEvent as ServiceIdentityEvent } from '../../../drivers/card/reader-types';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import { VirtualCard } from '../../../drivers/card/sim/virtual-card';
import demo from '../../../drivers/card/sim/demo-identity.json';
import { nextEvent, TEST_READER, testPort, waitUntil } from './helpers';

const identity = Identity.parse(demo);
const belgian: Identity = {
  profile: 'belpic',
  idNumber: '85073100123',
  documentNumber: '592123456789',
  surname: 'Peeters',
  givenNames: 'Anna Maria',
  nationality: 'BEL',
  birthDate: '1985-07-31',
  birthPlace: 'Leuven',
  sex: 'F',
  validFrom: '2020-02-01',
  validUntil: '2030-02-01',
  address: { street: 'Meir 1 bus 101', postalCode: '2000', municipality: 'Antwerpen' },
};

type IdentityEvent = [ServiceIdentityEvent];
type ErrorEvent = [{ reader: string; error: CardError }];

describe('CardReaderService against pcscd + vpcd', () => {
  let service: CardReaderService;
  let cards: VirtualCard[];
  let logged: Array<[string, Record<string, unknown> | undefined]>;
  let port: number;

  beforeEach(async () => {
    cards = [];
    logged = [];
    port = await testPort();
    service = new CardReaderService({ readerPattern: TEST_READER, log: (e, f) => { logged.push([e, f]); if (process.env.CARD_DEBUG) console.log(Date.now() % 100000, e, f); } });
    const ready = nextEvent<[string, string[]]>(service, 'health', 5000, (h) => h === 'ready');
    service.start();
    const [, names] = await ready;
    expect(names).toEqual([TEST_READER]);
    // A card pulled by the previous test may still look present until pcscd polls again.
    await waitUntil(() => service.cardPresent(TEST_READER) === false, 3000);
  });

  afterEach(async () => {
    await Promise.all(cards.map((c) => c.remove()));
    await waitUntil(() => service.cardPresent(TEST_READER) === false, 3000);
    await service.stop();
  });

  function card(image: ConstructorParameters<typeof VirtualCard>[0]['image'], responseDelayMs?: number): VirtualCard {
    const c = new VirtualCard({ image, port, responseDelayMs });
    cards.push(c);
    return c;
  }

  it('reads the ministry card with Arabic and Latin names, then reports its removal', async () => {
    expect(service.health).toBe('ready');
    const c = card(ministryCardImage(identity));
    const inserted = nextEvent(service, 'card-inserted');
    const got = nextEvent<IdentityEvent>(service, 'identity');
    const t0 = Date.now();
    await c.insert();
    expect((await inserted)[0]).toEqual({ reader: TEST_READER });
    const [ev] = await got;
    const elapsed = Date.now() - t0;
    expect(ev.reader).toBe(TEST_READER);
    expect(ev.atr).toBe('3B9A968131FE45803180664D4F492D514126'); // T=1 variant
    expect(ev.expired).toBe(false);
    expect(ev.profile).toBe('ministry');
    expect(ev.identity).toEqual(identity);
    expect(ev.identity.givenNamesAr).toBe('أحمد علي');
    expect(ev.identity.surnameAr).toBe('الكواري');
    // pcscd needs up to ~450 ms to notice the card; the read itself is a handful of APDUs.
    expect(elapsed).toBeLessThan(1500);
    const read = logged.find(([e]) => e === 'card.read')![1]!;
    expect(read).toMatchObject({ profile: 'ministry', apdus: 2 });
    expect(read.ms as number).toBeLessThan(1000);
    // Logs carry no personal data.
    expect(JSON.stringify(logged)).not.toMatch(/28463400123|Kuwari|أحمد/);

    const removed = nextEvent(service, 'card-removed');
    await c.remove();
    expect((await removed)[0]).toEqual({ reader: TEST_READER });
  });

  it('reads a Belgian eID (BELPIC layout, recognised by ATR)', async () => {
    const c = card(belpicCardImage(belgian));
    const got = nextEvent<IdentityEvent>(service, 'identity');
    await c.insert();
    const [ev] = await got;
    expect(ev.identity).toEqual(belgian);
    expect(ev.atr).toBe('3B9813400AA503010101AD1311');
  });

  it('a card pulled out in the middle of the read ends it with a typed card-removed error, and the next card reads', async () => {
    const slow = card(ministryCardImage(identity), 120);
    slow.on('apdu', (apdu) => {
      if (apdu[1] === 0xb0) void slow.remove(); // first READ BINARY
    });
    const failed = nextEvent<ErrorEvent>(service, 'read-error');
    const removed = nextEvent(service, 'card-removed');
    let identities = 0;
    service.on('identity', () => identities++);
    await slow.insert();
    const [{ error, reader }] = await failed;
    await removed;
    expect(reader).toBe(TEST_READER);
    expect(error).toBeInstanceOf(CardError);
    expect(error.code).toBe('card-removed');
    expect(identities).toBe(0);

    const next = card(ministryCardImage(identity));
    const got = nextEvent<IdentityEvent>(service, 'identity');
    await next.insert();
    expect((await got)[0].identity.idNumber).toBe(identity.idNumber);
  });

  it('an unknown card gives read-error unknown-card', async () => {
    const c = card({ atr: Uint8Array.from([0x3b, 0x02, 0x14, 0x50]), mf: { kind: 'df', fid: 0x3f00, children: [] }, readBeyondEnd: 'short' });
    const failed = nextEvent<ErrorEvent>(service, 'read-error');
    await c.insert();
    expect((await failed)[0].error.code).toBe('unknown-card');
  });

  it('ignores readers that do not match the pattern', async () => {
    expect(service.readerNames).toEqual([TEST_READER]);
    expect(logged.some(([e, f]) => e === 'card.reader.ignored' && f?.reader === 'Virtual PCD 00 00')).toBe(true);
  });
});

describe('CardReaderService without pcscd', () => {
  it('reports unavailable and keeps retrying instead of throwing', async () => {
    let attempts = 0;
    const service = new CardReaderService({
      retryMs: 50,
      openPcsc: () => {
        attempts++;
        throw new Error('SCardEstablishContext error: Service not available.(0x8010001d)');
      },
    });
    const healths: string[] = [];
    service.on('health', (h) => healths.push(h));
    service.start();
    await new Promise((r) => setTimeout(r, 300));
    await service.stop();
    expect(service.health).toBe('unavailable');
    expect(healths).toEqual(['unavailable']);
    expect(attempts).toBeGreaterThanOrEqual(3);
  });
});
