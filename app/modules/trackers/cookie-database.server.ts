// Loads the Open Cookie Database CSV that scripts/refresh-cookie-database.mjs downloaded, once per
// process; without it the classifier uses the app's own list only.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseCookieDatabaseCsv, type CookieDatabaseRow } from "./rules/classify";

export const DEFAULT_COOKIE_DATABASE = path.join(process.cwd(), "data/open-cookie-database/open-cookie-database.csv");

const cache = new Map<string, Promise<CookieDatabaseRow[]>>();

export function loadCookieDatabase(file = process.env.COOKIE_DATABASE_CSV ?? DEFAULT_COOKIE_DATABASE): Promise<CookieDatabaseRow[]> {
  let rows = cache.get(file);
  if (!rows) {
    rows = readFile(file, "utf8").then(parseCookieDatabaseCsv, () => []);
    cache.set(file, rows);
  }
  return rows;
}
