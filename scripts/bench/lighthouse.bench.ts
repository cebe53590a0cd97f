// Storefront performance with the consent banner embed (blocker inlined) against the same sandbox
// storefront page without it: Lighthouse 12.2.3 performance score (mobile, simulated throttling) in
// Debian's Chromium, median of 5 runs each, alternating. Goal: with >= without - 2 points
// (Built for Shopify allows 10).
// Usage: node scripts/bench.mjs lighthouse   (vite-node scripts/bench/lighthouse.bench.ts)
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { ASSETS_DIR, buildPage } from "../../sandbox/storefront/render";

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 5);
const GOAL_POINTS = 2;
const page = (embed: boolean) =>
  buildPage({ storeName: "Lighthouse store", embed: embed ? { consent_mode: true } : false, blocks: [{ file: "privacy-request-form" }], privacy: { region: "DE", trackingConsentCookie: true } });
const pages = { "/with": await page(true), "/without": await page(false) };

const server = createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const html = pages[url.pathname as keyof typeof pages];
    if (html) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return res.end(html);
    }
    if (url.pathname.startsWith("/assets/")) {
      const name = path.basename(url.pathname);
      const body = await readFile(path.join(ASSETS_DIR, name)).catch(() => null);
      res.writeHead(body ? 200 : 404, { "Content-Type": name.endsWith(".css") ? "text/css" : "text/javascript", "Cache-Control": "max-age=3600" });
      return res.end(body ?? "");
    }
    res.writeHead(404).end();
  })();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"] });
const scores: Record<string, number[]> = { with: [], without: [] };
try {
  for (let i = 0; i < RUNS; i += 1) {
    for (const which of i % 2 ? (["without", "with"] as const) : (["with", "without"] as const)) {
      const result = await lighthouse(`${base}/${which}`, { port: chrome.port, onlyCategories: ["performance"], output: "json", logLevel: "error" });
      scores[which]!.push(Math.round((result?.lhr.categories.performance?.score ?? 0) * 100));
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const w = median(scores.with!);
const wo = median(scores.without!);
console.log(`Lighthouse performance (median of ${RUNS}): with embed ${w} [${scores.with!.join(", ")}], without ${wo} [${scores.without!.join(", ")}]`);
console.log(`  difference ${w - wo} points (goal >= -${GOAL_POINTS}) ${w >= wo - GOAL_POINTS ? "OK" : "MISSED"}`);
