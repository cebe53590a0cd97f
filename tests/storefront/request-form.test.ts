// The privacy request app block in real Chromium, with and without JavaScript.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium } from "../helpers/storefront/browser";
import { buildPage, type PageOptions } from "../../sandbox/storefront/render";
import { startStorefront, TEST_CODE, TEST_REFERENCE, WAITING_REFERENCE, type StorefrontServer } from "../helpers/storefront/server";

let browser: Browser;
let server: StorefrontServer;
let context: BrowserContext | undefined;

const FORM_BLOCK = { file: "privacy-request-form" };
// The consent banner is left out unless a test needs it: it sits over the bottom of the page.
const FORM_ONLY: PageOptions = { embed: false, blocks: [FORM_BLOCK] };

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startStorefront()]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function open(
  options: PageOptions = FORM_ONLY,
  { javaScript = true, customerLoggedIn = false } = {},
): Promise<{ page: Page; assets: string[] }> {
  server.setPage(await buildPage(options), { customerLoggedIn });
  context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  const assets: string[] = [];
  page.on("request", (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.startsWith("/assets/")) assets.push(pathname);
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(server.url);
  if (javaScript && options.blocks?.length) {
    await page.waitForSelector("[data-privacy-form][data-ready]", { state: "attached" });
  }
  expect(errors).toEqual([]);
  return { page, assets };
}

const requestPosts = () => server.records.filter((r) => r.method === "POST" && r.path === "/apps/privacy/requests");

describe("privacy request form block", () => {
  it("loads its JS and CSS only where the block is placed", async () => {
    const without = await open({ blocks: [] });
    expect(without.assets.some((a) => a.includes("privacy-form"))).toBe(false);
    expect(without.assets).toContain("/assets/consent.js");
    await context?.close();

    const withBlock = await open({ embed: false, blocks: [FORM_BLOCK] });
    expect(withBlock.assets.sort()).toEqual(["/assets/privacy-form.css", "/assets/privacy-form.js"]);
    expect(
      await withBlock.page.evaluate(() => (document.querySelector("script[src*='privacy-form.js']") as HTMLScriptElement).defer),
    ).toBe(true);
  });

  it("shows an inline error for a bad email and sends nothing", async () => {
    const { page } = await open();
    await page.fill("#pf-b1-email", "shopper@example");
    await page.click(".pf-req [type=submit]");
    const error = page.locator("#pf-b1-email-err");
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toBe("Enter a valid email address, like name@example.com.");
    expect(await page.getAttribute("#pf-b1-email", "aria-invalid")).toBe("true");
    expect(await page.getAttribute("#pf-b1-email", "aria-describedby")).toContain("pf-b1-email-err");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("pf-b1-email");
    expect(requestPosts()).toEqual([]);
    expect(await axeViolations(page, ".pf")).toEqual([]);

    // Fixing the value clears the error on the next submit.
    await page.fill("#pf-b1-email", "shopper@example.com");
    await page.click(".pf-req [type=submit]");
    await server.waitFor((r) => r.path === "/apps/privacy/requests");
    expect(await page.getAttribute("#pf-b1-email", "aria-invalid")).toBeNull();
  });

  it("submits form-encoded with the honeypot, then asks for the emailed code and confirms it", async () => {
    const { page } = await open({ ...FORM_ONLY, locale: "en" });
    expect(await axeViolations(page, ".pf")).toEqual([]);

    // The honeypot is in the form but out of sight and out of the tab order.
    const honeypot = page.locator(".pf-req input[name=website]");
    expect(await honeypot.count()).toBe(1);
    expect(await honeypot.getAttribute("tabindex")).toBe("-1");
    expect(await page.locator(".pf-hp").getAttribute("aria-hidden")).toBe("true");
    const box = await page.locator(".pf-hp").boundingBox();
    expect((box?.width ?? 0) <= 1 && (box?.height ?? 0) <= 1).toBe(true);

    await page.selectOption("#pf-b1-type", "erasure");
    await page.fill("#pf-b1-email", "shopper@example.com");
    await page.fill("#pf-b1-msg", "Please delete my account.");
    await page.click(".pf-req [type=submit]");

    const post = await server.waitFor((r) => r.method === "POST" && r.path === "/apps/privacy/requests");
    expect(post.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(post.accept).toContain("application/json");
    expect(Object.fromEntries(new URLSearchParams(post.body))).toEqual({
      locale: "en",
      // customerPrivacy.getRegion() of the emulated storefront (Germany by default).
      region: "DE",
      type: "erasure",
      email: "shopper@example.com",
      correction: "",
      message: "Please delete my account.",
      website: "",
    });

    // Code step: in place, focused, with the reference.
    await page.waitForSelector(".pf-code:not([hidden])");
    expect(await page.isHidden(".pf-req")).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("pf-b1-code");
    expect(await page.textContent(".pf-code .pf-ref")).toBe(TEST_REFERENCE);
    expect(await axeViolations(page, ".pf")).toEqual([]);

    await page.fill("#pf-b1-code", "12ab");
    await page.click(".pf-code [type=submit]");
    await expect.poll(() => page.textContent("#pf-b1-code-err")).toBe("Enter the 6-digit code from the email.");

    await page.fill("#pf-b1-code", "000000");
    await page.click(".pf-code [type=submit]");
    await expect.poll(() => page.textContent("#pf-b1-code-err")).toBe("That code is not valid or has expired.");

    await page.fill("#pf-b1-code", TEST_CODE);
    await page.click(".pf-code [type=submit]");
    await page.waitForSelector(".pf-done:not([hidden])");
    expect(await page.textContent(".pf-done .pf-ref")).toBe(TEST_REFERENCE);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("pf-done");
    const verify = server.records.filter((r) => r.path === `/apps/privacy/requests/${TEST_REFERENCE}/verify`);
    expect(verify.map((r) => new URLSearchParams(r.body).get("code"))).toEqual(["000000", TEST_CODE]);
  });

  it("asks what to correct only for rectification, and requires it", async () => {
    const { page } = await open();
    expect(await page.isVisible("#pf-b1-corr")).toBe(false);
    await page.selectOption("#pf-b1-type", "rectification");
    expect(await page.isVisible("#pf-b1-corr")).toBe(true);
    await page.fill("#pf-b1-email", "shopper@example.com");
    await page.click(".pf-req [type=submit]");
    await expect.poll(() => page.textContent("#pf-b1-corr-err")).toBe("This field is required.");
    expect(requestPosts()).toEqual([]);
    await page.fill("#pf-b1-corr", "My shipping address changed.");
    await page.click(".pf-req [type=submit]");
    const post = await server.waitFor((r) => r.path === "/apps/privacy/requests");
    expect(new URLSearchParams(post.body).get("correction")).toBe("My shipping address changed.");
  });

  it("works without JavaScript: a plain form POST that the app answers with a redirect", async () => {
    const { page } = await open(FORM_ONLY, { javaScript: false });
    await page.selectOption("#pf-b1-type", "access");
    await page.fill("#pf-b1-email", "shopper@example.com");
    await Promise.all([page.waitForURL(`**/apps/privacy/requests/${TEST_REFERENCE}`), page.click(".pf-req [type=submit]")]);
    const post = requestPosts()[0];
    expect(post?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(post?.accept).not.toContain("application/json");
    expect(new URLSearchParams(post?.body).get("type")).toBe("access");

    await page.goto(server.url);
    await page.fill("#pf-b1-ref", TEST_REFERENCE);
    await Promise.all([page.waitForURL(`**/apps/privacy/requests/${TEST_REFERENCE}`), page.click(".pf-look [type=submit]")]);
    expect(server.records.map((r) => `${r.method} ${r.path}`)).toContain(
      `GET /apps/privacy/requests?reference=${TEST_REFERENCE}`,
    );
  });

  it("a signed-in customer sees who the request is for and skips the code step", async () => {
    const { page } = await open(
      { ...FORM_ONLY, locale: "de", customer: { id: 1001, email: "shopper@example.com" } },
      { customerLoggedIn: true },
    );
    expect(await page.textContent(".pf-who")).toBe(
      "Sie sind als shopper@example.com angemeldet. Die Anfrage wird für dieses Konto gestellt.",
    );
    expect(await page.locator("input[name=email][type=email]").count()).toBe(0);
    await page.selectOption("#pf-b1-type", "do_not_sell");
    await page.click(".pf-req [type=submit]");
    const post = await server.waitFor((r) => r.path === "/apps/privacy/requests");
    expect(new URLSearchParams(post.body).get("email")).toBe("shopper@example.com");
    await page.waitForSelector(".pf-done:not([hidden])");
    expect(await page.isHidden(".pf-code")).toBe(true);
    expect(await axeViolations(page, ".pf")).toEqual([]);
  });

  it("a guest who comes back reopens the code step from the status lookup and can ask for a new code", async () => {
    const { page } = await open();
    await page.fill("#pf-b1-ref", WAITING_REFERENCE);
    await page.click(".pf-look [type=submit]");
    await page.waitForSelector(".pf-code:not([hidden])");
    expect(await page.textContent(".pf-code .pf-ref")).toBe(WAITING_REFERENCE);
    await page.click(".pf-code .pf-resend");
    await expect.poll(() => page.textContent(".pf-code .pf-msg")).toBe("A new code is on its way to your email address.");
    const resend = await server.waitFor((r) => r.method === "POST" && r.path === `/apps/privacy/requests/${WAITING_REFERENCE}/resend`);
    expect(resend.accept).toContain("application/json");
    await page.fill("#pf-b1-code", TEST_CODE);
    await page.click(".pf-code [type=submit]");
    await server.waitFor((r) => r.method === "POST" && r.path === `/apps/privacy/requests/${WAITING_REFERENCE}/verify`);
    expect(await axeViolations(page, ".pf")).toEqual([]);
  });

  it("looks up a request's status by reference", async () => {
    const { page } = await open();
    await page.fill("#pf-b1-ref", TEST_REFERENCE);
    await page.click(".pf-look [type=submit]");
    await expect.poll(() => page.textContent(".pf-look .pf-out")).toBe("Status: In progress");
    const lookup = await server.waitFor((r) => r.method === "GET" && r.path === `/apps/privacy/requests/${TEST_REFERENCE}`);
    expect(lookup.accept).toContain("application/json");

    await page.fill("#pf-b1-ref", "PR-0000-0000");
    await page.click(".pf-look [type=submit]");
    await expect.poll(() => page.textContent(".pf-look .pf-msg")).toBe("No request was found with that reference.");
    expect(await page.textContent(".pf-look .pf-out")).toBe("");
  });
});
