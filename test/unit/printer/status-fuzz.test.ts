import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { asbBytes, parseAsb, StatusStream } from '../../../drivers/printer/asb';
import { statusByte } from '../../../drivers/printer/status';
import type { PrinterStatus } from '../../../drivers/printer';
import { fuzzIt } from '../../support/fuzz';

const statusArb: fc.Arbitrary<PrinterStatus> = fc.record({
  online: fc.boolean(),
  coverOpen: fc.boolean(),
  paperOut: fc.boolean(),
  paperNearEnd: fc.boolean(),
  error: fc.boolean(),
}).map((s) => ({ ...s, online: s.online && !s.coverOpen && !s.paperOut && !s.error, paperNearEnd: s.paperNearEnd || s.paperOut }));

describe('status back channel, fuzzed', () => {
  fuzzIt('never throws on arbitrary bytes in arbitrary chunks', 100, (numRuns) => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), (chunks) => {
        const s = new StatusStream();
        for (const c of chunks) s.push(c);
      }),
      { numRuns },
    );
  });

  fuzzIt('replies and ASB blocks interleaved with XON/XOFF come out in order, however the line chunks them', 100, (numRuns) => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ asb: statusArb }), fc.record({ reply: fc.tuple(fc.constantFrom(1, 2, 3, 4), statusArb) })), { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        (messages, cuts, flow) => {
          const bytes: number[] = [];
          const expected: unknown[] = [];
          for (const m of messages) {
            if ('asb' in m) {
              const b = [...asbBytes(m.asb)];
              // XON may land inside the 4 bytes; it must be skipped, not break the block.
              if (flow) b.splice(2, 0, 0x11);
              bytes.push(...b);
              expected.push({ kind: 'asb', status: m.asb });
            } else {
              const byte = statusByte(m.reply[0] as 1 | 2 | 3 | 4, m.reply[1]);
              bytes.push(byte);
              expected.push({ kind: 'reply', byte });
            }
          }
          const s = new StatusStream();
          const got: unknown[] = [];
          let at = 0;
          let i = 0;
          while (at < bytes.length) {
            const n = cuts[i++ % cuts.length]!;
            for (const msg of s.push(Uint8Array.from(bytes.slice(at, at + n)))) {
              got.push(msg.kind === 'asb' ? { kind: 'asb', status: parseAsb(msg.bytes) } : msg);
            }
            at += n;
          }
          expect(got).toEqual(expected);
        },
      ),
      { numRuns },
    );
  });
});
