// /auth/login (the non-embedded install path), /auth/exit-iframe (no open redirect), who may frame
// the app's documents, and the error page a person sees: in Chromium where a person would look.
import { createHmac } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { adminHeaders, BROWSER_UA, sessionToken } from "../helpers/admin-session";
import { useSandboxShopApp } from "../helpers/app-fixture";
import { launchChromium } from "../helpers/storefront/browser";
import { untilHydrated } from "../helpers/hydration";

const SHOP = SANDBOX_SHOP_DOMAIN;
const HANDLE = SHOP.replace(".myshopify.com", "");
const fixture = useSandboxShopApp({ env: { JOB_WORKER: "off" } });
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const get = (path: string, headers: Record<string, string> = { "User-Agent": BROWSER_UA }) => fetch(new URL(path, fixture.app.url), { headers, redirect: "manual" });

function adminHmacQuery(params: Record<string, string>, secret: string): string {
  const sorted = Object.entries(params).sort(([a], [b]) => a.localeCompare(b));
  const hmac = createHmac("sha256", secret).update(new URLSearchParams(sorted).toString()).digest("hex");
  return new URLSearchParams({ ...params, hmac }).toString();
}

describe("/auth/login", () => {
  it("is a Polaris shop-domain form that sends the merchant to their shop's admin to install", async () => {
    const context = await browser.newContext({ userAgent: BROWSER_UA });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    // The refused shop domain is answered 400, which Chromium reports as a failed resource load.
    page.on("console", (message) => (message.type() === "error" && !/status of 400/.test(message.text()) ? problems.push(`console: ${message.text()}`) : undefined));
    let installUrl: string | null = null;
    await context.route("https://admin.shopify.com/**", async (route) => {
      installUrl = route.request().url();
      await route.fulfill({ status: 200, contentType: "text/html", body: "<title>Shopify admin</title>" });
    });
    const response = await page.goto(new URL("/auth/login", fixture.app.url).toString());
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toBe("frame-ancestors 'none'");
    await page.getByRole("heading", { name: "Log in to Privacy Desk" }).waitFor();
    expect(await page.locator(".Polaris-Page").count()).toBe(1);
    await untilHydrated(page);

    await page.getByLabel("Shop domain").fill("not a shop!");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Enter a shop domain such as example.myshopify.com.").waitFor();

    await page.getByLabel("Shop domain").fill(HANDLE);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/admin\.shopify\.com/);
    expect(installUrl).toBe(`https://admin.shopify.com/store/${HANDLE}/oauth/install?client_id=${fixture.env.SHOPIFY_API_KEY}`);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it("is where admin pages opened without a session token send the browser", async () => {
    const response = await get("/app/requests");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/auth/login");
    expect((await get("/auth/login")).status).toBe(200);
  });
});

describe("/auth/exit-iframe", () => {
  it("opens only this app or the shop's admin in the top window", async () => {
    for (const destination of ["/app?shop=" + SHOP, `${fixture.env.SHOPIFY_APP_URL}/app`, `https://${SHOP}/admin/apps`, `https://admin.shopify.com/store/${HANDLE}/apps`]) {
      const response = await get(`/auth/exit-iframe?shop=${SHOP}&exitIframe=${encodeURIComponent(destination)}`);
      expect({ destination, status: response.status }).toEqual({ destination, status: 200 });
      const html = await response.text();
      expect(html).toContain("app-bridge.js");
      expect(html).toContain(`window.open(${JSON.stringify(new URL(destination, fixture.env.SHOPIFY_APP_URL).toString())}, "_top")`);
      expect(response.headers.get("content-security-policy")).toBe(`frame-ancestors https://${SHOP} https://admin.shopify.com`);
    }
  });

  it("answers 400 and redirects nowhere for another site, a script, another shop's admin or no destination", async () => {
    for (const query of [
      "",
      `shop=${SHOP}`,
      `shop=${SHOP}&exitIframe=${encodeURIComponent("https://evil.example/phish")}`,
      `shop=${SHOP}&exitIframe=${encodeURIComponent("javascript:alert(document.domain)")}`,
      `shop=${SHOP}&exitIframe=${encodeURIComponent("//evil.example/")}`,
      `shop=${SHOP}&exitIframe=${encodeURIComponent("https://other-shop.myshopify.com/admin")}`,
      `shop=evil.example&exitIframe=${encodeURIComponent("https://evil.example/admin")}`,
    ]) {
      const response = await get(`/auth/exit-iframe?${query}`);
      const body = await response.text();
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(body).not.toContain("window.open");
    }
  });
});

describe("frame-ancestors on documents", () => {
  const ancestors = async (path: string, headers?: Record<string, string>) => {
    const response = await get(path, headers);
    await response.arrayBuffer();
    return { status: response.status, csp: response.headers.get("content-security-policy") };
  };
  const SHOP_ONLY = `frame-ancestors https://${SHOP} https://admin.shopify.com`;

  it("names the shop of a verified session token (header, or id_token as Shopify admin loads the iframe)", async () => {
    expect(await ancestors("/app", adminHeaders(fixture.env, SHOP))).toEqual({ status: 200, csp: SHOP_ONLY });
    const host = Buffer.from(`admin.shopify.com/store/${HANDLE}`).toString("base64url");
    expect(await ancestors(`/app?embedded=1&shop=${SHOP}&host=${host}&id_token=${sessionToken(fixture.env, SHOP)}`)).toEqual({ status: 200, csp: SHOP_ONLY });
  });

  it("names the shop of a query Shopify signed, and nobody for a bare or forged shop parameter", async () => {
    const signed = adminHmacQuery({ shop: SHOP, timestamp: String(Math.floor(Date.now() / 1000)) }, fixture.env.SHOPIFY_API_SECRET!);
    expect(await ancestors(`/no-such-page?${signed}`)).toEqual({ status: 404, csp: SHOP_ONLY });
    expect(await ancestors(`/no-such-page?shop=${SHOP}`)).toEqual({ status: 404, csp: "frame-ancestors 'none'" });
    const forged = adminHmacQuery({ shop: SHOP, timestamp: String(Math.floor(Date.now() / 1000)) }, "f".repeat(48));
    expect(await ancestors(`/no-such-page?${forged}`)).toEqual({ status: 404, csp: "frame-ancestors 'none'" });
    expect(await ancestors("/")).toEqual({ status: 200, csp: "frame-ancestors 'none'" });
    const forgedToken = sessionToken(fixture.env, SHOP, "42", "f".repeat(48));
    expect((await ancestors(`/no-such-page?id_token=${forgedToken}`)).csp).toBe("frame-ancestors 'none'");
  });

  it("never allows the library's extra development hosts", async () => {
    const host = Buffer.from(`admin.shopify.com/store/${HANDLE}`).toString("base64url");
    const bounce = await ancestors(`/auth/session-token?shop=${SHOP}&host=${host}`);
    expect(bounce.csp).toBe(SHOP_ONLY);
    expect(bounce.csp).not.toMatch(/spin\.dev|myshopify\.io|shop\.dev/);
  });
});

describe("error pages", () => {
  it("show a plain sentence and the reference the server logged the details under, and hydrate without errors", async () => {
    const context = await browser.newContext({ userAgent: BROWSER_UA });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    page.on("console", (message) => (message.type() === "error" && !/Failed to load resource/.test(message.text()) ? problems.push(`console: ${message.text()}`) : undefined));
    const response = await page.goto(new URL("/no-such-page/%F0%9F%92%A9", fixture.app.url).toString());
    expect(response?.status()).toBe(404);
    const requestId = response?.headers()["x-request-id"];
    expect(requestId).toMatch(/^[0-9a-f]{16}$/);
    await page.getByText("There is nothing here.").waitFor();
    expect(await page.locator("[data-request-id]").textContent()).toBe(requestId);
    await page.waitForLoadState("networkidle");
    const html = await page.content();
    expect(html).not.toMatch(/No route matches|Error: /);
    expect(problems).toEqual([]);
    expect(fixture.app.logs()).toContain(`"requestId":"${requestId}"`);
    await context.close();
  }, 60_000);
});
