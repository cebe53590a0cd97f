// Renders public/favicon.svg (the one drawing) into the raster icons the card and browsers ask for:
// public/app-icon.png (1200x1200, the size Shopify's Partner dashboard takes for the app icon),
// public/apple-touch-icon.png (180x180) and public/favicon.ico (32x32 PNG inside an ICO container).
// Run after changing the SVG: node scripts/icons.mjs (needs /usr/bin/chromium).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { root } from "./local-env.mjs";

const svg = readFileSync(join(root, "public", "favicon.svg"), "utf8");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
async function render(size) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`);
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  return png;
}
try {
  writeFileSync(join(root, "public", "app-icon.png"), await render(1200));
  writeFileSync(join(root, "public", "apple-touch-icon.png"), await render(180));
  const png = await render(32);
  // ICONDIR (6 bytes) + one ICONDIRENTRY (16 bytes) + the PNG itself.
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.writeUInt8(32, 6);
  header.writeUInt8(32, 7);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18);
  writeFileSync(join(root, "public", "favicon.ico"), Buffer.concat([header, png]));
} finally {
  await browser.close();
}
