import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { encodeBcd, encodeBmp, encodeFrame, encodePan, FrameDecoder, parseStatusInfo, parseStatusCompletion, ZvtError, ZvtFrameError } from '../../../drivers/payment';
import { concatBytes } from '../../../drivers/payment/zvt/bmp';
import { fuzzIt } from '../../support/fuzz';

/**
 * Property-based fuzzing with fast-check over the serial frame decoder and the 04 0F
 * status-information parser: 45,000 generated cases by default, any number with
 * KIOSK_FUZZ_RUNS (test/support/fuzz.ts). A failure prints the seed and the shrunk input, so it
 * can be replayed with fc.assert(..., { seed, path }).
 */

/** Bytes biased toward the framing alphabet (DLE, STX, ETX, ACK, NAK) so the state machine's edges get hit. */
const wireByte = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(0x10, 0x02, 0x03, 0x06, 0x15) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) });
const wire = fc.array(wireByte, { maxLength: 200 }).map((a) => Uint8Array.from(a));
const cuts = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 });

function feed(dec: FrameDecoder, data: Uint8Array, sizes: number[]) {
  const events = [];
  let i = 0;
  for (let k = 0; i < data.length; k++) {
    const n = sizes[k % sizes.length]!;
    events.push(...dec.push(data.subarray(i, i + n)));
    i += n;
  }
  return events;
}

describe('fuzz: serial frame decoder', () => {
  fuzzIt('random streams in random chunks: no throw, typed errors, bounded buffer, only CRC-valid frames', 10_000, (numRuns) => {
    const max = 64;
    fc.assert(
      fc.property(wire, cuts, (data, sizes) => {
        const dec = new FrameDecoder({ maxApduBytes: max });
        for (const ev of feed(dec, data, sizes)) {
          if (ev.type === 'error') expect(ev.error).toBeInstanceOf(ZvtFrameError);
          if (ev.type === 'frame') {
            expect(ev.apdu.length).toBeLessThanOrEqual(max);
            expect(new FrameDecoder().push(encodeFrame(ev.apdu))).toEqual([{ type: 'frame', apdu: ev.apdu }]);
          }
        }
        expect(dec.bufferedBytes).toBeLessThanOrEqual(max);
      }),
      { numRuns },
    );
  });

  fuzzIt('valid frames with ACK/NAK bytes between them, split anywhere: every frame comes out once, in order', 5_000, (numRuns) => {
    const apdu = fc.uint8Array({ minLength: 3, maxLength: 60 });
    const between = fc.constantFrom<number[]>([], [0x06], [0x15], [0x06, 0x15]);
    fc.assert(
      fc.property(fc.array(fc.tuple(apdu, between), { minLength: 1, maxLength: 5 }), cuts, (items, sizes) => {
        const stream = concatBytes(...items.flatMap(([a, b]) => [encodeFrame(a), Uint8Array.from(b)]));
        const frames = feed(new FrameDecoder(), stream, sizes).filter((e) => e.type === 'frame');
        expect(frames).toEqual(items.map(([a]) => ({ type: 'frame', apdu: a })));
      }),
      { numRuns },
    );
  });
});

describe('fuzz: status-information parser (04 0F)', () => {
  fuzzIt('random data: parses or throws a ZvtError, nothing else', 20_000, (numRuns) => {
    const start = fc.constantFrom(0x27, 0x04, 0x0b, 0x22, 0x06, 0x8b, 0x87, 0x3c);
    fc.assert(
      fc.property(start, fc.uint8Array({ maxLength: 120 }), fc.boolean(), (first, rest, lead) => {
        const data = lead ? concatBytes(Uint8Array.of(first), rest) : rest;
        try {
          parseStatusInfo(data);
          parseStatusCompletion(data);
        } catch (err) {
          expect(err).toBeInstanceOf(ZvtError);
        }
      }),
      { numRuns },
    );
  });

  fuzzIt('well-formed status messages in any field order: every value read back exactly', 10_000, (numRuns) => {
    const fields = fc.record({
      resultCode: fc.integer({ min: 0, max: 255 }),
      amountCents: fc.integer({ min: 0, max: 999_999_999_999 }),
      trace: fc.integer({ min: 0, max: 999_999 }),
      receiptNo: fc.integer({ min: 0, max: 9999 }),
      terminalId: fc.stringMatching(/^\d{8}$/),
      last4: fc.stringMatching(/^\d{4}$/),
      masked: fc.integer({ min: 8, max: 15 }),
      cardType: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(fields, fc.array(fc.nat(), { minLength: 7, maxLength: 7 }), (f, order) => {
        const pan = `${'*'.repeat(f.masked)}${f.last4}`;
        const parts = [
          encodeBmp(0x27, Uint8Array.of(f.resultCode)),
          encodeBmp(0x04, encodeBcd(f.amountCents, 6)),
          encodeBmp(0x0b, encodeBcd(f.trace, 3)),
          encodeBmp(0x87, encodeBcd(f.receiptNo, 2)),
          encodeBmp(0x29, encodeBcd(f.terminalId, 4)),
          encodeBmp(0x22, encodePan(pan)),
          encodeBmp(0x8a, Uint8Array.of(f.cardType)),
        ];
        const shuffled = parts.map((p, i) => [order[i]!, p] as const).sort((a, b) => a[0] - b[0]).map(([, p]) => p);
        const info = parseStatusInfo(concatBytes(...shuffled));
        expect(info).toMatchObject({ resultCode: f.resultCode, amountCents: f.amountCents, trace: f.trace, receiptNo: f.receiptNo, terminalId: f.terminalId, cardType: f.cardType });
        expect(info.panMasked?.slice(-4)).toBe(f.last4);
      }),
      { numRuns },
    );
  });
});
