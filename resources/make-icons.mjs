// Draws Fathom's icons as PNGs with no image library: the 512x512 app icon electron-builder
// derives every platform's icon from, and the tray's status dots (16 px and @2x 32 px), one
// colour per connection state. Run `npm run icons` after changing a colour or shape; the
// PNGs are committed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const here = import.meta.dirname;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA pixels (size x size x 4) to a PNG file. */
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // no filter
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Renders `paint(x, y)` (coordinates 0..1, returns [r, g, b, a] or null) with 4x4 supersampling,
 * so edges are smooth at every size.
 */
function render(size, paint) {
  const out = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = paint((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size);
          if (!c) continue;
          const alpha = c[3] / 255;
          r += c[0] * alpha;
          g += c[1] * alpha;
          b += c[2] * alpha;
          a += alpha;
        }
      }
      const i = (y * size + x) * 4;
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
      out[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return out;
}

const hex = (h, alpha = 255) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), alpha];

function roundedSquare(x, y, radius) {
  const dx = Math.max(Math.abs(x - 0.5) - (0.5 - radius), 0);
  const dy = Math.max(Math.abs(y - 0.5) - (0.5 - radius), 0);
  return dx * dx + dy * dy <= radius * radius;
}

/** The app icon: a dark tile, a teal sounding ring, and three depth lines below the surface. */
function appIcon(x, y) {
  const inset = 0.04;
  const u = (x - inset) / (1 - 2 * inset);
  const v = (y - inset) / (1 - 2 * inset);
  if (u < 0 || u > 1 || v < 0 || v > 1 || !roundedSquare(u, v, 0.2)) return null;
  const d = Math.hypot(u - 0.5, v - 0.5);
  if (d > 0.3 && d < 0.36) return hex('#2dd4bf');
  for (const [yy, half] of [[0.42, 0.2], [0.5, 0.14], [0.58, 0.08]]) {
    if (Math.abs(v - yy) < 0.022 && Math.abs(u - 0.5) < half) return hex('#e2e8f0');
  }
  return hex('#0f1722');
}

const STATES = {
  live: '#22c55e',
  connecting: '#f59e0b',
  reconnecting: '#f97316',
  error: '#ef4444',
  stopped: '#9ca3af',
};

/** A status dot with a dark rim, readable on light and dark panels alike. */
function trayDot(colour) {
  return (x, y) => {
    const d = Math.hypot(x - 0.5, y - 0.5);
    if (d > 0.44) return null;
    if (d > 0.34) return hex('#0b0e13', 230);
    return hex(colour);
  };
}

writeFileSync(join(here, 'icon.png'), png(512, render(512, appIcon)));
for (const [state, colour] of Object.entries(STATES)) {
  writeFileSync(join(here, 'tray', `tray-${state}.png`), png(16, render(16, trayDot(colour))));
  writeFileSync(join(here, 'tray', `tray-${state}@2x.png`), png(32, render(32, trayDot(colour))));
}
console.log('icons written to resources/');
