import { describe, expect, it } from 'vitest';
import { countKinds, fdKind, kindDiff, mallocTotals, sessionsFrom, slope } from '../../../bench/soak-report';

describe("the soak's report", () => {
  it('tells a leak from noise by the trend: a steady growth has its slope, swings around a level have none', () => {
    const leak = Array.from({ length: 90 }, (_, i) => ({ x: i * 10, y: 300 + i * 10 * 0.05 + (i % 2 ? 8 : -8) }));
    expect(slope(leak) * 1000).toBeGreaterThan(45);
    expect(slope(leak) * 1000).toBeLessThan(55);
    const noise = Array.from({ length: 90 }, (_, i) => ({ x: i * 10, y: 300 + (i % 3 === 0 ? 40 : -20) }));
    expect(Math.abs(slope(noise) * 1000)).toBeLessThan(5);
    expect(slope([])).toBe(0);
    expect(slope([{ x: 5, y: 1 }])).toBe(0);
    expect(slope([{ x: 5, y: 1 }, { x: 5, y: 9 }])).toBe(0);
  });

  it('names what each descriptor is, the temporary folder as one name, and diffs the kinds', () => {
    expect(fdKind('socket:[123456]')).toBe('socket');
    expect(fdKind('pipe:[77]')).toBe('pipe');
    expect(fdKind('anon_inode:[eventfd]')).toBe('anon_inode:[eventfd]');
    expect(fdKind('/dev/pts/7')).toBe('/dev/pts');
    expect(fdKind('/dev/null')).toBe('/dev/null');
    expect(fdKind('/tmp/kiosk-soak-Ab12Cd/kiosk.db-wal')).toBe('/tmp/kiosk-soak-*');
    expect(fdKind('/tmp/kiosk-soak-Ab12Cd/printed/r1.png (deleted)')).toBe('/tmp/kiosk-soak-*/printed');
    const before = countKinds(['socket:[1]', 'socket:[2]', 'pipe:[3]', '/dev/null']);
    expect(before).toEqual({ socket: 2, pipe: 1, '/dev/null': 1 });
    expect(kindDiff(before, countKinds(['socket:[1]', 'socket:[2]', 'socket:[9]', '/dev/null', 'anon_inode:[eventfd]']))).toBe('+1 anon_inode:[eventfd], -1 pipe, +1 socket');
    expect(kindDiff(before, before)).toBe('none');
  });

  it('runs 1,000 sessions unless SOAK_SESSIONS says fewer, and refuses a count it cannot use', () => {
    expect(sessionsFrom(undefined)).toBe(1000);
    expect(sessionsFrom('')).toBe(1000);
    expect(sessionsFrom('50')).toBe(50);
    for (const bad of ['abc', '5', '-20', '1e3', '20.5']) expect(() => sessionsFrom(bad), bad).toThrow(/^SOAK_SESSIONS=.* is not a number of sessions/);
  });

  it("sums glibc's arenas: in use is what they took less their free chunks, plus the chunks mapped on their own", () => {
    const arena = (nr: number, free: number, current: number) =>
      `<heap nr="${nr}">\n<sizes>\n  <size from="33" to="33" total="3135" count="95"/>\n</sizes>\n<total type="fast" count="0" size="0"/>\n<total type="rest" count="9" size="${free}"/>\n<system type="current" size="${current}"/>\n<system type="max" size="${current}"/>\n<aspace type="total" size="${current}"/>\n</heap>\n`;
    const xml = `<malloc version="1">\n${arena(0, 70_000, 400_000)}${arena(1, 30_000, 200_000)}<total type="fast" count="4" size="2000"/>\n<total type="rest" count="18" size="100000"/>\n<total type="mmap" count="1" size="1052672"/>\n<system type="current" size="600000"/>\n<system type="max" size="800000"/>\n<aspace type="total" size="600000"/>\n</malloc>\n`;
    expect(mallocTotals(xml)).toEqual({ arenas: 2, systemBytes: 600_000, freeBytes: 102_000, inUseBytes: 600_000 - 102_000 + 1_052_672 });
    expect(() => mallocTotals('gdb: ptrace: Operation not permitted.')).toThrow('not a malloc_info document');
    expect(() => mallocTotals('<malloc version="1">\n<heap nr="0">\n</heap>\n</malloc>')).toThrow('malloc_info has no system type="current"');
  });
});
