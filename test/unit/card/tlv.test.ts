import { describe, expect, it } from 'vitest';
import { encodeSimpleTlv, parseSimpleTlv } from '../../../drivers/card/tlv';
import { bytes, h } from './helpers';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('parseSimpleTlv', () => {
  it('reads 1-byte tags with 1-byte lengths, version tag 00 first', () => {
    const file = bytes(h('00 01 01'), h('02 02'), '12', h('07 07'), 'Peeters');
    const els = parseSimpleTlv(file);
    expect(els.map((e) => e.tag)).toEqual([0x00, 0x02, 0x07]);
    expect(text(els[2]!.value)).toBe('Peeters');
  });
  it('stops at 00 padding after the first element', () => {
    const file = bytes(h('00 01 01'), h('01 03'), 'abc', h('00 00 00 00 00 00'));
    expect(parseSimpleTlv(file).map((e) => e.tag)).toEqual([0x00, 0x01]);
  });
  it('an all-zero file (blank card) yields only the empty version element', () => {
    expect(parseSimpleTlv(new Uint8Array(16))).toEqual([{ tag: 0, value: new Uint8Array(0) }]);
  });
  it('accepts an empty value', () => {
    expect(parseSimpleTlv(h('00 01 01 09 00 0A 01 41')).map((e) => [e.tag, e.value.length])).toEqual([
      [0, 1],
      [9, 0],
      [10, 1],
    ]);
  });
  it('reads multi-byte lengths in 7-bit groups (81 00 = 128)', () => {
    const value = new Uint8Array(128).fill(0x41);
    const els = parseSimpleTlv(bytes(h('11 81 00'), value, h('12 01 42')));
    expect(els[0]!.value.length).toBe(128);
    expect(els[1]).toEqual({ tag: 0x12, value: h('42') });
  });
  it('truncated value is malformed-data', () => {
    expect(() => parseSimpleTlv(bytes(h('00 01 01 07 09'), 'Peet'))).toThrow(expect.objectContaining({ code: 'malformed-data' }));
  });
  it('a tag with no length byte is malformed-data', () => {
    expect(() => parseSimpleTlv(h('00 01 01 07'))).toThrow(/no length/);
  });
  it('a length whose continuation byte is missing is malformed-data', () => {
    expect(() => parseSimpleTlv(h('00 01 01 07 81'))).toThrow(/inside the length/);
  });
  it('an absurdly long length field is malformed-data', () => {
    expect(() => parseSimpleTlv(h('07 81 81 81 81 01'))).toThrow(/too long/);
  });
});

describe('encodeSimpleTlv', () => {
  it('writes lengths of 128 and more in 7-bit groups and reads back', () => {
    const els = [
      { tag: 0, value: h('01') },
      { tag: 1, value: new Uint8Array(127) },
      { tag: 2, value: new Uint8Array(128).fill(7) },
      { tag: 3, value: new Uint8Array(300).fill(9) },
    ];
    const enc = encodeSimpleTlv(els);
    expect(Array.from(enc.subarray(0, 5))).toEqual([0x00, 0x01, 0x01, 0x01, 0x7f]);
    expect(Array.from(enc.subarray(3 + 2 + 127, 3 + 2 + 127 + 3))).toEqual([0x02, 0x81, 0x00]);
    expect(parseSimpleTlv(enc)).toEqual(els);
  });
});
