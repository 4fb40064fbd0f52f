import { describe, expect, it } from 'vitest';
import { crc16Kermit, decodeApdu, encodeApdu, encodeFrame, FrameDecoder, type FrameEvent, ZvtFrameError } from '../../../drivers/payment';
import { FRAME_FIXTURES, h } from './fixtures';

const text = (s: string) => new TextEncoder().encode(s);
const frames = (events: FrameEvent[]) => events.filter((e) => e.type === 'frame').map((e) => (e.type === 'frame' ? Array.from(e.apdu) : []));

describe('CRC-16/KERMIT', () => {
  it('has the catalogue check value 0x2189 for "123456789"', () => {
    expect(crc16Kermit(text('123456789'))).toBe(0x2189);
  });
  it('is not CRC-16/XMODEM (0x31C3), the classic mix-up', () => {
    expect(crc16Kermit(text('123456789'))).not.toBe(0x31c3);
  });
  it('gives 0x53DE over the 1.50 EUR authorization plus ETX', () => {
    expect(crc16Kermit(h('06 01 0A 04 00 00 00 00 01 50 49 09 78 03'))).toBe(0x53de);
  });
});

describe('frame encoder', () => {
  for (const f of FRAME_FIXTURES) {
    it(`encodes ${f.name} byte for byte`, () => {
      expect(Array.from(encodeFrame(h(f.apdu)))).toEqual(Array.from(h(f.frame)));
    });
  }
});

describe('frame decoder', () => {
  for (const f of FRAME_FIXTURES) {
    it(`decodes ${f.name} fed byte by byte`, () => {
      const dec = new FrameDecoder();
      const events = Array.from(h(f.frame)).flatMap((b) => dec.push(Uint8Array.of(b)));
      expect(events).toHaveLength(1);
      expect(frames(events)).toEqual([Array.from(h(f.apdu))]);
      expect(dec.midFrame).toBe(false);
    });
  }

  it('decodes every fixture from one merged chunk, with ACK and NAK bytes in between', () => {
    const parts: number[] = [];
    for (const f of FRAME_FIXTURES) parts.push(0x06, ...h(f.frame), 0x15);
    const events = new FrameDecoder().push(Uint8Array.from(parts));
    expect(events.filter((e) => e.type === 'ack')).toHaveLength(FRAME_FIXTURES.length);
    expect(events.filter((e) => e.type === 'nak')).toHaveLength(FRAME_FIXTURES.length);
    expect(frames(events)).toEqual(FRAME_FIXTURES.map((f) => Array.from(h(f.apdu))));
    expect(events.map((e) => e.type).slice(0, 3)).toEqual(['ack', 'frame', 'nak']);
  });

  it('handles a frame split at every possible point, including between DLE and its pair', () => {
    const frame = h('10 02 06 01 07 04 00 00 00 00 10 10 00 10 03 62 91');
    for (let cut = 1; cut < frame.length; cut++) {
      const dec = new FrameDecoder();
      const events = [...dec.push(frame.subarray(0, cut)), ...dec.push(frame.subarray(cut))];
      expect(frames(events), `cut at ${cut}`).toEqual([Array.from(h('06 01 07 04 00 00 00 00 10 00'))]);
    }
  });

  it('reads the two CRC bytes raw even when the CRC contains a DLE', () => {
    const events = new FrameDecoder().push(h('10 02 05 01 00 10 03 10 06 06'));
    expect(events.map((e) => e.type)).toEqual(['frame', 'ack']);
  });

  it('reports a bad CRC as a typed error and keeps decoding', () => {
    const bad = h('10 02 80 00 00 10 03 F5 1E');
    const good = h('10 02 80 00 00 10 03 F5 1F');
    const events = new FrameDecoder().push(Uint8Array.from([...bad, ...good]));
    expect(events[0]?.type).toBe('error');
    const err = events[0]?.type === 'error' ? events[0].error : undefined;
    expect(err).toBeInstanceOf(ZvtFrameError);
    expect(err?.code).toBe('bad-crc');
    expect(frames(events)).toEqual([[0x80, 0x00, 0x00]]);
  });

  it('reports a stray DLE inside a frame', () => {
    const events = new FrameDecoder().push(h('10 02 80 10 41 00 10 03 00 00'));
    expect(events[0]).toMatchObject({ type: 'error', error: { code: 'stray-dle' } });
  });

  it('restarts on DLE STX inside a frame (sender began again)', () => {
    const events = new FrameDecoder().push(h('10 02 06 01 10 02 80 00 00 10 03 F5 1F'));
    expect(events.map((e) => (e.type === 'error' ? e.error.code : e.type))).toEqual(['stray-dle', 'frame']);
    expect(frames(events)).toEqual([[0x80, 0x00, 0x00]]);
  });

  it('drops noise between frames with one garbage report per run', () => {
    const events = new FrameDecoder().push(h('41 42 43 44 10 02 80 00 00 10 03 F5 1F'));
    expect(events.map((e) => (e.type === 'error' ? e.error.code : e.type))).toEqual(['garbage', 'frame']);
  });

  it('bounds its buffer: an oversize frame is discarded up to its end', () => {
    const dec = new FrameDecoder({ maxApduBytes: 16 });
    const big = encodeFrame(new Uint8Array(40).fill(0x10));
    const events = dec.push(Uint8Array.from([...big, ...h('10 02 80 00 00 10 03 F5 1F')]));
    expect(events.map((e) => (e.type === 'error' ? e.error.code : e.type))).toEqual(['oversize', 'frame']);
    expect(dec.bufferedBytes).toBe(0);
  });

  it('reset() drops a partial frame', () => {
    const dec = new FrameDecoder();
    dec.push(h('10 02 06 01'));
    expect(dec.midFrame).toBe(true);
    dec.reset();
    expect(frames(dec.push(h('10 02 80 00 00 10 03 F5 1F')))).toEqual([[0x80, 0x00, 0x00]]);
  });
});

describe('APDU', () => {
  it('uses FF lo hi for data longer than 254 bytes', () => {
    const data = new Uint8Array(995).fill(0x20);
    const bytes = encodeApdu({ cls: 0x06, instr: 0xd3, data });
    expect(Array.from(bytes.subarray(0, 5))).toEqual([0x06, 0xd3, 0xff, 0xe3, 0x03]);
    expect(decodeApdu(bytes).data).toHaveLength(995);
  });
  it('keeps 254 data bytes in a one-byte length', () => {
    expect(encodeApdu({ cls: 0x06, instr: 0xd3, data: new Uint8Array(254) })[2]).toBe(0xfe);
    expect(encodeApdu({ cls: 0x06, instr: 0xd3, data: new Uint8Array(255) })[2]).toBe(0xff);
  });
  it('rejects a length field that disagrees with the frame', () => {
    expect(() => decodeApdu(h('06 01 05 04 00'))).toThrowError(expect.objectContaining({ code: 'bad-apdu' }));
    expect(() => decodeApdu(h('06 01'))).toThrowError(expect.objectContaining({ code: 'bad-apdu' }));
  });
});
