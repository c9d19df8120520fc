// Draws Mend's Teams icons (a speech bubble holding a heart) and writes them as PNGs with a tiny
// encoder on node:zlib, so they can be regenerated anywhere with no image tools or services:
//   appPackage/color.png   192x192, full colour
//   appPackage/outline.png  32x32, white on transparent (what Teams asks of outline icons)
// Run: npm run icons:teams
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Raster } from '../src/render/png.js';

type Rgba = [number, number, number, number];
type Shape = (x: number, y: number) => boolean;

const ACCENT: Rgba = [0x0b, 0x5d, 0x57, 255];
const WHITE: Rgba = [255, 255, 255, 255];

// ---- PNG encoding (Mend's own encoder, shared with the progress chart) ----------------------
/** An 8-bit RGBA PNG from a function giving each pixel. */
function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raster = new Raster(width, height, [0, 0, 0, 0]);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) raster.pixels.set(pixel(x, y), (y * width + x) * 4);
  return raster.toPng();
}

// ---- Shapes, in a unit square ---------------------------------------------------------------
function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
  };
}

function triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape {
  const side = (px: number, py: number, qx: number, qy: number, x: number, y: number): number => (qx - px) * (y - py) - (qy - py) * (x - px);
  return (x, y) => {
    const d1 = side(ax, ay, bx, by, x, y);
    const d2 = side(bx, by, cx, cy, x, y);
    const d3 = side(cx, cy, ax, ay, x, y);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
}

function circle(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));

/** The shape's edge band of width w: inside it, but not everywhere within w of the point. */
function outline(shape: Shape, w: number): Shape {
  const ring = Array.from({ length: 24 }, (_, i) => [Math.cos((i * Math.PI) / 12) * w, Math.sin((i * Math.PI) / 12) * w] as const);
  return (x, y) => shape(x, y) && ring.some(([dx, dy]) => !shape(x + dx, y + dy));
}

const bubble = union(roundedRect(0.16, 0.18, 0.84, 0.68, 0.14), triangle(0.26, 0.5, 0.46, 0.5, 0.2, 0.86));
const heart = union(circle(0.425, 0.4, 0.08), circle(0.575, 0.4, 0.08), triangle(0.352, 0.432, 0.648, 0.432, 0.5, 0.59));

/** Fraction of a pixel covered by a shape (4x4 samples), for smooth edges. */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i += 1) for (let j = 0; j < 4; j += 1) if (shape((px + (i + 0.5) / 4) / size, (py + (j + 0.5) / 4) / size)) hits += 1;
  return hits / 16;
}

function over(bottom: Rgba, top: Rgba, alpha: number): Rgba {
  const mix = (a: number, b: number): number => Math.round(a * (1 - alpha) + b * alpha);
  return [mix(bottom[0], top[0]), mix(bottom[1], top[1]), mix(bottom[2], top[2]), 255];
}

function colorIcon(size = 192): Buffer {
  return encodePng(size, size, (x, y) => over(over(ACCENT, WHITE, coverage(bubble, x, y, size)), ACCENT, coverage(heart, x, y, size)));
}

function outlineIcon(size = 32): Buffer {
  const shape = union(outline(bubble, 2.2 / size), heart);
  return encodePng(size, size, (x, y) => [255, 255, 255, Math.round(coverage(shape, x, y, size) * 255)]);
}

const dir = join(import.meta.dirname, '..', 'appPackage');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'color.png'), colorIcon());
writeFileSync(join(dir, 'outline.png'), outlineIcon());
process.stdout.write(`wrote ${join(dir, 'color.png')} and ${join(dir, 'outline.png')}\n`);
