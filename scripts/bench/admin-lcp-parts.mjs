// Where an admin page's LCP goes, beside its static twin (the same twin as admin-pages.bench.mjs):
// for each load the document's time to first byte, the stylesheet's fetch, the first app script's
// start, FCP and LCP, the LCP element (and whether it is still in the page after hydration) and the
// long tasks before LCP. The part after the first byte (LCP - TTFB) is what the browser does with
// the document; the rest is the server and the shell's proxy. A diagnostic, not a bench with a goal
// (not run by `npm run bench`). Page and twin are loaded alternately, each in a fresh context.
// Usage: BENCH_RUNS=8 node scripts/bench/admin-lcp-parts.mjs   (needs `npx remix build` first)
import { loadavg } from "node:os";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, percentile, RUNS, startFixture, startTwins, USER_AGENT } from "./admin-browser.mjs";

const OBSERVE = `
  window.__parts = { lcp: [], fcp: 0, longTasks: [] };
  const describe = (el) => el ? el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\\s+/).join(".") : "") + ' "' + (el.textContent || "").trim().slice(0, 32) + '"' : "(in a shadow root)";
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__parts.lcp.push({ t: e.renderTime || e.loadTime || e.startTime, size: e.size, el: e.element, what: describe(e.element) }); })
    .observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.name === "first-contentful-paint") window.__parts.fcp = e.startTime; })
    .observe({ type: "paint", buffered: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__parts.longTasks.push([e.startTime, e.duration]); })
    .observe({ type: "longtask", buffered: true });
`;

async function load(browser, url, waitFor) {
  const context = await browser.newContext({ userAgent: USER_AGENT, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVE);
    await page.goto(url, { waitUntil: "load" });
    await page.locator(waitFor).first().waitFor();
    await page.waitForLoadState("networkidle");
    return await page.evaluate(
      () =>
        new Promise((resolve) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              const parts = window.__parts;
              const last = parts.lcp.at(-1);
              const nav = performance.getEntriesByType("navigation")[0];
              const resources = performance.getEntriesByType("resource");
              const css = resources.find((r) => /\/build\/_assets\/styles-[^/]+\.css$/.test(r.name));
              const js = resources.filter((r) => /\/build\/.+\.js$/.test(r.name));
              resolve({
                ttfb: nav.responseStart,
                cssStart: css?.startTime ?? NaN,
                cssEnd: css?.responseEnd ?? NaN,
                jsStart: js.length ? Math.min(...js.map((r) => r.startTime)) : NaN,
                fcp: parts.fcp,
                lcp: last.t,
                element: `${last.what} (${last.size} px²${last.el ? (last.el.isConnected ? ", still in the page" : ", removed later") : ""})`,
                longTasksBeforeLcp: parts.longTasks.filter(([start]) => start < last.t).map(([start, duration]) => `${start.toFixed(0)}+${duration.toFixed(0)}`),
              });
            }),
          ),
        ),
    );
  } finally {
    await context.close();
  }
}

const fixture = await startFixture();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const pages = [
  ["overview", "/app", "text=Privacy overview"],
  ["requests list", "/app/requests", "text=Privacy requests"],
  ["request page", `/app/requests/${fixture.requestId}`, "text=Timeline"],
];
const twins = await startTwins(fixture.shell, pages.map(([, path]) => path));

console.info(`admin LCP parts: ${RUNS} cold loads of each page and its twin, load average ${loadavg()[0].toFixed(2)}`);
console.info("median / p75 in ms from navigation start; client = LCP - TTFB");
try {
  for (const [i, [name, path, waitFor]] of pages.entries()) {
    const series = { twin: [], page: [] };
    await load(browser, twins.urls[i], waitFor);
    await load(browser, fixture.shell + path, waitFor);
    for (let run = 0; run < RUNS; run += 1) {
      series.twin.push(await load(browser, twins.urls[i], waitFor));
      series.page.push(await load(browser, fixture.shell + path, waitFor));
    }
    console.info(`\n${name}`);
    for (const [kind, loads] of Object.entries(series)) {
      const col = (pick) => {
        const values = loads.map(pick).filter(Number.isFinite);
        return values.length ? `${percentile(values, 50).toFixed(0)}/${percentile(values, 75).toFixed(0)}`.padStart(9) : "-".padStart(9);
      };
      console.info(
        `  ${kind.padEnd(5)} TTFB ${col((l) => l.ttfb)}  css ${col((l) => l.cssEnd - l.cssStart)} (ends ${col((l) => l.cssEnd)})  js from ${col((l) => l.jsStart)}  FCP ${col((l) => l.fcp)}  LCP ${col((l) => l.lcp)}  client ${col((l) => l.lcp - l.ttfb)}`,
      );
      for (const element of new Set(loads.map((l) => l.element))) console.info(`        LCP element: ${element}`);
      const tasks = loads.flatMap((l) => l.longTasksBeforeLcp);
      console.info(`        long tasks before LCP: ${tasks.length ? tasks.join(", ") : "none"}`);
    }
  }
} finally {
  await browser.close();
  await twins.close();
  await fixture.stop();
}
