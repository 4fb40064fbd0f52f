import { createCanvas } from '@napi-rs/canvas';
import { type Bitmap, packRgba } from './raster';

/**
 * The ministry mark printed at the top: our own geometric design (an eight-pointed star, two
 * squares at 45 degrees, inside a double ring), drawn as vectors so it stays crisp at any
 * size and needs no image file. Not an official emblem.
 */
export function drawEmblem(size: number): Bitmap {
  const s = Math.max(24, Math.round(size));
  const canvas = createCanvas(s, s);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, s, s);
  const c = s / 2;
  const line = Math.max(2, Math.round(s / 28));
  ctx.strokeStyle = '#000000';
  ctx.fillStyle = '#000000';

  ctx.lineWidth = line;
  ctx.beginPath();
  ctx.arc(c, c, c - line, 0, Math.PI * 2);
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(c, c, c - line * 3, 0, Math.PI * 2);
  ctx.stroke();

  // Eight-pointed star: filled, with a white square-in-square cut out to keep it light on paper.
  const r = c - line * 5;
  const star = (radius: number) => {
    ctx.beginPath();
    for (let i = 0; i < 16; i++) {
      const angle = (Math.PI / 8) * i - Math.PI / 2;
      const rr = i % 2 === 0 ? radius : radius * 0.76;
      const x = c + rr * Math.cos(angle);
      const y = c + rr * Math.sin(angle);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.closePath();
  };
  star(r);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  star(r * 0.7);
  ctx.fill();
  ctx.fillStyle = '#000000';
  ctx.beginPath();
  ctx.arc(c, c, r * 0.3, 0, Math.PI * 2);
  ctx.fill();

  return packRgba(ctx.getImageData(0, 0, s, s).data, s, s, 128);
}
