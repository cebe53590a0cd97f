// A hostile storefront against the scanner in Chromium: an off-site redirect, a page that never
// answers, a page that never stops streaming, endless links. The scan must end within its bounds,
// say what happened, and leave this process standing.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanStorefront } from "../../app/modules/scanner/scan.server";

let server: Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    seen.push(path);
    if (path === "/") {
      // Endless links: every page links to thousands of collections.
      const links = Array.from({ length: 3000 }, (_, i) => `<a href="/collections/c${i}">c${i}</a>`).join("");
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(`<!doctype html><title>hostile</title><script>document.cookie="early_bird=1; path=/; max-age=3600"</script>${links}`);
    } else if (path === "/redirect") {
      res.writeHead(302, { Location: "https://evil.example/steal" });
      res.end();
    } else if (path === "/hang") {
      // Never answers.
    } else if (path === "/huge") {
      res.writeHead(200, { "Content-Type": "text/html" });
      const chunk = `<p>${"x".repeat(64 * 1024)}</p>`;
      const timer = setInterval(() => {
        if (!res.write(chunk)) return;
      }, 1);
      res.on("close", () => clearInterval(timer));
    } else {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(`<!doctype html><title>page</title><a href="/products/p${seen.length}">next</a>`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("scanner against a hostile storefront", () => {
  it("bounds off-site redirects, hangs, huge pages and endless links, and reports them", { timeout: 120_000 }, async () => {
    const outcome = await scanStorefront({
      baseUrl: base,
      extraPaths: ["/redirect", "/hang", "/huge", "/pages/one-too-many"],
      limits: { maxPages: 8, pageTimeoutMs: 4000, maxPageBytes: 2 * 1024 * 1024, timeLimitMs: 90_000 },
    });
    const issues = outcome.issues.join("\n");
    expect(issues).toContain("tried to leave the storefront for evil.example");
    expect(issues).toContain("/hang did not load in time");
    expect(issues).toMatch(/\/huge (was larger than the per-page limit|did not load in time)/);
    // Pages bounded: at most maxPages per pass, whatever the links say; the rest reported.
    expect(outcome.pages.filter((p) => p.pass === "before").length).toBe(8);
    expect(issues).toContain("Only the first 8 pages were scanned (page limit); 1 more were skipped.");
    expect(seen).not.toContain("/pages/one-too-many");
    expect(outcome.pages.find((p) => p.path === "/redirect")).toMatchObject({ status: null, error: "off_site" });
    expect(seen.filter((p) => p.startsWith("/collections/")).length).toBeLessThanOrEqual(2);
    // The huge page was cut off near its limit, not downloaded in full.
    expect(outcome.bytes).toBeLessThan(2 * 8 * 2 * 1024 * 1024);
    // It still reports what it saw.
    expect(outcome.findings.find((f) => f.name === "early_bird")).toMatchObject({ beforeConsent: true, category: "unclassified" });
  });
});
