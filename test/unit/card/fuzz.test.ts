import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { parseCommandApdu, parseResponseApdu } from '../../../drivers/card/apdu';
import { decodeIdentity, encodeCardFiles } from '../../../drivers/card/decode';
import { CardError } from '../../../drivers/card/errors';
import { Identity } from '../../../drivers/card/identity';
import { builtInProfiles, belpicProfile, ministryProfile } from '../../../drivers/card/profiles';
import { readIdentity } from '../../../drivers/card/read-identity';
import { CardOs } from '../../../drivers/card/sim/card-os';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import { parseSimpleTlv } from '../../../drivers/card/tlv';
import demo from '../../../drivers/card/sim/demo-identity.json';
import type { ApduTransport } from '../../../drivers/card/transmit';
import { fuzzIt } from '../../support/fuzz';

/**
 * Malformed card answers must end in a CardError (a code the session can show), never in a
 * TypeError, a RangeError, a hang or a half-valid identity. Together these properties run
 * 67,500 generated cases by default, any number with KIOSK_FUZZ_RUNS (test/support/fuzz.ts).
 */
const identity = Identity.parse(demo);

/** Runs `fn`, returning the error it threw; fails the property when that is not a CardError. */
function typedOnly<T>(fn: () => T): T | CardError {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CardError) return err;
    throw err;
  }
}

const bytes = (max: number) => fc.uint8Array({ minLength: 0, maxLength: max });

describe('fuzz: TLV and response parsing', () => {
  fuzzIt('parseSimpleTlv on arbitrary bytes: elements that fit in the input, or malformed-data', 20_000, (numRuns) => {
    fc.assert(
      fc.property(bytes(300), (input) => {
        const out = typedOnly(() => parseSimpleTlv(input));
        if (out instanceof CardError) {
          expect(out.code).toBe('malformed-data');
          return;
        }
        // Each element took at least a tag byte, a length byte and its value from the input.
        const used = out.reduce((n, el) => n + 2 + el.value.length, 0);
        expect(used).toBeLessThanOrEqual(input.length);
      }),
      { numRuns },
    );
  });
  fuzzIt('parseResponseApdu: data + SW for 2+ bytes, malformed-data below', 10_000, (numRuns) => {
    fc.assert(
      fc.property(bytes(300), (input) => {
        const out = typedOnly(() => parseResponseApdu(input));
        if (out instanceof CardError) expect(input.length).toBeLessThan(2);
        else expect(out.data.length).toBe(input.length - 2);
      }),
      { numRuns },
    );
  });
});

describe('fuzz: card files into identities', () => {
  const mutate = (file: Uint8Array) =>
    fc
      .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })
      .map((edits) => {
        let out = Array.from(file);
        for (const [pos, kind, value] of edits) {
          const at = out.length === 0 ? 0 : pos % out.length;
          if (kind === 0) out[at] = value; // flip a byte
          else if (kind === 1) out = out.slice(0, at); // truncate
          else if (kind === 2) out.splice(at, 0, value); // insert
          else out.splice(at, 1); // delete
        }
        return Uint8Array.from(out);
      });
  for (const profile of [ministryProfile, belpicProfile]) {
    const files = encodeCardFiles(profile, { ...identity, profile: profile.name });
    fuzzIt(`${profile.name}: mutated files give a schema-valid identity or malformed-data`, 10_000, (numRuns) => {
      fc.assert(
        fc.property(mutate(files.identity!), (broken) => {
          const out = typedOnly(() => decodeIdentity(profile, { ...files, identity: broken }));
          if (out instanceof CardError) expect(out.code).toBe('malformed-data');
          else expect(Identity.safeParse(out).success).toBe(true);
        }),
        { numRuns },
      );
    });
  }
});

/** A card that answers each command with whatever the generator chose. */
class RandomCard implements ApduTransport {
  private i = 0;
  constructor(private readonly answers: Uint8Array[]) {}
  async transmit(): Promise<Uint8Array> {
    // Past the script the card keeps saying "more data" — the reader must still stop.
    return this.answers[this.i++] ?? Uint8Array.of(0x61, 0x10);
  }
}

const statusWord = fc.oneof(
  fc.constantFrom(0x9000, 0x6282, 0x6b00, 0x6a82, 0x6982, 0x6983, 0x6700, 0x6d00, 0x6100, 0x6110, 0x6c00, 0x6c05, 0x63c2, 0x6581),
  fc.integer({ min: 0, max: 0xffff }),
);
const answer = fc.tuple(bytes(260), statusWord).map(([data, sw]) => Uint8Array.from([...data, sw >> 8, sw & 0xff]));
const garbage = fc.oneof(answer, bytes(3));

describe('fuzz: the whole read against a card that answers garbage', () => {
  fuzzIt('readIdentity resolves with a valid identity or rejects with a CardError', 10_000, async (numRuns) => {
    await fc.assert(
      fc.asyncProperty(fc.array(garbage, { minLength: 0, maxLength: 12 }), fc.constantFrom(...builtInProfiles.map((p) => p.name)), async (answers, first) => {
        const profiles = [...builtInProfiles].sort((a) => (a.name === first ? -1 : 1));
        try {
          const { identity: got } = await readIdentity(new RandomCard(answers), profiles, new Uint8Array(0), {
            onPin: async () => {
              throw new CardError('pin-cancelled', 'no PIN in this test');
            },
          });
          expect(Identity.safeParse(got).success).toBe(true);
        } catch (err) {
          if (!(err instanceof CardError)) throw err;
        }
      }),
      { numRuns },
    );
  });
  fuzzIt('the simulated card OS answers any command bytes with a status word and never throws', 7_500, (numRuns) => {
    const oses = [new CardOs(ministryCardImage(identity, { pin: { value: '1234', tries: 15 } })), new CardOs(belpicCardImage({ ...identity, profile: 'belpic' }))];
    fc.assert(
      fc.property(bytes(270), fc.boolean(), (cmd, which) => {
        const res = oses[which ? 1 : 0]!.handle(cmd);
        expect(res.length).toBeGreaterThanOrEqual(2);
        const parsed = typedOnly(() => parseCommandApdu(cmd));
        if (parsed instanceof CardError) expect(['wrong-length', 'malformed-data']).toContain(parsed.code);
      }),
      { numRuns },
    );
  });
});
