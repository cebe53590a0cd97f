// Tracker scanner: one scan of the sandbox storefront's tracker pages (5 pages, before consent and
// after accept-all, twelve tracker snippets served by the fake trackers on loopback), in Debian's
// Chromium, against the goal of 60 s on this machine. Baseline in the same run: the same ten page
// views in one plain Chromium context (goto + load), no recording, no consent step.
// Usage: node scripts/bench.mjs scanner   (vite-node scripts/bench/scanner.bench.ts)
import { chromium } from "playwright-core";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { CHROMIUM_PATH, scanStorefront } from "../../app/modules/scanner/scan.server";
import { startSandboxServer } from "../../sandbox/server";
import { startFakeTrackers, TRACKER_PAGES } from "../../sandbox/storefront/trackers";

const GOAL_S = 60;
const fake = await startFakeTrackers();
const sandbox = await startSandboxServer({
  appUrl: "http://127.0.0.1:9",
  appSecret: "bench",
  shop: "privacy-desk-sandbox.myshopify.com",
  storeName: "Bench store",
  mailbox: { url: "smtp://127.0.0.1:9", messages: [], close: async () => {} },
  adminUrl: "http://127.0.0.1:9/app",
  adminApiUrl: "http://127.0.0.1:9",
});
const args = [`--host-resolver-rules=${fake.hostResolverRules}`, "--ignore-certificate-errors"];
try {
  let t = performance.now();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--headless", "--no-sandbox", "--disable-gpu", ...args] });
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  for (let pass = 0; pass < 2; pass += 1) for (const path of Object.values(TRACKER_PAGES)) await page.goto(sandbox.url + path, { waitUntil: "load" });
  await browser.close();
  const baselineS = (performance.now() - t) / 1000;

  t = performance.now();
  const outcome = await scanStorefront({ baseUrl: `${sandbox.url}/trackers`, chromiumArgs: args });
  const scanS = (performance.now() - t) / 1000;
  const presets = new Set(outcome.findings.map((f) => f.preset).filter(Boolean));
  console.log("Tracker scan of the sandbox storefront (5 pages x before/after consent)");
  console.log(`  pages visited: ${outcome.pages.length}, findings: ${outcome.findings.length}, presets found: ${presets.size}, issues: ${outcome.issues.length}`);
  console.log(`  scan: ${scanS.toFixed(1)} s (goal <= ${GOAL_S} s) ${scanS <= GOAL_S ? "OK" : "MISSED"}`);
  console.log(`  baseline (same 10 page views, plain Chromium): ${baselineS.toFixed(1)} s; ratio ${(scanS / baselineS).toFixed(2)}x`);
  console.log(`  load average: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
} finally {
  await sandbox.close();
  await fake.close();
}
