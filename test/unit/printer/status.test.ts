import { describe, expect, it } from 'vitest';
import { isStatusReply, parseStatus, statusByte, type PrinterStatus } from '../../../drivers/printer';

describe('DLE EOT status bytes', () => {
  it('recognises the 0xx1xx10 reply pattern and skips XON/XOFF', () => {
    for (const b of [0x12, 0x16, 0x1e, 0x32, 0x72, 0x7e]) expect(isStatusReply(b)).toBe(true);
    for (const b of [0x11, 0x13, 0x00, 0x10, 0x92, 0x02, 0x14]) expect(isStatusReply(b)).toBe(false);
  });

  it('reads the fixed values python-escpos checks: 0x12 online/paper ok, 0x1e near end, 0x72 out', () => {
    expect(parseStatus({ printer: 0x12, offlineCause: 0x12, paper: 0x12 })).toEqual({
      online: true,
      coverOpen: false,
      paperOut: false,
      paperNearEnd: false,
      error: false,
    });
    expect(parseStatus({ printer: 0x12, offlineCause: 0x12, paper: 0x1e }).paperNearEnd).toBe(true);
    const out = parseStatus({ printer: 0x1a, offlineCause: 0x32, paper: 0x72 });
    expect(out).toMatchObject({ online: false, paperOut: true });
  });

  it('reads cover open, offline and error bits', () => {
    expect(parseStatus({ printer: 0x1a, offlineCause: 0x16, paper: 0x12 })).toMatchObject({ online: false, coverOpen: true, paperOut: false });
    expect(parseStatus({ printer: 0x12, offlineCause: 0x52, paper: 0x12 }).error).toBe(true);
    expect(parseStatus({ printer: 0x12, offlineCause: 0x12, paper: 0x12, errorCause: 0x1a }).error).toBe(true);
  });

  it('the simulator encoding round-trips through the parser', () => {
    const states: PrinterStatus[] = [
      { online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: false },
      { online: false, coverOpen: true, paperOut: false, paperNearEnd: false, error: false },
      { online: false, coverOpen: false, paperOut: true, paperNearEnd: true, error: false },
      { online: true, coverOpen: false, paperOut: false, paperNearEnd: true, error: false },
      { online: false, coverOpen: false, paperOut: false, paperNearEnd: false, error: true },
    ];
    for (const s of states) {
      const replies = { printer: statusByte(1, s), offlineCause: statusByte(2, s), paper: statusByte(4, s), errorCause: statusByte(3, s) };
      for (const b of Object.values(replies)) expect(isStatusReply(b)).toBe(true);
      expect(parseStatus(replies)).toEqual(s);
    }
    expect(statusByte(4, states[2]!)).toBe(0x7e);
  });
});
