// Two builds of the admin side by side, each page loaded as: its static twin, the build in
// BASE_ROOT ("base"), this tree's build ("mine"), alternately (the order of base and mine swaps every
// run), so that both see the same machine load. A diagnostic for a change to the admin's first
// paint; not run by `npm run bench`. Prints LCP, TTFB, LCP - TTFB, FCP and the stylesheet's fetch,
// median/p75 in ms. BASE_ROOT is a built copy of another commit, e.g.
//   git archive <commit> | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/node_modules \
//     && (cd /tmp/base && npx remix build)   (same Prisma schema only: the client is shared)
//   BASE_ROOT=/tmp/base RUNS=8 node scripts/bench/admin-lcp-ab.mjs
import { chromium } from "playwright-core";
import http from "node:http";
import { writeFileSync } from "node:fs";
import { CHROMIUM, CHROMIUM_ARGS, startFixture, staticTwin, USER_AGENT } from "./admin-browser.mjs";

if (!process.env.BASE_ROOT) throw new Error("BASE_ROOT=<a built copy of another commit> is required");
const { startFixture: startBase } = await import(process.env.BASE_ROOT + "/scripts/bench/admin-browser.mjs");
const OBSERVE = `
  window.__d = { lcp: [], fcp: 0 };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__d.lcp.push({ t: e.renderTime || e.loadTime || e.startTime, size: e.size }); }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') window.__d.fcp = e.startTime; }).observe({ type: "paint", buffered: true });
`;
const RUNS = Number(process.env.RUNS ?? 8);
const [mine, base] = [await startFixture(), await startBase()];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const paths = (f) => [["overview", "/app", "text=Privacy overview"], ["list", "/app/requests", "text=Privacy requests"], ["request", `/app/requests/${f.requestId}`, "text=Timeline"]];
const twins = [];
for (const [, p] of paths(mine)) twins.push(staticTwin(await (await fetch(mine.shell + p, { headers: { "User-Agent": USER_AGENT } })).text()));
const assets = new Map();
const server = http.createServer(async (req, res) => {
  const m = /^\/twin\/(\d+)$/.exec(req.url ?? "");
  if (m) { const html = twins[Number(m[1])]; res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }); return res.end(html); }
  if (!assets.has(req.url)) { const a = await fetch(mine.shell + req.url, { headers: { "User-Agent": USER_AGENT } }); assets.set(req.url, { s: a.status, t: a.headers.get("content-type"), b: Buffer.from(await a.arrayBuffer()) }); }
  const a = assets.get(req.url); res.writeHead(a.s, { "Content-Type": a.t }); res.end(a.b);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
async function one(url, waitFor) {
  const ctx = await browser.newContext({ userAgent: USER_AGENT, viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.addInitScript(OBSERVE);
  await page.goto(url, { waitUntil: "load" });
  await page.locator(waitFor).first().waitFor();
  await page.waitForLoadState("networkidle");
  const d = await page.evaluate(() => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(() => {
    const n = performance.getEntriesByType("navigation")[0];
    const css = performance.getEntriesByType("resource").find((r) => r.name.includes("styles-"));
    const js = performance.getEntriesByType("resource").filter((r) => r.name.includes("/build/") && r.name.endsWith(".js"));
    res({ lcp: window.__d.lcp.at(-1).t, fcp: window.__d.fcp, rs: n.responseStart, css: css.responseEnd - css.startTime, cssEnd: css.responseEnd, jsStart: Math.min(...js.map((r) => r.startTime)) });
  }))));
  await ctx.close();
  return d;
}
const out = {};
for (const [i, [name, p, w]] of paths(mine).entries()) {
  const bp = paths(base)[i][1];
  await one(`${origin}/twin/${i}`, w); await one(base.shell + bp, w); await one(mine.shell + p, w);
  out[name] = { twin: [], base: [], mine: [] };
  for (let r = 0; r < RUNS; r++) {
    const order = r % 2 ? ["base", "mine"] : ["mine", "base"];
    out[name].twin.push(await one(`${origin}/twin/${i}`, w));
    for (const k of order) out[name][k].push(await one(k === "base" ? base.shell + bp : mine.shell + p, w));
  }
}
if (process.env.OUT) writeFileSync(process.env.OUT, JSON.stringify(out));
const pct = (v, q) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((q / 100) * s.length) - 1)]; };
for (const [name, v] of Object.entries(out)) for (const k of ["twin", "base", "mine"]) {
  const f = (key) => `${pct(v[k].map((d) => d[key]), 50).toFixed(0).padStart(4)}/${pct(v[k].map((d) => d[key]), 75).toFixed(0).padStart(4)}`;
  const client = v[k].map((d) => d.lcp - d.rs);
  console.log(`${name.padEnd(9)} ${k.padEnd(5)} lcp ${f("lcp")}  ratio p75 ${(pct(v[k].map((d) => d.lcp), 75) / pct(v.twin.map((d) => d.lcp), 75)).toFixed(2)}x  ttfb ${f("rs")}  lcp-ttfb ${pct(client, 50).toFixed(0)}/${pct(client, 75).toFixed(0)}  fcp ${f("fcp")}  css ${f("css")}  cssEnd ${f("cssEnd")} jsStart ${f("jsStart")}`);
}
await browser.close(); server.close(); await mine.stop(); await base.stop();
