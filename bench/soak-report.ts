/**
 * The soak's arithmetic, apart from the run so a unit test can hold it: how a growth is told from
 * noise, and what the open file descriptors are. Two snapshots alone say little about a leak:
 * RSS moves by tens of MB as malloc and the GC hand memory back, and a socket the HTTP agents
 * keep alive may be open at one snapshot and not the other. A leak is a trend: the least-squares
 * slope over samples taken all through the run grows with every session, noise does not.
 */

/** Least-squares slope of y over x; 0 with fewer than two distinct x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/**
 * What one /proc/self/fd link points at, as a kind: `socket`, `pipe`, `anon_inode:[eventfd]`, a
 * terminal, or the folder of a file (the soak's temporary data folder is one name, whatever its
 * random suffix), so a diff names what was left open.
 */
export function fdKind(target: string): string {
  const special = /^(socket|pipe):\[\d+\]$/.exec(target);
  if (special) return special[1]!;
  if (target.startsWith('anon_inode:')) return target;
  if (/^\/dev\/pts\/\d+$/.test(target)) return '/dev/pts';
  if (target.startsWith('/dev/')) return target;
  const file = target.replace(/ \(deleted\)$/, '');
  const dir = file.slice(0, file.lastIndexOf('/')) || '/';
  return dir.replace(/\/(kiosk-soak|tmp)-[^/]+/g, '/$1-*');
}

export function countKinds(targets: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of targets) {
    const kind = fdKind(t);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** `+2 socket, -1 pipe`, or `none` when every kind has as many open as before. */
export function kindDiff(before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>): string {
  const kinds = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const parts = kinds.map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)] as const).filter(([, d]) => d !== 0);
  return parts.length ? parts.map(([k, d]) => `${d > 0 ? '+' : ''}${d} ${k}`).join(', ') : 'none';
}

/** SOAK_SESSIONS: how many sessions (default 1,000); at least 10, so a warm-up leaves some to measure. */
export function sessionsFrom(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1000;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 10) throw new RangeError(`SOAK_SESSIONS=${raw.slice(0, 20)} is not a number of sessions: expected a whole number from 10`);
  return Number(raw);
}

export interface MallocTotals {
  arenas: number;
  /** Taken from the system by the arenas (chunks mapped on their own not included). */
  systemBytes: number;
  /** Free in the arenas' bins: kept for reuse, counted in RSS until malloc_trim returns the pages. */
  freeBytes: number;
  /** Held by the program: the arenas less their free chunks, plus the chunks mapped on their own. */
  inUseBytes: number;
}

/**
 * glibc's malloc_info(3) XML summed over every arena (the totals after the last <heap>). RSS mixes
 * live native memory with the free chunks malloc keeps, 16 arenas' worth on two cores; in use is
 * what a native leak grows, free is allocator retention.
 */
export function mallocTotals(xml: string): MallocTotals {
  const end = xml.lastIndexOf('</heap>');
  if (!xml.startsWith('<malloc') || end < 0) throw new Error('not a malloc_info document');
  const summary = xml.slice(end);
  const size = (pattern: string) => {
    const found = new RegExp(`<${pattern}[^>]* size="(\\d+)"`).exec(summary);
    if (!found) throw new Error(`malloc_info has no ${pattern}`);
    return Number(found[1]);
  };
  const systemBytes = size('system type="current"');
  const freeBytes = size('total type="fast"') + size('total type="rest"');
  return { arenas: (xml.match(/<heap nr="/g) ?? []).length, systemBytes, freeBytes, inUseBytes: systemBytes - freeBytes + size('total type="mmap"') };
}
