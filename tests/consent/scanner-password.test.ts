// A password-protected (development) storefront, as Shopify serves one: every page redirects to
// /password until the password form is posted, which sets the storefront_digest cookie.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanStorefront } from "../../app/modules/scanner/scan.server";

const PASSWORD = "sandbox-dev-store-7";
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const unlocked = (req.headers.cookie ?? "").includes("storefront_digest=ok");
    if (url.pathname === "/password" && req.method === "POST") {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const ok = new URLSearchParams(body).get("password") === PASSWORD;
        res.writeHead(302, ok ? { Location: "/", "Set-Cookie": "storefront_digest=ok; Path=/; HttpOnly" } : { Location: "/password" });
        res.end();
      });
      return;
    }
    if (url.pathname === "/password") {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(`<!doctype html><title>Opening soon</title><form method="post" action="/password"><input type="hidden" name="form_type" value="storefront_password"><label>Password <input type="password" name="password"></label><button>Enter</button></form>`);
      return;
    }
    if (!unlocked) {
      res.writeHead(302, { Location: "/password" });
      res.end();
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(`<!doctype html><title>Store</title><script>document.cookie="_shopify_y=abc; path=/; max-age=3600"</script><a href="/collections/all">All</a>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("scanner and password-protected storefronts", () => {
  it("enters the storefront password and scans the real pages", { timeout: 90_000 }, async () => {
    const outcome = await scanStorefront({ baseUrl: base, password: PASSWORD, limits: { maxPages: 3 } });
    expect(outcome.pages.filter((p) => p.pass === "before").map((p) => [p.path, p.status])).toEqual([
      ["/", 200],
      ["/collections/all", 200],
      ["/cart", 200],
    ]);
    expect(outcome.findings.find((f) => f.name === "storefront_digest")).toMatchObject({ category: "necessary", provider: "Shopify" });
    expect(outcome.findings.find((f) => f.name === "_shopify_y")).toMatchObject({ category: "analytics", beforeConsent: true });
  });

  it("without the password, says so instead of scanning the password page", { timeout: 90_000 }, async () => {
    const outcome = await scanStorefront({ baseUrl: base, limits: { maxPages: 2 } });
    expect(outcome.issues).toContain("The storefront is password-protected; add its password in the scanner settings.");
    expect(outcome.findings.find((f) => f.name === "_shopify_y")).toBeUndefined();
  });
});
