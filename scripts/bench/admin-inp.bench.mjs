// Interaction to Next Paint of the admin's main interactions in Chromium, against the BUILT app through
// the sandbox admin shell (fixture: admin-pages.fixture.ts, 40 requests): open a request from the list,
// filter the list, and submit an action (an internal note through its modal). INP here is the longest
// 'event' timing entry with an interactionId during the interaction (PerformanceObserver, threshold
// 16 ms, what web-vitals reports for a single interaction). Baseline in the same run: a static page whose
// button toggles a paragraph, measured the same way. Each interaction runs RUNS times in a fresh context.
// Prints median and p75, ratio to the baseline and OK/MISSED against Built for Shopify's INP <= 200 ms.
// Usage: node scripts/bench.mjs admin-inp   (builds the app first if build/index.js is missing)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, percentile, ROOT, RUNS, startBaseline, startFixture, USER_AGENT } from "./admin-browser.mjs";

const GOAL_INP_MS = 200;

const BASELINE_HTML = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head>
<body><h1>Privacy requests</h1><button id="b" onclick="document.getElementById('p').hidden = !document.getElementById('p').hidden">Toggle</button><p id="p" hidden>Shown</p></body></html>`;

const OBSERVE = `
  window.__inp = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.interactionId) window.__inp = Math.max(window.__inp, e.duration); })
    .observe({ type: "event", durationThreshold: 16, buffered: true });
`;

/** Loads `url`, waits for it to settle, runs `interact`, waits two frames, returns the INP in ms. */
async function measure(browser, url, ready, interact) {
  const context = await browser.newContext({ userAgent: USER_AGENT, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVE);
    await page.goto(url, { waitUntil: "networkidle" });
    await page.locator(ready).first().waitFor();
    await interact(page);
    await page.waitForLoadState("networkidle");
    return await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.__inp)))));
  } finally {
    await context.close();
  }
}

async function series(browser, url, ready, interact) {
  await measure(browser, url, ready, interact); // warm-up
  const values = [];
  for (let i = 0; i < RUNS; i += 1) values.push(await measure(browser, url, ready, interact));
  return { median: percentile(values, 50), p75: percentile(values, 75) };
}

if (!existsSync(join(ROOT, "build/index.js"))) {
  console.info("building the app (build/index.js is missing)");
  if (spawnSync(join(ROOT, "node_modules/.bin/remix"), ["build"], { cwd: ROOT, stdio: "inherit" }).status !== 0) process.exit(1);
}

console.info(`admin INP: ${RUNS} runs each at 1280x800, ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)}`);
const baseline = await startBaseline(BASELINE_HTML);
const fixture = await startFixture();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
let failed = false;
try {
  const base = await series(browser, baseline.url, "#b", async (page) => {
    await page.click("#b");
    await page.locator("#p").waitFor();
  });
  const interactions = [
    [
      "open a request (list -> request page)",
      `${fixture.shell}/app/requests`,
      "text=Privacy requests",
      async (page) => {
        await page.getByRole("link", { name: /^PR-/ }).first().click();
        await page.getByText("Timeline").waitFor();
      },
    ],
    [
      "filter the list (type = access)",
      `${fixture.shell}/app/requests`,
      "text=Privacy requests",
      async (page) => {
        await page.getByLabel("Type").selectOption("access");
        await page.getByRole("button", { name: "Filter" }).click();
        await page.waitForURL(/type=access/);
      },
    ],
    [
      "submit an action (internal note)",
      `${fixture.shell}/app/requests/${fixture.requestId}`,
      "text=Timeline",
      async (page) => {
        await page.getByRole("button", { name: "More actions" }).click();
        await page.getByRole("menuitem", { name: "Add internal note" }).click();
        await page.getByRole("dialog").getByLabel("Internal note (only staff see it)").fill("Bench note");
        await page.getByRole("dialog").getByRole("button", { name: "Add note" }).click();
        await page.getByText("Note added.").waitFor();
      },
    ],
  ];
  const rows = [["baseline: static page, toggle a paragraph", base]];
  for (const [name, url, ready, interact] of interactions) rows.push([name, await series(browser, url, ready, interact)]);
  console.info("\ninteraction                                 INP median   INP p75   ratio p75/baseline   goal");
  for (const [name, r] of rows) {
    const isBase = r === base;
    console.info(
      `${name.padEnd(43)} ${`${r.median.toFixed(0)} ms`.padStart(10)} ${`${r.p75.toFixed(0)} ms`.padStart(9)} ${(isBase ? "1.00x" : base.p75 > 0 ? `${(r.p75 / base.p75).toFixed(2)}x` : "n/a (baseline < 16 ms)").padStart(20)}   ${isBase ? "" : r.p75 <= GOAL_INP_MS ? "OK" : "MISSED"}`,
    );
  }
  console.info(`\ngoal: INP p75 <= ${GOAL_INP_MS} ms for each interaction (Built for Shopify). 0 ms means no event took 16 ms or more.`);
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await browser.close();
  await fixture.stop();
  await baseline.close();
}
process.exit(failed ? 1 : 0);
