import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, Image } from '@napi-rs/canvas';

/**
 * Compares a rendered PNG with a reviewed reference PNG. A pixel differs when its grey level is
 * off by more than `threshold` (anti-aliased edges move a little between font builds; a missing
 * or moved glyph changes hundreds of pixels). On a mismatch the actual image and a diff (red =
 * differing pixels) are written to test/artifacts/receipts/ for a person to look at.
 */
export interface ImageDiff {
  width: number;
  height: number;
  differing: number;
  ratio: number;
}

function gray(png: Buffer): { w: number; h: number; g: Uint8Array } {
  const img = new Image();
  img.src = png;
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, img.width, img.height);
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, img.width, img.height).data;
  const g = new Uint8Array(img.width * img.height);
  for (let i = 0; i < g.length; i++) g[i] = Math.round(0.299 * d[i * 4]! + 0.587 * d[i * 4 + 1]! + 0.114 * d[i * 4 + 2]!);
  return { w: img.width, h: img.height, g };
}

export function compareImages(actual: Buffer, reference: Buffer, name: string, threshold = 64): ImageDiff {
  const a = gray(actual);
  const r = gray(reference);
  const artifacts = join(process.cwd(), 'test', 'artifacts', 'receipts');
  if (a.w !== r.w || a.h !== r.h) {
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, `${name}.actual.png`), actual);
    return { width: a.w, height: a.h, differing: Math.max(a.g.length, r.g.length), ratio: 1 };
  }
  let differing = 0;
  const canvas = createCanvas(a.w, a.h);
  const ctx = canvas.getContext('2d');
  const out = ctx.createImageData(a.w, a.h);
  for (let i = 0; i < a.g.length; i++) {
    const bad = Math.abs(a.g[i]! - r.g[i]!) > threshold;
    if (bad) differing++;
    out.data[i * 4] = bad ? 255 : a.g[i]!;
    out.data[i * 4 + 1] = bad ? 0 : a.g[i]!;
    out.data[i * 4 + 2] = bad ? 0 : a.g[i]!;
    out.data[i * 4 + 3] = 255;
  }
  const result = { width: a.w, height: a.h, differing, ratio: differing / a.g.length };
  if (differing > 0) {
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, `${name}.actual.png`), actual);
    ctx.putImageData(out, 0, 0);
    writeFileSync(join(artifacts, `${name}.diff.png`), canvas.toBuffer('image/png'));
  }
  return result;
}
