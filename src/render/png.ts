// A minimal PNG encoder (8-bit RGBA, no interlace) on node:zlib, so Mend can draw small images
// (the progress chart, app icons) on the server with no native dependency or outside service.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** An RGBA raster: width x height, 4 bytes a pixel, row-major. */
export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: readonly [number, number, number, number] = [255, 255, 255, 255],
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || width * height > 4_000_000) {
      throw new RangeError(`Raster size ${width}x${height} is not allowed`);
    }
    this.pixels = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i += 1) this.pixels.set(background, i * 4);
  }

  /** Fills a rectangle (clipped to the raster), blending by the colour's alpha. */
  fillRect(x: number, y: number, w: number, h: number, [r, g, b, a]: readonly [number, number, number, number]): void {
    const x0 = Math.max(0, Math.floor(x));
    const y0 = Math.max(0, Math.floor(y));
    const x1 = Math.min(this.width, Math.ceil(x + w));
    const y1 = Math.min(this.height, Math.ceil(y + h));
    const alpha = a / 255;
    for (let yy = y0; yy < y1; yy += 1) {
      for (let xx = x0; xx < x1; xx += 1) {
        const i = (yy * this.width + xx) * 4;
        const p = this.pixels;
        p[i] = Math.round(r * alpha + p[i]! * (1 - alpha));
        p[i + 1] = Math.round(g * alpha + p[i + 1]! * (1 - alpha));
        p[i + 2] = Math.round(b * alpha + p[i + 2]! * (1 - alpha));
        p[i + 3] = Math.max(p[i + 3]!, a);
      }
    }
  }

  /** A straight line of the given thickness (dots along its length). */
  line(x0: number, y0: number, x1: number, y1: number, thickness: number, colour: readonly [number, number, number, number]): void {
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
    for (let s = 0; s <= steps; s += 1) {
      const t = s / steps;
      this.fillRect(x0 + (x1 - x0) * t - thickness / 2, y0 + (y1 - y0) * t - thickness / 2, thickness, thickness, colour);
    }
  }

  toPng(): Buffer {
    const rowBytes = this.width * 4;
    const raw = Buffer.alloc((rowBytes + 1) * this.height);
    for (let y = 0; y < this.height; y += 1) {
      raw[y * (rowBytes + 1)] = 0; // filter: none
      raw.set(this.pixels.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header[8] = 8; // bit depth
    header[9] = 6; // colour type RGBA
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}
