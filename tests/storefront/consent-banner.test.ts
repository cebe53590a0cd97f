// The consent banner app embed in real Chromium against the emulated Customer Privacy API.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium } from "../helpers/storefront/browser";
import { buildPage, type PageOptions, type RecordedPrivacyCall } from "../../sandbox/storefront/render";
import { startStorefront, type ProxyRecord, type StorefrontServer } from "../helpers/storefront/server";

let browser: Browser;
let server: StorefrontServer;
let context: BrowserContext | undefined;

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

/** Opens the page and waits until consent.js has initialised (its markup is in <body>). */
async function open(options: PageOptions = {}): Promise<Page> {
  server.setPage(await buildPage(options));
  context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(server.url);
  await page.waitForSelector("body > #pc-p", { state: "attached" });
  expect(errors).toEqual([]);
  return page;
}

const calls = (page: Page) => page.evaluate(() => (window as unknown as { __privacyCalls: RecordedPrivacyCall[] }).__privacyCalls);

const consentBeacons = () => server.records.filter((r) => r.path === "/apps/privacy/consent");

async function beacon(): Promise<Record<string, unknown>> {
  const record: ProxyRecord = await server.waitFor((r) => r.path === "/apps/privacy/consent");
  expect(record.method).toBe("POST");
  expect(record.contentType).toMatch(/^application\/json/);
  return JSON.parse(record.body) as Record<string, unknown>;
}

const dataLayer = (page: Page) =>
  page.evaluate(() =>
    ((window as unknown as { dataLayer?: ArrayLike<unknown>[] }).dataLayer ?? []).map((entry) => Array.from(entry)),
  );

const checked = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      ["analytics", "marketing", "preferences", "sale_of_data"].map((k) => [
        k,
        (document.querySelector(`#pc-p input[name="${k}"]`) as HTMLInputElement).checked,
      ]),
    ),
  );

const activeId = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? el.id || el.getAttribute("data-pc") || el.getAttribute("name") || el.tagName : null;
  });

const ALL = { analytics: true, marketing: true, preferences: true, sale_of_data: true };
const NONE = { analytics: false, marketing: false, preferences: false, sale_of_data: false };

