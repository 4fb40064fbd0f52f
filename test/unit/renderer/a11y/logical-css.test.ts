import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** Runs scripts/check-logical-css.mjs as `npm run lint:css` does, on a folder of stylesheets. */
function lint(dir: string): { code: number; out: string } {
  try {
    execFileSync(process.execPath, ['scripts/check-logical-css.mjs', dir], { encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, out: '' };
  } catch (err) {
    const e = err as { status: number; stderr: string };
    return { code: e.status, out: e.stderr };
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logical-css-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, css: string) => {
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, name), css);
  return join(dir, name);
};

describe('check-logical-css', () => {
  it('passes logical CSS, and the renderer as it is', () => {
    file(
      'ok.css',
      `.a { margin-inline-start: 4px; padding-block: 2px 4px; inset-inline-end: 0; text-align: start; inline-size: 10px;
        border-inline-start: 1px solid; margin: 0 auto; padding: 1px 2px 3px; border-radius: 4px; --left: 3px; }
       @media (orientation: landscape) { html:lang(ar) { font-size: 2px; } }`,
    );
    expect(lint(dir)).toEqual({ code: 0, out: '' });
    expect(lint('renderer')).toEqual({ code: 0, out: '' });
  });

  it('names file and line of each physical property, keyword and unmirrored shorthand', () => {
    const path = file(
      'sub/bad.css',
      [
        '.a {', //                         1
        '  margin-left: 4px;', //          2
        '  padding-right: 2px;', //        3
        '  border-left: 1px solid;', //    4
        '  left: 0;', //                   5
        '  text-align: right;', //         6
        '  float: left;', //               7
        '  width: 10px;', //               8
        '  margin: 0 1px 0 2px;', //       9
        '  border-radius: 4px 0 0 4px;', // 10
        '  /* top: 0; in a comment is fine */', // 11
        '  top: 0; /* logical-css-ignore: the fixed top edge of a portrait kiosk */', // 12
        '}',
      ].join('\n'),
    );
    const { code, out } = lint(dir);
    expect(code).toBe(1);
    const lines = out.trim().split('\n');
    const at = (n: number) => lines.find((l) => l.startsWith(`${relative(process.cwd(), path)}:${n}:`)) ?? '';
    expect(at(2)).toContain('use margin-inline-start');
    expect(at(3)).toContain('use padding-inline-end');
    expect(at(4)).toContain('use border-inline-start');
    expect(at(5)).toContain('use inset-inline-start');
    expect(at(6)).toContain('text-align: end');
    expect(at(7)).toContain('float: inline-start');
    expect(at(8)).toContain('use inline-size');
    expect(at(9)).toContain('does not mirror');
    expect(at(10)).toContain('does not mirror');
    expect(at(11)).toBe('');
    expect(at(12)).toBe('');
    expect(lines.at(-1)).toContain('9 physical CSS properties');
  });
});
