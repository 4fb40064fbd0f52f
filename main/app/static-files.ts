import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

/**
 * The renderer's files as both shells serve them (app:// in Electron, HTTP in the browser host):
 * one content-type table and one rule that a request never leaves the renderer's folder.
 */
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

export type StaticFile = { status: 200; body: Buffer; contentType: string } | { status: 403 | 404 };

/** Reads `pathname` (already URL-decoded) under `root`; `/` is index.html. */
export async function readStaticFile(root: string, pathname: string): Promise<StaticFile> {
  const base = resolve(root);
  const file = normalize(join(base, pathname === '/' ? 'index.html' : pathname));
  if (!file.startsWith(base + sep)) return { status: 403 };
  try {
    return { status: 200, body: await readFile(file), contentType: MIME[extname(file)] ?? 'application/octet-stream' };
  } catch {
    return { status: 404 };
  }
}
