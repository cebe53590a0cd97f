// What the admin browser benches (admin-pages, admin-inp) share: Chromium's flags and a desktop user
// agent, a static baseline page served in the same run, the seeded fixture (the built app behind the
// sandbox admin shell) and percentiles.
import { spawn } from "node:child_process";
import http from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const RUNS = Number(process.env.BENCH_RUNS ?? 7);
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
// A desktop browser's user agent: the app refuses headless Chromium's as a bot, like the real admin.
export const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Serves `html` from node:http on loopback: the baseline each bench measures in the same run. */
export async function startBaseline(html) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
    res.end(html);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The built app with 40 requests behind the admin shell (admin-pages.fixture.ts); resolves with its URLs. */
export async function startFixture() {
  const child = spawn(join(ROOT, "node_modules/.bin/vite-node"), [join(ROOT, "scripts/bench/admin-pages.fixture.ts")], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise((resolve, reject) => {
    lines.on("line", (line) => {
      if (line.startsWith("{")) resolve(JSON.parse(line));
    });
    child.once("exit", (code) => reject(new Error(`fixture exited with ${code} before it was ready`)));
  });
  return {
    ...ready,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.stdin.end();
      }),
  };
}

/**
 * The page's HTML as the shell served it, minus the app's JavaScript: its scripts (not the shell's
 * App Bridge stub) and its module preload links, written live or inert (`x-modulepreload`, ADR 0020).
 */
export function staticTwin(html) {
  return html
    .replace(/<script\b(?![^>]*\bsrc="\/__sandbox\/)[^>]*>[\s\S]*?<\/script>/g, "")
    .replace(/<link\b[^>]*rel="(?:x-)?modulepreload"[^>]*\/?>/g, "");
}

/** Serves each admin page's static twin at /<n> and every asset it names, fetched once from the shell. */
export async function startTwins(shell, paths) {
  const pages = [];
  for (const path of paths) {
    const response = await fetch(shell + path, { headers: { "User-Agent": USER_AGENT } });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    pages.push(staticTwin(await response.text()));
  }
  const assets = new Map();
  const server = http.createServer(async (req, res) => {
    const page = /^\/twin\/(\d+)$/.exec(req.url ?? "");
    if (page) {
      const html = pages[Number(page[1])];
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
      return res.end(html);
    }
    if (!assets.has(req.url)) {
      const answer = await fetch(shell + req.url, { headers: { "User-Agent": USER_AGENT } });
      assets.set(req.url, { status: answer.status, type: answer.headers.get("content-type") ?? "application/octet-stream", body: Buffer.from(await answer.arrayBuffer()) });
    }
    const asset = assets.get(req.url);
    res.writeHead(asset.status, { "Content-Type": asset.type, "Content-Length": asset.body.length });
    res.end(asset.body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { urls: paths.map((_, i) => `${origin}/twin/${i}`), close: () => new Promise((resolve) => server.close(resolve)) };
}