describe("consent banner", () => {
  it("appears only once the API says so, takes focus, and records nothing before a shopper action", async () => {
    const page = await open({ privacy: { shouldShowBanner: true, region: "DE" } });
    const banner = page.locator("#pc-b");
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await activeId(page)).toBe("pc-b");
    expect(await page.getAttribute("#pc-b", "role")).toBe("dialog");

    // Rendered in <head> without ending it early: later head elements stay in <head>.
    expect(await page.evaluate(() => !!document.head.querySelector('meta[name="test-after-embed"]'))).toBe(true);
    expect(await page.evaluate(() => document.querySelector("script[src*='consent.js']")?.hasAttribute("defer"))).toBe(true);

    // Nothing recorded, stored or sent until the shopper chooses.
    expect(await calls(page)).toEqual([]);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(consentBeacons()).toEqual([]);
    expect(await page.isVisible("#pc-p")).toBe(false);
    expect(await page.isVisible("#pc-f")).toBe(false);
    expect(await page.isVisible("#pc-b [data-sod], #pc-p [data-sod]")).toBe(false);
  });

  it("gives Accept all, Reject all and Customise equal prominence, on desktop and on a phone", async () => {
    const page = await open();
    for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
      await page.setViewportSize(viewport);
      await expectEqualButtons(page);
    }
  });

  async function expectEqualButtons(page: Page): Promise<void> {
    const styles = await page.$$eval("#pc-b .pc-r button", (buttons) =>
      buttons.map((b) => {
        const s = getComputedStyle(b);
        const r = b.getBoundingClientRect();
        return {
          text: b.textContent,
          look: [s.fontSize, s.fontWeight, s.color, s.backgroundColor, s.borderTopWidth, s.borderTopColor, s.paddingTop].join("|"),
          height: Math.round(r.height),
          width: Math.round(r.width),
        };
      }),
    );
    expect(styles.map((s) => s.text)).toEqual(["Accept all", "Reject all", "Customise"]);
    expect(new Set(styles.map((s) => s.look)).size).toBe(1);
    expect(new Set(styles.map((s) => s.height)).size).toBe(1);
    const widths = styles.map((s) => s.width);
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(2);
  }

  it("Accept all: one setTrackingConsent call, one proof-of-consent beacon, Consent Mode updated", async () => {
    const page = await open({ embed: { consent_mode: true, notice_version: "2026-03" }, privacy: { region: "DE" } });
    expect(await dataLayer(page)).toEqual([
      [
        "consent",
        "default",
        { ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied", wait_for_update: 500 },
      ],
    ]);
    await page.click("#pc-b [data-pc=accept]");
    const body = await beacon();
    expect(await calls(page)).toEqual([{ method: "setTrackingConsent", consent: ALL }]);
    const visitorId = await page.evaluate(() => localStorage.getItem("privacy_vid"));
    expect(visitorId).toMatch(/^[0-9a-f]{32}$/);
    expect(body).toEqual({
      visitorId,
      noticeVersion: "2026-03",
      categories: ALL,
      region: "DE",
      gpc: false,
      action: "accept_all",
      locale: "en",
    });
    expect(await page.evaluate(() => document.cookie)).toBe("");
    expect((await dataLayer(page)).at(-1)).toEqual([
      "consent",
      "update",
      { ad_storage: "granted", ad_user_data: "granted", ad_personalization: "granted", analytics_storage: "granted" },
    ]);
    expect(await page.isVisible("#pc-b")).toBe(false);
    expect(await page.isVisible("#pc-f")).toBe(true);
    expect(consentBeacons()).toHaveLength(1);
  });

  it("Reject all: everything false, and no Consent Mode calls unless the merchant enabled it", async () => {
    const page = await open({ locale: "de", privacy: { region: "FR" } });
    expect(await page.textContent("#pc-b [data-pc=reject]")).toBe("Alle ablehnen");
    await page.click("#pc-b [data-pc=reject]");
    const body = await beacon();
    expect(await calls(page)).toEqual([{ method: "setTrackingConsent", consent: NONE }]);
    expect(body).toMatchObject({ categories: NONE, action: "reject_all", region: "FR", gpc: false, locale: "de", noticeVersion: "1" });
    expect(await dataLayer(page)).toEqual([]);
    expect(await page.isVisible("#pc-b")).toBe(false);
  });

  it("Preferences: saves exactly the ticked categories; no sale-of-data toggle outside sale-of-data regions", async () => {
    const page = await open({ privacy: { region: "DE", saleOfDataRegion: false } });
    await page.click("#pc-b [data-pc=prefs]");
    await page.waitForSelector("#pc-p[open]");
    expect(await page.evaluate(() => (document.querySelector("#pc-p") as HTMLDialogElement).matches(":modal"))).toBe(true);
    expect(await activeId(page)).toBe("analytics");
    expect(await checked(page)).toEqual(NONE);
    expect(await page.isVisible("#pc-p input[name=sale_of_data]")).toBe(false);
    expect(await calls(page)).toEqual([]);

    await page.check("#pc-p input[name=analytics]");
    await page.check("#pc-p input[name=preferences]");
    await page.click("#pc-p [data-pc=save]");
    const body = await beacon();
    const expected = { analytics: true, marketing: false, preferences: true, sale_of_data: false };
    expect(await calls(page)).toEqual([{ method: "setTrackingConsent", consent: expected }]);
    expect(body).toMatchObject({ categories: expected, action: "custom" });
    expect(await page.isVisible("#pc-p")).toBe(false);
    expect(await page.isVisible("#pc-b")).toBe(false);
  });

  it("sale-of-data regions get the toggle, and opt-out defaults in the preferences panel", async () => {
    const page = await open({ privacy: { region: "USCA", saleOfDataRegion: true, shouldShowBanner: false } });
    expect(await page.isVisible("#pc-b")).toBe(false);
    // A "Do not sell" path must exist even without the banner: the floating button.
    expect(await page.isVisible("#pc-f")).toBe(true);
    await page.click("footer [data-privacy-preferences]");
    await page.waitForSelector("#pc-p[open]");
    expect(await page.isVisible("#pc-p input[name=sale_of_data]")).toBe(true);
    expect(await checked(page)).toEqual(ALL);
    await page.uncheck("#pc-p input[name=sale_of_data]");
    await page.click("#pc-p [data-pc=save]");
    const body = await beacon();
    const expected = { ...ALL, sale_of_data: false };
    expect(await calls(page)).toEqual([{ method: "setTrackingConsent", consent: expected }]);
    expect(body).toMatchObject({ categories: expected, action: "custom", region: "USCA" });
  });

  it("no banner and no floating button where shouldShowBanner() is false and nothing applies", async () => {
    const page = await open({ privacy: { region: "JP", shouldShowBanner: false, saleOfDataRegion: false } });
    expect(await page.isHidden("#pc-b")).toBe(true);
    expect(await page.isHidden("#pc-f")).toBe(true);
    expect(await calls(page)).toEqual([]);
    // The merchant's own link still reopens the preferences.
    await page.click("footer [data-privacy-preferences]");
    await page.waitForSelector("#pc-p[open]");
    expect(consentBeacons()).toEqual([]);
  });

  it("does nothing when the Customer Privacy API fails to load", async () => {
    server.setPage(await buildPage({ privacy: { loadError: true } }));
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.readyState === "complete");
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    expect(await page.locator("#pc-b").count()).toBe(0);
    expect(await calls(page)).toEqual([]);
  });

  it("Global Privacy Control: marketing and sale of data pre-unchecked, gpc recorded", async () => {
    const page = await open({ gpc: true, privacy: { region: "USCO", saleOfDataRegion: true, shouldShowBanner: false } });
    await page.click("#pc-f");
    await page.waitForSelector("#pc-p[open]");
    expect(await page.isVisible("#pc-p .pc-g")).toBe(true);
    expect(await checked(page)).toEqual({ analytics: true, marketing: false, preferences: true, sale_of_data: false });
    await page.click("#pc-p [data-pc=save]");
    const body = await beacon();
    const expected = { analytics: true, marketing: false, preferences: true, sale_of_data: false };
    expect(await calls(page)).toEqual([{ method: "setTrackingConsent", consent: expected }]);
    expect(body).toMatchObject({ categories: expected, gpc: true, action: "custom", region: "USCO" });
  });

  it("Global Privacy Control: Accept all still leaves marketing and sale of data off", async () => {
    const page = await open({ gpc: true, privacy: { region: "USCA", saleOfDataRegion: true, shouldShowBanner: true } });
    expect(await page.isVisible("#pc-b .pc-g")).toBe(true);
    await page.click("#pc-b [data-pc=accept]");
    const body = await beacon();
    const expected = { analytics: true, marketing: false, preferences: true, sale_of_data: false };
    expect(await calls(page)).toEqual([{ method: "setTrackingConsent", consent: expected }]);
    expect(body).toMatchObject({ categories: expected, gpc: true, action: "accept_all" });
  });

  it("keyboard only: Tab to the buttons, Enter opens preferences, focus is trapped, Escape closes, Space rejects", async () => {
    const page = await open({ privacy: { region: "DE" } });
    expect(await activeId(page)).toBe("pc-b");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("#pc-m") !== null)).toBe(true); // policy link
    await page.keyboard.press("Tab");
    expect(await activeId(page)).toBe("accept");
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement as Element);
      return [s.outlineStyle, s.outlineWidth];
    });
    expect(outline).toEqual(["solid", "3px"]);
    await page.keyboard.press("Tab");
    expect(await activeId(page)).toBe("reject");
    await page.keyboard.press("Tab");
    expect(await activeId(page)).toBe("prefs");

    await page.keyboard.press("Enter");
    await page.waitForSelector("#pc-p[open]");
    expect(await activeId(page)).toBe("analytics");
    await page.keyboard.press("Space");
    expect((await checked(page)).analytics).toBe(true);

    // Shift+Tab from the first control wraps to the last; Tab from the last wraps to the first.
    await page.keyboard.press("Shift+Tab");
    expect(await activeId(page)).toBe("close");
    await page.keyboard.press("Tab");
    expect(await activeId(page)).toBe("analytics");
    for (let i = 0; i < 10; i += 1) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => !!document.activeElement?.closest("#pc-p"))).toBe(true);
    }

    // The dialog's close event (which puts focus back on the opener) comes as a task after the
    // dialog closes: a key pressed before it would have its focus move undone. Wait for it.
    await page.evaluate(() => {
      const w = window as unknown as { __closeHandled: Promise<void> };
      w.__closeHandled = new Promise<void>((resolve) => document.getElementById("pc-p")!.addEventListener("close", () => setTimeout(resolve, 0), { once: true }));
    });
    await page.keyboard.press("Escape");
    await page.evaluate(() => (window as unknown as { __closeHandled: Promise<void> }).__closeHandled);
    await page.waitForSelector("#pc-p:not([open])", { state: "attached" });
    expect(await activeId(page)).toBe("prefs");
    expect(await calls(page)).toEqual([]);
    expect(await page.isVisible("#pc-b")).toBe(true);

    await page.keyboard.press("Shift+Tab");
    expect(await activeId(page)).toBe("reject");
    await page.keyboard.press("Space");
    await beacon();
    expect(await calls(page)).toEqual([{ method: "setTrackingConsent", consent: NONE }]);
    // Focus is not lost to <body>: it lands on the floating reopen button.
    expect(await activeId(page)).toBe("pc-f");
  });

  it("reopening shows the current consent, and closing returns focus", async () => {
    const page = await open({
      embed: { consent_mode: true },
      privacy: {
        shouldShowBanner: false,
        region: "DE",
        consent: { analytics: "yes", marketing: "no", preferences: "yes", sale_of_data: "" },
      },
    });
    // A returning visitor's stored choice reaches Google Consent Mode without a new decision.
    expect((await dataLayer(page)).at(-1)).toEqual([
      "consent",
      "update",
      { ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "granted" },
    ]);
    expect(await page.isVisible("#pc-f")).toBe(true);
    await page.focus("#pc-f");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#pc-p[open]");
    const { sale_of_data: _hiddenOutsideSaleRegions, ...shown } = await checked(page);
    expect(shown).toEqual({ analytics: true, marketing: false, preferences: true });
    await page.click("#pc-p [data-pc=close]");
    await expect.poll(() => activeId(page)).toBe("pc-f");
    expect(await calls(page)).toEqual([]);

    // After a new decision the panel reflects it.
    await page.click("#pc-f");
    await page.click("#pc-p [data-pc=accept]");
    await beacon();
    await page.click("#pc-f");
    expect(await checked(page)).toEqual(ALL);
  });

  it("merchant texts and colours override the defaults", async () => {
    const page = await open({
      embed: { title: "Cookies, your call", accept_label: "Allow all", background: "#0b3d2e", text: "#ffffff", button: "#ffffff", button_text: "#0b3d2e" },
    });
    expect(await page.textContent("#pc-t")).toBe("Cookies, your call");
    expect(await page.textContent("#pc-b [data-pc=accept]")).toBe("Allow all");
    const colours = await page.$eval("#pc-b", (el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
    expect(colours).toEqual(["rgb(11, 61, 46)", "rgb(255, 255, 255)"]);
    expect(await axeViolations(page, "#pc-b")).toEqual([]);
  });

  it("passes axe (WCAG 2.2 AA) with the banner open and with the preferences dialog open", async () => {
    const page = await open({ gpc: true, privacy: { region: "USCA", saleOfDataRegion: true, shouldShowBanner: true } });
    expect(await axeViolations(page)).toEqual([]);
    await page.click("#pc-b [data-pc=prefs]");
    await page.waitForSelector("#pc-p[open]");
    expect(await axeViolations(page)).toEqual([]);
  });
});
