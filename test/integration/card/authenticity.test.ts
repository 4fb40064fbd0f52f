import { afterEach, describe, expect, it } from 'vitest';
import { Identity } from '../../../drivers/card/identity';
import type { IdentityEvent } from '../../../drivers/card/reader-types';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import { withTestAnchors, type CardTamper } from '../../../drivers/card/sim/signing';
import type { Authenticity } from '../../../drivers/card/trust/authenticity';
import demo from '../../../drivers/card/sim/demo-identity.json';
import belpicDemo from '../../../drivers/card/sim/demo-belpic.json';
import { nextEvent } from './helpers';
import { Harness } from './service-harness';

const identity = Identity.parse(demo);

/** What each forgery of the ministry card reads as, and the identity the kiosk decodes from it. */
const outcomes: Array<[CardTamper | undefined, Authenticity, (got: Identity) => void]> = [
  [undefined, 'verified', (got) => expect(got).toEqual(identity)],
  ['identity', 'signature-invalid', (got) => expect(got.idNumber).not.toBe(identity.idNumber)],
  ['address', 'signature-invalid', (got) => expect(got.address?.street).toBe('Forged Street 1')],
  ['chip', 'chip-challenge-failed', (got) => expect(got).toEqual(identity)],
  ['cert-expired', 'certificate-expired', (got) => expect(got).toEqual(identity)],
  ['untrusted', 'untrusted-issuer', (got) => expect(got).toEqual(identity)],
  ['unsigned', 'unsigned', (got) => expect(got).toEqual(identity)],
];

describe('ministry card authenticity through pcscd (signed data + INTERNAL AUTHENTICATE)', () => {
  let h: Harness;
  afterEach(async () => h.close());

  for (const [tamper, expected, check] of outcomes) {
    it(`${tamper ? `--tamper ${tamper}` : 'a genuine card'} reads as ${expected}`, async () => {
      h = await Harness.open({ anchors: withTestAnchors });
      const card = h.card({ image: ministryCardImage(identity, { tamper }) });
      const read = nextEvent<[IdentityEvent]>(h.service, 'identity');
      await card.insert();
      const [ev] = await read;
      expect(ev.authenticity).toBe(expected);
      check(ev.identity);
      // Genuine: SELECT, READ BINARY, INTERNAL AUTHENTICATE; a bad signature or chain is known before
      // the challenge. A plain TLV file does not announce its size: its read goes on to the 6B00.
      const challenged = expected === 'verified' || expected === 'chip-challenge-failed';
      expect(card.apduCount).toBe(challenged || expected === 'unsigned' ? 3 : 2);
      // The reason is logged for the technician; no personal data goes with it.
      const line = h.logged.find(([e]) => e === 'card.read')?.[1];
      expect(line).toMatchObject({ authenticity: expected });
      expect(JSON.stringify(line)).not.toContain(identity.idNumber);
    });
  }

  it("without the simulators' test root (production anchors only) a genuine simulated card is untrusted-issuer", async () => {
    h = await Harness.open();
    const card = h.card({ image: ministryCardImage(identity) });
    const read = nextEvent<[IdentityEvent]>(h.service, 'identity');
    await card.insert();
    expect((await read)[0].authenticity).toBe('untrusted-issuer');
  });
});

describe('Belgian eID authenticity through pcscd (RRN signatures, RRN certificate, photo hash)', () => {
  let h: Harness;
  afterEach(async () => h.close());
  const belgian = Identity.parse(belpicDemo);
  const belgianOutcomes: Array<[CardTamper | undefined, Authenticity]> = [
    [undefined, 'verified'],
    ['identity', 'signature-invalid'],
    ['address', 'signature-invalid'],
    ['cert-expired', 'certificate-expired'],
    ['untrusted', 'untrusted-issuer'],
    ['unsigned', 'unsigned'],
  ];
  for (const [tamper, expected] of belgianOutcomes) {
    it(`${tamper ? `--tamper ${tamper}` : 'a genuine card'} reads as ${expected}`, async () => {
      h = await Harness.open({ anchors: withTestAnchors });
      const card = h.card({ image: belpicCardImage(belgian, { tamper }) });
      const read = nextEvent<[IdentityEvent]>(h.service, 'identity', 10_000);
      await card.insert();
      const [ev] = await read;
      expect(ev.authenticity).toBe(expected);
      if (expected !== 'signature-invalid') expect(ev.identity).toEqual(belgian);
    });
  }
});
