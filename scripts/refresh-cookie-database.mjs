// Downloads the Open Cookie Database (github.com/jkwakman/Open-Cookie-Database, Apache-2.0) into
// data/open-cookie-database/ (git-ignored), with its licence, for the scanner's classifier to use
// next to the app's own tracker list (app/modules/trackers/presets.ts). Run it where the app runs,
// whenever you want a fresher list: `node scripts/refresh-cookie-database.mjs`. Without it the app
// classifies with its own list only. See docs/decisions/0013-consent-trackers.md.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIR = join(ROOT, process.env.COOKIE_DATABASE_DIR ?? "data/open-cookie-database");
const BASE = "https://raw.githubusercontent.com/jkwakman/Open-Cookie-Database/master";
const MAX_BYTES = 20 * 1024 * 1024;

async function download(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const text = await res.text();
  if (text.length > MAX_BYTES) throw new Error(`${url}: larger than ${MAX_BYTES} bytes`);
  return text;
}

const csv = await download(`${BASE}/open-cookie-database.csv`);
if (!/^ID,Platform,Category,Cookie/.test(csv)) throw new Error("unexpected CSV header; the format may have changed");
const licence = await download(`${BASE}/LICENSE`);
mkdirSync(DIR, { recursive: true });
writeFileSync(join(DIR, "LICENSE.tmp"), licence);
writeFileSync(join(DIR, "open-cookie-database.csv.tmp"), csv);
renameSync(join(DIR, "LICENSE.tmp"), join(DIR, "LICENSE"));
renameSync(join(DIR, "open-cookie-database.csv.tmp"), join(DIR, "open-cookie-database.csv"));
console.info(`Open Cookie Database: ${csv.split("\n").length - 2} entries written to ${DIR}`);
