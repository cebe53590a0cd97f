// What the admin's i18n costs the first page load: the bytes (gzip) of the overview's first load —
// the document (with its inline loader data: the catalog and Polaris's translations), every script
// and every stylesheet it loads — for the built app WITH i18n against the same app built from the
// commit before i18n came in (git archive into a temporary folder with a copy of node_modules and its own Prisma client), both run
// and measured in this run, in Chromium, through the sandbox admin shell. Measured in English (the
// default) and in German (where the catalog and Polaris's German strings travel inline), and for the
// first load of the page with the largest page catalog (a request, German).
// Goal (issue 15): the i18n setup adds at most 15 KB gzip. Prints the KB, the difference and the ratio.
// Usage: node scripts/bench.mjs admin-i18n-weight   (BENCH_I18N_BASE=<commit> to pick the baseline)
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, ROOT, USER_AGENT } from "./admin-browser.mjs";

const GOAL_KB = 15;
const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

// The commit before app/ui/i18n.tsx (the admin's t()) was added: the app without admin i18n.
const firstI18n = git("log", "--diff-filter=A", "--format=%H", "--", "app/ui/i18n.tsx").split("\n").filter(Boolean).pop();
const base = process.env.BENCH_I18N_BASE ?? (firstI18n ? `${firstI18n}^` : null);
if (!base) throw new Error("no commit adds app/ui/i18n.tsx; set BENCH_I18N_BASE");

function build(dir) {
  const result = spawnSync(join(ROOT, "node_modules/.bin/remix"), ["build"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`remix build failed in ${dir}`);
}

/** The seeded fixture of admin-pages.bench (built app + admin shell) run from `dir`. */
async function startFixture(dir) {
  const child = spawn(join(ROOT, "node_modules/.bin/vite-node"), [join(dir, "scripts/bench/admin-pages.fixture.ts")], { cwd: dir, stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, BENCH_REQUESTS: "5" } });
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise((resolve, reject) => {
    lines.on("line", (line) => line.startsWith("{") && resolve(JSON.parse(line)));
    child.once("exit", (code) => reject(new Error(`fixture in ${dir} exited with ${code}`)));
  });
  return { ...ready, stop: () => new Promise((resolve) => (child.once("exit", resolve), child.stdin.end())) };
}

/** gzip bytes of the document, scripts and stylesheets of one cold load (the shell's own stub excluded). */
async function firstLoad(browser, url) {
  const context = await browser.newContext({ userAgent: USER_AGENT, viewport: { width: 1280, height: 800 } });
  const parts = { document: 0, scripts: 0, styles: 0 };
  const pending = [];
  try {
    const page = await context.newPage();
    page.on("response", (response) => {
      const type = response.request().resourceType();
      const path = new URL(response.url()).pathname;
      if (path.startsWith("/__sandbox/") || !["document", "script", "stylesheet"].includes(type)) return;
      pending.push(
        response.body().then((body) => {
          const size = gzipSync(body).length;
          if (type === "document") parts.document += size;
          else if (type === "script") parts.scripts += size;
          else parts.styles += size;
        }),
      );
    });
    const response = await page.goto(url, { waitUntil: "networkidle" });
    if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}`);
    await Promise.all(pending);
    return { ...parts, total: parts.document + parts.scripts + parts.styles };
  } finally {
    await context.close();
  }
}

const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(7);
const baseDir = mkdtempSync(join(tmpdir(), "bench-i18n-base-"));
let failed = false;
const fixtures = [];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  console.info(`admin i18n weight: this tree against ${git("rev-parse", "--short", base)} (the commit before admin i18n), first load of the overview and of a request`);
  execFileSync("sh", ["-c", `git archive ${base} | tar -x -C ${JSON.stringify(baseDir)}`], { cwd: ROOT });
  // A copy, not a link: the Prisma client is generated for the schema of the tree that uses it, and
  // the baseline's schema is older than this tree's.
  execFileSync("cp", ["-a", join(ROOT, "node_modules"), join(baseDir, "node_modules")]);
  execFileSync(process.execPath, ["scripts/prisma-generate.mjs"], { cwd: baseDir, stdio: "ignore" });
  build(baseDir);
  if (!existsSync(join(ROOT, "build/index.js"))) build(ROOT);
  const withI18n = await startFixture(ROOT);
  fixtures.push(withI18n);
  const without = await startFixture(baseDir);
  fixtures.push(without);
  console.info("\npage                       build          document   scripts   styles    total (KB gzip)");
  // The request page carries the largest page catalog (ADR 0019, per-page catalogs): each fixture has its own request.
  const pages = [
    ["overview, English", () => "/app"],
    ["overview, German", () => "/app?locale=de"],
    ["request (largest), German", (fixture) => `/app/requests/${fixture.requestId}?locale=de`],
  ];
  for (const [name, path] of pages) {
    // Warm-up load each (route compile, caches), then the measured cold load in a fresh context.
    await firstLoad(browser, `${without.shell}${path(without)}`);
    await firstLoad(browser, `${withI18n.shell}${path(withI18n)}`);
    const a = await firstLoad(browser, `${without.shell}${path(without)}`);
    const b = await firstLoad(browser, `${withI18n.shell}${path(withI18n)}`);
    for (const [label, r] of [["without i18n", a], ["with i18n", b]]) console.info(`${name.padEnd(26)} ${label.padEnd(13)} ${kb(r.document)}   ${kb(r.scripts)}  ${kb(r.styles)}  ${kb(r.total)}`);
    const added = (b.total - a.total) / 1024;
    console.info(`${name.padEnd(26)} i18n adds ${added.toFixed(1)} KB gzip (ratio ${(b.total / a.total).toFixed(3)}), goal <= ${GOAL_KB} KB: ${added <= GOAL_KB ? "OK" : "MISSED"}\n`);
  }
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await browser.close();
  for (const fixture of fixtures) await fixture.stop();
  rmSync(baseDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
