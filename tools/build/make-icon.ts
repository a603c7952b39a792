// Draws the app icon, assets/icons/icon.png (512×512), that electron-builder turns into the
// Windows .ico and the Linux icon set: a receipt with a torn-off counterfoil stub and "CF".
// Run `npx tsx tools/build/make-icon.ts` after changing it; the PNG is committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'assets', 'icons', 'icon.png');
const INK = '#1d3557';
const PAPER = '#fdfcf7';
const ACCENT = '#e76f51';

if (!GlobalFonts.registerFromPath(join(ROOT, 'assets', 'fonts', 'NotoSans-Bold.ttf'), 'Icon Sans')) {
  throw new Error('make-icon: could not load assets/fonts/NotoSans-Bold.ttf');
}

const size = 512;
const canvas = createCanvas(size, size);
const ctx = canvas.getContext('2d');

// Rounded tile.
ctx.fillStyle = INK;
ctx.beginPath();
ctx.roundRect(16, 16, size - 32, size - 32, 96);
ctx.fill();

// The receipt: a paper slip with a zig-zag (torn) bottom edge.
const left = 112, right = 400, top = 72, bottom = 440, teeth = 8;
ctx.fillStyle = PAPER;
ctx.beginPath();
ctx.moveTo(left, top);
ctx.lineTo(right, top);
ctx.lineTo(right, bottom);
const tooth = (right - left) / teeth;
for (let i = teeth; i > 0; i -= 1) {
  ctx.lineTo(left + (i - 0.5) * tooth, bottom - 18);
  ctx.lineTo(left + (i - 1) * tooth, bottom);
}
ctx.closePath();
ctx.fill();

// The counterfoil stub: a dashed perforation across the top of the slip.
ctx.strokeStyle = ACCENT;
ctx.lineWidth = 8;
ctx.setLineDash([18, 12]);
ctx.beginPath();
ctx.moveTo(left + 12, 156);
ctx.lineTo(right - 12, 156);
ctx.stroke();
ctx.setLineDash([]);
ctx.fillStyle = INK;
ctx.fillRect(left + 40, 100, 120, 16);
ctx.fillRect(left + 40, 124, 72, 12);

// "CF", then two printed lines under it.
ctx.fillStyle = INK;
ctx.font = 'bold 150px "Icon Sans"';
ctx.textAlign = 'center';
ctx.textBaseline = 'alphabetic';
ctx.fillText('CF', size / 2, 330);
ctx.fillRect(left + 40, 362, right - left - 80, 12);
ctx.fillRect(left + 40, 388, right - left - 140, 12);

mkdirSync(join(ROOT, 'assets', 'icons'), { recursive: true });
writeFileSync(OUT, canvas.toBuffer('image/png'));
console.log(`make-icon: ${OUT.slice(ROOT.length)} (${size}×${size})`);
