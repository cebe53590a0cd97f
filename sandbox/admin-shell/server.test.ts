import { createHmac } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../tests/helpers/storefront/browser";
import { APP_BRIDGE_CDN_URL, APP_BRIDGE_STUB_PATH, startAdminShell, type AdminShell } from "./server";

const API_KEY = "shell-test-key";
const API_SECRET = "shell-test-secret-0123456789abcdef";
const SHOP = "shell-test.myshopify.com";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Fake app</title>
<link rel="preconnect" href="https://cdn.shopify.com/"></head><body>
<script src="${APP_BRIDGE_CDN_URL}" data-api-key="${API_KEY}"></script>
<ui-nav-menu><a href="/page" rel="home">Overview</a><a href="/other">Requests &amp; more</a></ui-nav-menu>
<main><h1>Fake app page</h1></main>
<script>window.__navigated = []; window.__remixRouter = {}; addEventListener("shopify:navigate", (e) => window.__navigated.push(e.target.getAttribute("href")));</script>
</body></html>`;

let upstream: Server;
let upstreamUrl: string;
let shell: AdminShell;
const seen: Seen[] = [];
let releaseStream: (() => void) | undefined;

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function fakeApp(req: IncomingMessage, res: ServerResponse) {
  const body = await readAll(req);
  seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
  const path = new URL(req.url ?? "/", "http://x").pathname;
  if (path === "/page" || path === "/other") {
    res.writeHead(200, { "Content-Type": "text/html", Link: `<${APP_BRIDGE_CDN_URL}>; rel="preload"; as="script";` });
    res.end(PAGE.replace("Fake app page", path === "/page" ? "Fake app page" : "Other page"));
  } else if (path === "/plain") {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end("<!DOCTYPE html><html><head><title>Plain</title></head><body><p>No App Bridge here</p></body></html>");
  } else if (path === "/stream") {
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    res.write("first-chunk;");
    // The rest only once the client has seen the first chunk through the shell.
    releaseStream = () => res.end("second-chunk");
  } else if (path === "/redirect") {
    res.writeHead(302, { Location: `${upstreamUrl}/other?x=1` });
    res.end();
  } else {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ ok: true }));
  }
}

function decodeJwt(token: string) {
  const [header, payload, signature] = token.split(".");
  const expected = createHmac("sha256", API_SECRET).update(`${header}.${payload}`).digest("base64url");
  return {
    header: JSON.parse(Buffer.from(header!, "base64url").toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>,
    signatureValid: signature === expected,
  };
}

function bearerOf(request: Seen | undefined): string {
  const value = String(request?.headers.authorization ?? "");
  expect(value).toMatch(/^Bearer /);
  return value.slice("Bearer ".length);
}

beforeAll(async () => {
  upstream = createServer((req, res) => void fakeApp(req, res));
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  shell = await startAdminShell({ appOrigin: upstreamUrl, apiKey: API_KEY, apiSecret: API_SECRET, shop: SHOP });
});

afterAll(async () => {
  await shell?.close();
  upstream?.closeAllConnections();
  await new Promise<void>((resolve) => upstream?.close(() => resolve()));
});

describe("admin shell proxy", () => {
  it("refuses bad options", async () => {
    await expect(startAdminShell({ appOrigin: upstreamUrl, apiKey: API_KEY, apiSecret: API_SECRET, shop: "not-a-shop.example.com" })).rejects.toThrow(/myshopify/);
    await expect(startAdminShell({ appOrigin: upstreamUrl, apiKey: API_KEY, apiSecret: API_SECRET, shop: SHOP, userId: "abc" })).rejects.toThrow(/numeric/);
    await expect(startAdminShell({ appOrigin: "https://example.com", apiKey: API_KEY, apiSecret: API_SECRET, shop: SHOP })).rejects.toThrow(/http/);
  });

  it("forwards method, path and body with a fresh App Bridge session token, keeping the app's cookies only", async () => {
    seen.length = 0;
    const response = await fetch(`${shell.url}/echo/path?a=1&b=2`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: "app_cookie=1; __sandbox_user=77; other=2" },
      body: "intent=export",
    });
    expect(response.status).toBe(200);
    await fetch(`${shell.url}/echo/again`);
    const [first, second] = seen;
    expect(first).toMatchObject({ method: "POST", url: "/echo/path?a=1&b=2", body: "intent=export" });
    expect(first?.headers.host).toBe(new URL(upstreamUrl).host);
    expect(first?.headers.cookie).toBe("app_cookie=1; other=2");
    const token = decodeJwt(bearerOf(first));
    expect(token.signatureValid).toBe(true);
    expect(token.header).toEqual({ alg: "HS256", typ: "JWT" });
    const now = Math.floor(Date.now() / 1000);
    expect(token.payload).toMatchObject({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: API_KEY, sub: "77" });
    expect(Number(token.payload.exp)).toBeGreaterThan(now);
    expect(Number(token.payload.exp)).toBeLessThanOrEqual(now + 61);
    const again = decodeJwt(bearerOf(second));
    expect(again.payload.sub).toBe("42");
    expect(again.payload.jti).not.toBe(token.payload.jti);
  });

  it("keeps an Authorization header the browser sent itself", async () => {
    seen.length = 0;
    await fetch(`${shell.url}/echo`, { headers: { Authorization: "Bearer forged.token.value" } });
    expect(seen[0]?.headers.authorization).toBe("Bearer forged.token.value");
  });

  it("swaps App Bridge for the local stub in HTML and in the Link header, leaving no cdn.shopify.com reference", async () => {
    const response = await fetch(`${shell.url}/page`);
    const html = await response.text();
    expect(response.headers.get("link")).toBe(`<${APP_BRIDGE_STUB_PATH}>; rel="preload"; as="script";`);
    expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(html));
    expect(html).toContain(`<script src="${APP_BRIDGE_STUB_PATH}" data-api-key="${API_KEY}"></script>`);
    expect(html).not.toContain("cdn.shopify.com");
    // Nothing added or moved: the same elements React will hydrate.
    expect(html.match(/<script/g)).toHaveLength(2);

    const plain = await (await fetch(`${shell.url}/plain`)).text();
    expect(plain).toContain(`<script src="${APP_BRIDGE_STUB_PATH}"></script></body>`);
  });

  it("serves the stub with the shop, key and acting user", async () => {
    const response = await fetch(`${shell.url}${APP_BRIDGE_STUB_PATH}`, { headers: { Cookie: "__sandbox_user=9" } });
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    const source = await response.text();
    expect(source).toContain(`"shop":"${SHOP}"`);
    expect(source).toContain(`"userId":"9"`);
    expect(source).toContain("customElements.define(\"ui-nav-menu\"");
  });

  it("streams non-HTML answers instead of buffering them", async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${shell.url}/stream`, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          // Only a streaming proxy delivers this before the app has finished the response.
          if (text === "first-chunk;") releaseStream?.();
        });
        res.on("end", () => resolve(text));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
    expect(body).toBe("first-chunk;second-chunk");
  });

  it("switches the acting user by query parameter into a cookie, and refuses a malformed id", async () => {
    const switched = await fetch(`${shell.url}/page?${"__sandbox_user"}=1234&keep=yes`, { redirect: "manual" });
    expect(switched.status).toBe(303);
    expect(switched.headers.get("location")).toBe("/page?keep=yes");
    expect(switched.headers.get("set-cookie")).toMatch(/^__sandbox_user=1234; Path=\/; HttpOnly; SameSite=Lax$/);
    const bad = await fetch(`${shell.url}/page?__sandbox_user=1;DROP`, { redirect: "manual" });
    expect(bad.status).toBe(400);
    seen.length = 0;
    await fetch(`${shell.url}/echo`, { headers: { Cookie: "__sandbox_user=not-a-number" } });
    expect(decodeJwt(bearerOf(seen[0])).payload.sub).toBe("42");
  });

  it("maps the app's absolute redirects onto the shell and answers 502 when the app is down", async () => {
    const redirect = await fetch(`${shell.url}/redirect`, { redirect: "manual" });
    expect(redirect.headers.get("location")).toBe(`${shell.url}/other?x=1`);

    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const orphan = await startAdminShell({ appOrigin: deadUrl, apiKey: API_KEY, apiSecret: API_SECRET, shop: SHOP });
    try {
      const response = await fetch(`${orphan.url}/app`);
      expect(response.status).toBe(502);
      expect(await response.text()).toContain("could not reach the app");
    } finally {
      await orphan.close();
    }
  });

  it("hands out session tokens to its own pages only by GET", async () => {
    const token = (await (await fetch(`${shell.url}/__sandbox/session-token`)).json()) as { token: string };
    expect(decodeJwt(token.token).signatureValid).toBe(true);
    expect((await fetch(`${shell.url}/__sandbox/session-token`, { method: "POST" })).status).toBe(405);
    expect((await fetch(`${shell.url}/__sandbox/nothing`)).status).toBe(404);
  });
});

