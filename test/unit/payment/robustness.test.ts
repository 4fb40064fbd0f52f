import { describe, expect, it } from 'vitest';
import {
  decodeApdu,
  decodeBmps,
  encodeFrame,
  FrameDecoder,
  parseIntermediateStatus,
  parsePrintLine,
  parseStatusInfo,
  parseTextBlock,
  ZvtError,
  ZvtFrameError,
} from '../../../drivers/payment';
import { fuzzIt } from '../../support/fuzz';

/** Small deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random bytes biased toward the framing bytes so the state machine's edges get exercised. */
function randomStream(r: () => number, len: number): Uint8Array {
  const special = [0x10, 0x02, 0x03, 0x06, 0x15];
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = r() < 0.4 ? special[Math.floor(r() * special.length)]! : Math.floor(r() * 256);
  return out;
}

function mutatedFrames(r: () => number): Uint8Array {
  const parts: number[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const apdu = randomStream(r, 3 + Math.floor(r() * 40));
    const frame = Array.from(encodeFrame(apdu));
    if (r() < 0.5) frame[Math.floor(r() * frame.length)] = Math.floor(r() * 256);
    if (r() < 0.2) frame.splice(Math.floor(r() * frame.length), 1);
    parts.push(...frame);
    if (r() < 0.3) parts.push(r() < 0.5 ? 0x06 : 0x15);
  }
  return Uint8Array.from(parts);
}

describe('frame decoder robustness (generated input)', () => {
  fuzzIt('random streams: no throw, only typed errors, bounded buffer, only CRC-valid frames', 2_500, (runs) => {
    const max = 64;
    let frames = 0;
    let errors = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const r = rng(seed);
      const dec = new FrameDecoder({ maxApduBytes: max });
      const stream = seed % 2 ? randomStream(r, Math.floor(r() * 300)) : mutatedFrames(r);
      let i = 0;
      while (i < stream.length) {
        const n = 1 + Math.floor(r() * 17);
        const events = dec.push(stream.subarray(i, i + n));
        i += n;
        expect(dec.bufferedBytes, `seed ${seed}`).toBeLessThanOrEqual(max);
        for (const ev of events) {
          if (ev.type === 'error') {
            expect(ev.error, `seed ${seed}`).toBeInstanceOf(ZvtFrameError);
            errors++;
          }
          if (ev.type === 'frame') {
            frames++;
            expect(ev.apdu.length).toBeLessThanOrEqual(max);
            // A delivered frame must re-encode to a frame the decoder accepts again.
            expect(new FrameDecoder().push(encodeFrame(ev.apdu))).toEqual([{ type: 'frame', apdu: ev.apdu }]);
          }
        }
      }
    }
    // About half the streams are damaged frames: both outcomes must be common, not a corner.
    expect(frames).toBeGreaterThan(runs / 5);
    expect(errors).toBeGreaterThan(runs / 5);
  });

  it('the same stream gives the same events however it is chunked', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed * 7919);
      const stream = mutatedFrames(r);
      const whole = new FrameDecoder().push(stream);
      const dec = new FrameDecoder();
      const bytewise = Array.from(stream).flatMap((b) => dec.push(Uint8Array.of(b)));
      expect(bytewise.map((e) => e.type)).toEqual(whole.map((e) => e.type));
    }
  });
});

describe('message parsers robustness (generated input)', () => {
  fuzzIt('random data either parses or throws a ZvtError, never anything else', 3_000, (runs) => {
    const parsers: ((d: Uint8Array) => unknown)[] = [decodeApdu, decodeBmps, parseStatusInfo, parseIntermediateStatus, parsePrintLine, parseTextBlock];
    for (let seed = 1; seed <= runs; seed++) {
      const r = rng(seed + 100_000);
      const data = randomStream(r, Math.floor(r() * 80));
      // Start some inputs with a plausible BMP so parsing gets past the first byte.
      if (seed % 3 === 0 && data.length > 0) data[0] = [0x27, 0x04, 0x22, 0x06, 0x8b][seed % 5]!;
      for (const parse of parsers) {
        try {
          parse(data);
        } catch (err) {
          expect(err, `seed ${seed} ${parse.name}`).toBeInstanceOf(ZvtError);
        }
      }
    }
  });
});
