// Admin page web vitals in Chromium: LCP and CLS (PerformanceObserver 'largest-contentful-paint' and
// 'layout-shift') for the overview, the requests list and a request page of the BUILT app, opened
// through the sandbox admin shell (App Bridge stub, session tokens) with 40 requests in the database.
// Baselines in the same run, measured the same way: a minimal static HTML page (a heading and a
// paragraph) served by node:http, and for each admin page its static twin: the very HTML the app
// served for it (through the shell) without the app's JavaScript (module scripts, modulepreloads,
// inline scripts), with the same Polaris CSS, the same App Bridge stub (the frame) and the same
// favicon, all served from memory by node:http. The twin shows what the page costs beyond painting
// the same document: server time, the app's JavaScript and hydration; a page and its twin are loaded
// alternately so that both see the same machine load. Each page is loaded RUNS times, each in a fresh browser context
// (cold cache), at 1280x800. Prints median and p75, ratios to the baseline and OK/MISSED against
// the Built for Shopify goals (LCP <= 2.5 s, CLS <= 0.1). Exits non-zero only when the bench breaks.
// Usage: node scripts/bench.mjs admin-pages   (builds the app first if build/index.js is missing)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, percentile, ROOT, RUNS, startBaseline, startFixture, startTwins, USER_AGENT } from "./admin-browser.mjs";

const GOAL_LCP_MS = 2_500;
const GOAL_CLS = 0.1;

const BASELINE_HTML = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Baseline</title></head>
<body><h1>Privacy requests</h1><p>A minimal static page: the fastest any page can paint on this machine and browser.</p></body></html>`;

// Runs before any page script: records LCP candidates and layout shifts from the start of the load.
const OBSERVE = `
  window.__vitals = { lcp: 0, cls: 0 };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__vitals.lcp = e.renderTime || e.loadTime || e.startTime; })
    .observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__vitals.cls += e.value; })
    .observe({ type: "layout-shift", buffered: true });
`;

async function measure(browser, url, waitFor) {
  const context = await browser.newContext({ userAgent: USER_AGENT, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVE);
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response || response.status() !== 200) throw new Error(`${url} answered ${response?.status()}`);
    await page.locator(waitFor).first().waitFor();
    await page.waitForLoadState("networkidle");
    const serverApp = Number(/(?:^|, )app;dur=([\d.]+)/.exec(response.headers()["server-timing"] ?? "")?.[1] ?? NaN);
    // Two frames so the last paint and any shift it caused are reported.
    const vitals = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.__vitals)))));
    return { ...vitals, serverApp };
  } finally {
    await context.close();
  }
}

function summary(samples) {
  const lcp = samples.map((v) => v.lcp);
  const cls = samples.map((v) => v.cls);
  const server = samples.map((v) => v.serverApp).filter((v) => Number.isFinite(v));
  return { lcpMedian: percentile(lcp, 50), lcpP75: percentile(lcp, 75), clsMax: Math.max(...cls), clsP75: percentile(cls, 75), serverMedian: server.length ? percentile(server, 50) : null };
}

/**
 * A page and its static twin loaded alternately (twin, page, twin, page, ...): on a shared machine
 * the load drifts within seconds, and two series run one after the other compared different loads.
 */
async function pairedSeries(browser, twinUrl, url, waitFor) {
  await measure(browser, twinUrl, waitFor);
  await measure(browser, url, waitFor);
  const twin = [];
  const page = [];
  for (let i = 0; i < RUNS; i += 1) {
    twin.push(await measure(browser, twinUrl, waitFor));
    page.push(await measure(browser, url, waitFor));
  }
  return [summary(twin), summary(page)];
}

async function series(browser, url, waitFor) {
  await measure(browser, url, waitFor); // warm-up: server caches, first compile of the route
  const samples = [];
  for (let i = 0; i < RUNS; i += 1) samples.push(await measure(browser, url, waitFor));
  return summary(samples);
}

if (!existsSync(join(ROOT, "build/index.js"))) {
  console.info("building the app (build/index.js is missing)");
  if (spawnSync(join(ROOT, "node_modules/.bin/remix"), ["build"], { cwd: ROOT, stdio: "inherit" }).status !== 0) process.exit(1);
}

console.info(`admin pages: ${RUNS} cold loads each at 1280x800, ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)}`);
const baseline = await startBaseline(BASELINE_HTML);
const fixture = await startFixture();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
let failed = false;
let twins;
try {
  const pages = [
    ["overview (/app)", "/app", "text=Privacy overview"],
    ["requests list (/app/requests)", "/app/requests", "text=Privacy requests"],
    ["request page (/app/requests/:id)", `/app/requests/${fixture.requestId}`, "text=Timeline"],
  ];
  twins = await startTwins(fixture.shell, pages.map(([, path]) => path));
  const base = await series(browser, baseline.url, "h1");
  const rows = [["baseline: static HTML (node:http)", base, null]];
  for (const [i, [name, path, waitFor]] of pages.entries()) {
    const [twin, page] = await pairedSeries(browser, twins.urls[i], fixture.shell + path, waitFor);
    rows.push([`  static twin of ${name.split(" (")[0]}`, twin, null]);
    rows.push([name, page, twin]);
  }

  console.info("\npage                                   LCP median   LCP p75   p75/baseline   p75/static twin   CLS p75   CLS max   server   goal");
  for (const [name, r, twin] of rows) {
    const isBase = r === base;
    const ok = r.lcpP75 <= GOAL_LCP_MS && r.clsMax <= GOAL_CLS;
    const ratio = (x) => `${(r.lcpP75 / x.lcpP75).toFixed(2)}x`;
    console.info(
      `${name.padEnd(38)} ${`${r.lcpMedian.toFixed(0)} ms`.padStart(10)} ${`${r.lcpP75.toFixed(0)} ms`.padStart(9)} ${(isBase ? "1.00x" : ratio(base)).padStart(14)} ${(twin ? ratio(twin) : "").padStart(17)} ${r.clsP75.toFixed(3).padStart(9)} ${r.clsMax.toFixed(3).padStart(9)} ${(r.serverMedian === null || r.serverMedian === undefined ? "" : `${r.serverMedian.toFixed(0)} ms`).padStart(8)}   ${twin ? `${ok ? "OK" : "MISSED"}; ${r.lcpP75 <= 2 * twin.lcpP75 ? "OK" : "MISSED"} (2x twin)` : ""}`,
    );
  }
  console.info(`\ngoal: LCP p75 <= ${GOAL_LCP_MS} ms and CLS <= ${GOAL_CLS} on every admin page (Built for Shopify web vitals); issue 18: LCP p75 <= 2x the static baseline, judged against each page's static twin (docs/benchmarks.md); server = median Server-Timing app;dur of the document`);
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await browser.close();
  await twins?.close();
  await fixture.stop();
  await baseline.close();
}
process.exit(failed ? 1 : 0);
