import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

/** Builds the production renderer into a temp dir and checks what the shells will load. */
let out: string;
let html: string;
let js: string;
let css: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'renderer-build-'));
  // Vitest runs with NODE_ENV=test, which would give a development build (dev React, DEV=true).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'renderer/vite.config.ts', mode: 'production', logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  html = readFileSync(join(out, 'index.html'), 'utf8');
  const assets = readdirSync(join(out, 'assets'));
  const read = (ext: string) => assets.filter((f) => f.endsWith(ext)).map((f) => readFileSync(join(out, 'assets', f), 'utf8')).join('\n');
  js = read('.js');
  css = read('.css');
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('production renderer build', () => {
  it('carries a strict CSP and no inline script', () => {
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self'/);
    expect(html).not.toMatch(/unsafe-inline|unsafe-eval/);
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
      expect(tag).toMatch(/src="\.\/assets\/[^"]+\.js"/);
      expect(tag.replace(/<script\b[^>]*>/, '').replace('</script>', '').trim()).toBe('');
    }
  });

  it('loads everything by relative URL, from itself only', () => {
    expect(html).not.toMatch(/(src|href)="\//);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(css).not.toMatch(/url\((["']?)(https?:|\/\/|data:)/);
    expect(css).toMatch(/url\(\.\/noto-naskh-arabic-arabic-400-normal-[\w-]+\.woff2\)/);
  });

  it('leaves the dev preview and its made-up people out', () => {
    // Booleans, not toContain: a failure would otherwise print the whole bundle.
    expect(js.includes('K7-20251128-0042')).toBe(false);
    expect(js.includes('Al-Kuwari')).toBe(false);
    expect(js.includes('createPreviewBridge')).toBe(false);
    expect(js.includes('react-stack-top-frame')).toBe(false); // development React
  });

  it('keeps the JavaScript small enough for a kiosk to start fast', () => {
    const gzipped = gzipSync(js).length;
    console.log(`renderer JS: ${js.length} bytes, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThan(130 * 1024);
  });
});
