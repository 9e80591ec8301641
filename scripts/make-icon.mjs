// Regenerates mcpb/icon.png (512x512, the size Claude Desktop recommends): a calendar page with
// a check mark, drawn with plain shapes and node:zlib so that no image tool is needed. The PNG is
// committed; run `node scripts/make-icon.mjs` only to change the design.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SIZE = 512;
const TEAL = [15, 118, 110];
const DARK = [19, 78, 74];
const WHITE = [255, 255, 255];

const inRoundRect = (x, y, [x0, y0, x1, y1, r]) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};

const nearSegment = (x, y, [ax, ay, bx, by], width) => {
  const t = Math.max(
    0,
    Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
  );
  return (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= (width / 2) ** 2;
};

/** Colour at a point, painter's order: background, page, header band, rings, check mark. */
function colourAt(x, y) {
  let colour;
  if (inRoundRect(x, y, [16, 16, 496, 496, 96])) colour = TEAL;
  if (inRoundRect(x, y, [96, 120, 416, 424, 28])) colour = WHITE;
  if (inRoundRect(x, y, [96, 120, 416, 200, 28]) || (x >= 96 && x <= 416 && y >= 172 && y <= 200))
    colour = DARK;
  if (inRoundRect(x, y, [160, 84, 188, 150, 12]) || inRoundRect(x, y, [324, 84, 352, 150, 12]))
    colour = WHITE;
  if (nearSegment(x, y, [184, 318, 238, 370], 34) || nearSegment(x, y, [238, 370, 336, 258], 34))
    colour = TEAL;
  return colour;
}

// 4x4 samples per pixel for smooth edges; transparent outside the rounded square.
const rows = [];
for (let py = 0; py < SIZE; py++) {
  const row = Buffer.alloc(1 + SIZE * 4);
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < 4; sy++) {
      for (let sx = 0; sx < 4; sx++) {
        const c = colourAt(px + (sx + 0.5) / 4, py + (sy + 0.5) / 4);
        if (c) for (let i = 0; i < 3; i++) sum[i] += c[i];
        if (c) sum[3] += 1;
      }
    }
    const n = sum[3];
    const o = 1 + px * 4;
    for (let i = 0; i < 3; i++) row[o + i] = n ? Math.round(sum[i] / n) : 0;
    row[o + 3] = Math.round((n / 16) * 255);
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace

writeFileSync(
  new URL("../mcpb/icon.png", import.meta.url),
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]),
);
