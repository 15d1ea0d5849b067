#!/usr/bin/env node
/**
 * Generates the add-in icons (addin/assets/icon-<size>.png) with no image library: a red rounded
 * tile with a white form sheet and a check mark, drawn per pixel and written as PNG with zlib.
 * Run: node addin/tools/make-icons.js  (the PNGs are committed; this is their source).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZES = [16, 32, 64, 80];
const RED = [196, 43, 28];
const WHITE = [255, 255, 255];
const LINE = [200, 200, 200];
const GREEN = [16, 124, 65];

function crc32(buf) {
  let c;
  let crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Distance from point p to segment a-b, in unit coordinates. */
function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function icon(size) {
  const radius = 0.18;
  return png(size, (x, y) => {
    const u = x / size;
    const v = y / size;
    // Rounded tile.
    const cx = Math.min(Math.max(u, radius), 1 - radius);
    const cy = Math.min(Math.max(v, radius), 1 - radius);
    if (Math.hypot(u - cx, v - cy) > radius) return [0, 0, 0, 0];
    const check = Math.min(segDist(u, v, 0.5, 0.66, 0.6, 0.76), segDist(u, v, 0.6, 0.76, 0.8, 0.5));
    if (check < 0.055) return [...GREEN, 255];
    // The form sheet with ruled lines.
    if (u > 0.22 && u < 0.7 && v > 0.16 && v < 0.84) {
      const lineRows = [0.3, 0.42, 0.54];
      if (size >= 32 && u > 0.3 && u < 0.62 && lineRows.some((r) => Math.abs(v - r) < 0.025)) return [...LINE, 255];
      return [...WHITE, 255];
    }
    return [...RED, 255];
  });
}

const outDir = path.join(__dirname, '..', 'assets');
fs.mkdirSync(outDir, { recursive: true });
for (const size of SIZES) {
  fs.writeFileSync(path.join(outDir, `icon-${size}.png`), icon(size));
}
console.log(`wrote ${SIZES.map((s) => `icon-${s}.png`).join(', ')} to ${outDir}`);
