import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * After the e2e run, writes test/artifacts/screens/index.html: every screenshot, grouped by run
 * (ar, en, offline…), in order, so a reviewer can look at each screen in both languages at once.
 */
const DIR = join('test', 'artifacts', 'screens');

export function teardown(): void {
  if (!existsSync(DIR)) return;
  const shots = readdirSync(DIR).filter((f) => f.endsWith('.png')).sort();
  const groups = new Map<string, string[]>();
  for (const file of shots) {
    const label = file.split('-')[0]!;
    groups.set(label, [...(groups.get(label) ?? []), file]);
  }
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const sections = [...groups]
    .map(
      ([label, files]) =>
        `<h2>${escape(label)}</h2><div class="row">${files
          .map((f) => `<figure><a href="${escape(f)}"><img src="${escape(f)}" loading="lazy"></a><figcaption>${escape(f.replace(/\.png$/, ''))}</figcaption></figure>`)
          .join('')}</div>`,
    )
    .join('\n');
  writeFileSync(
    join(DIR, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>Kiosk screens</title>
<style>body{font:14px system-ui;margin:16px}.row{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;width:270px}img{width:270px;border:1px solid #ccc}figcaption{font-size:12px;color:#444}</style>
<h1>Kiosk screens (${shots.length})</h1>
${sections}\n`,
  );
}