describe("App Bridge stub in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the banner and the app's navigation, dispatches shopify:navigate, and never calls cdn.shopify.com", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on("request", (r) => requested.push(r.url()));
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${shell.url}/page`);

    await expect.poll(() => page.locator("[data-sandbox-banner]").innerText()).toContain("Sandbox — not a real Shopify admin");
    expect(await page.locator("[data-sandbox-banner]").innerText()).toContain(`${SHOP} · acting as staff user 42`);
    const nav = page.getByRole("navigation", { name: "App navigation" });
    await expect.poll(() => nav.getByRole("link").allInnerTexts()).toEqual(["Overview", "Requests & more"]);
    expect(await nav.getByRole("link", { name: "Overview" }).getAttribute("aria-current")).toBe("page");
    // The app's own links are not shown twice.
    expect(await page.locator("ui-nav-menu a").first().isVisible()).toBe(false);
    expect(await page.getByRole("heading", { name: "Fake app page" }).isVisible()).toBe(true);

    await nav.getByRole("link", { name: "Requests & more" }).click();
    expect(await page.evaluate(() => (window as unknown as { __navigated: string[] }).__navigated)).toEqual(["/other"]);

    const token = await page.evaluate(() => (window as unknown as { shopify: { idToken(): Promise<string> } }).shopify.idToken());
    expect(decodeJwt(token)).toMatchObject({ signatureValid: true, payload: { sub: "42", aud: API_KEY } });
    expect(await page.evaluate(() => (window as unknown as { shopify: { config: { apiKey: string } } }).shopify.config.apiKey)).toBe(API_KEY);

    await page.evaluate(() => (window as unknown as { shopify: { toast: { show(m: string): string } } }).shopify.toast.show("Export started"));
    await expect.poll(() => page.getByRole("status").innerText()).toContain("Export started");
    await page.evaluate(() => (window as unknown as { shopify: { loading(on: boolean): void } }).shopify.loading(true));
    expect(await page.getByRole("progressbar", { name: "Loading" }).isVisible()).toBe(true);

    expect(requested.filter((url) => !url.startsWith(shell.url))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("switches the acting user from the banner", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shell.url}/plain`);
    await expect.poll(() => page.locator("[data-sandbox-banner]").innerText()).toContain("acting as staff user 42");
    await page.getByLabel("User id").fill("5150");
    await page.getByRole("button", { name: "Switch user" }).click();
    await expect.poll(() => page.locator("[data-sandbox-banner]").innerText()).toContain("acting as staff user 5150");
    expect(new URL(page.url()).pathname).toBe("/plain");
    const token = await page.evaluate(() => (window as unknown as { shopify: { idToken(): Promise<string> } }).shopify.idToken());
    expect(decodeJwt(token).payload.sub).toBe("5150");
    await context.close();
  });
});
