/**
 * `npm run bench [name…]`: runs every bench/*.bench.ts (or the named ones) one after another and
 * prints, per benchmark, a table of the kiosk's figure beside its baseline with the ratio and
 * the goal. Writes test/artifacts/bench.json for the record.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bench, BenchResult, BenchRow } from '../bench/types';

const dir = join(process.cwd(), 'bench');
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

const fmt = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) ? '–' : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);

function ratio(row: BenchRow): string {
  if (row.baseline === undefined || row.value === 0 || row.baseline === 0) return '–';
  const r = row.better === 'lower' ? row.baseline / row.value : row.value / row.baseline;
  return `${r.toFixed(1)}× ${r >= 1 ? 'better' : 'worse'}`;
}

function goal(row: BenchRow): string {
  if (row.goal === undefined) return '';
  const met = row.better === 'lower' ? row.value <= row.goal : row.value >= row.goal;
  return `${row.better === 'lower' ? '≤' : '≥'} ${fmt(row.goal)} ${met ? 'met' : 'MISSED'}`;
}

function table(result: BenchResult): string {
  const head = ['metric', 'kiosk', 'baseline', 'unit', 'ratio', 'goal'];
  const rows = result.rows.map((r) => [r.metric, fmt(r.value), fmt(r.baseline), r.unit, ratio(r), goal(r)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const results: (BenchResult & { name: string })[] = [];
let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: Bench };
  const bench = mod.default;
  process.stdout.write(`\n## ${bench.name}\n`);
  try {
    const result = await bench.run();
    results.push({ name: bench.name, ...result });
    process.stdout.write(`${result.title}${result.baseline ? ` — baseline: ${result.baseline}` : ''}\n\n${table(result)}\n`);
    for (const note of result.notes ?? []) process.stdout.write(`- ${note}\n`);
  } catch (err) {
    failed = true;
    process.stdout.write(`failed: ${(err as Error).message}\n`);
  }
}
mkdirSync('test/artifacts', { recursive: true });
writeFileSync('test/artifacts/bench.json', JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
if (files.length === 0) process.stdout.write('no benchmarks matched\n');
process.exit(failed ? 1 : 0);
