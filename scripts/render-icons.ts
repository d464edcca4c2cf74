// Renders the PNG icons and favicon.ico of public/ from the SVG sources in public/icons with
// Chromium, so the raster icons never drift from the SVG. Run: npx tsx scripts/render-icons.ts
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { SCRIPTS_CONFIG } from './local-config';

const ICONS = path.join(import.meta.dirname, '..', 'public', 'icons');
const PUBLIC = path.join(ICONS, '..');

const TARGETS = [
  { source: 'icon.svg', file: 'icon-192.png', size: 192 },
  { source: 'icon.svg', file: 'icon-512.png', size: 512 },
  { source: 'icon-maskable.svg', file: 'icon-maskable-512.png', size: 512 },
  // iOS rounds the corners itself: the full-bleed variant.
  { source: 'icon-maskable.svg', file: 'apple-touch-icon.png', size: 180 },
  { source: 'icon.svg', file: 'favicon-32.png', size: 32 },
] as const;

/** An .ico holding one PNG image (supported by every browser since Windows Vista's format change). */
function icoOf(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size % 256, 6); // width (0 means 256)
  header.writeUInt8(size % 256, 7); // height
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9); // reserved
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14); // image size
  header.writeUInt32LE(header.length, 18); // image offset
  return Buffer.concat([header, png]);
}

const browser = await chromium.launch({ executablePath: SCRIPTS_CONFIG.CHROMIUM_PATH });
try {
  const page = await browser.newPage();
  for (const target of TARGETS) {
    const svg = await readFile(path.join(ICONS, target.source), 'utf8');
    await page.setViewportSize({ width: target.size, height: target.size });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${target.size}px;height:${target.size}px}</style>${svg}`,
    );
    const png = await page.screenshot({ omitBackground: true });
    if (target.file === 'favicon-32.png') {
      await writeFile(path.join(PUBLIC, 'favicon.ico'), icoOf(png, target.size));
    } else {
      await writeFile(path.join(ICONS, target.file), png);
    }
    console.log(`rendered ${target.file} (${target.size}px)`);
  }
} finally {
  await browser.close();
}
