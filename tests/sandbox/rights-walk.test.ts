// Rights carried out as the law says, walked in Chromium through the sandbox (`npm run local`'s
// parts): a guest who reloads still finishes on the status page (code box, one resend), the
// region switch feeds customerPrivacy.getRegion() and so the law, a California opt-out needs no
// code and is applied in Shopify from the request page, and a correction is seen beside
// Shopify's current values and applied in one step.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { SANDBOX_CUSTOMERS } from "../../sandbox/admin-api/seed";
import { startSandbox, type Sandbox } from "../../sandbox/start";
import { BROWSER_UA } from "../helpers/admin-session";
import { assertBuilt } from "../helpers/app-server";
import { openDb } from "../helpers/db-client";
import { launchChromium } from "../helpers/storefront/browser";
import { testAppEnv } from "../helpers/test-env";
import { untilHydrated } from "../helpers/hydration";

const ADA_ID = SANDBOX_CUSTOMERS.ada.split("/").pop()!;

let dir: string;
let sandbox: Sandbox;
let browser: Browser;
let context: BrowserContext | undefined;
let db: Db;
let pageErrors: string[] = [];

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), "sandbox-rights-"));
  sandbox = await startSandbox({ appEnv: testAppEnv(`file:${join(dir, "sandbox.sqlite")}`), onAppOutput: () => undefined });
  db = openDb(sandbox.appEnv.DATABASE_URL!);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  pageErrors = [];
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  expect(pageErrors).toEqual([]);
});

async function newPage(): Promise<Page> {
  context ??= await browser.newContext({ viewport: { width: 1280, height: 900 }, userAgent: BROWSER_UA, acceptDownloads: true });
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return page;
}

/** The sandbox's control bar: who the shopper is and where Shopify says they are. */
async function shopper(page: Page, region: string, customerId = ""): Promise<void> {
  await page.goto(`${sandbox.storefrontUrl}/`);
  await page.selectOption("[data-sandbox-controls] select[name=region]", region);
  await page.selectOption("[data-sandbox-controls] select[name=customer]", customerId);
  await page.click("[data-sandbox-controls] button[type=submit]:not([formaction])");
  await page.waitForSelector("#pf-b1-type");
}

async function mailFor(predicate: (m: { to: string[]; subject: string; text: string }) => boolean, after = 0) {
  await expect.poll(() => sandbox.mailbox.messages.filter(predicate).length, { timeout: 15_000 }).toBeGreaterThan(after);
  return sandbox.mailbox.messages.filter(predicate).at(-1)!;
}

const codeOf = (text: string) => /code is (\d{6})/.exec(text)![1]!;

describe("rights in the sandbox", () => {
  it("a guest submits, reloads, enters the code on the status page, resends once, and verifies", async () => {
    const page = await newPage();
    const email = "returning.guest@example.com";
    await shopper(page, "DE");
    await page.selectOption("#pf-b1-type", "access");
    await page.fill("#pf-b1-email", email);
    await page.click(".pf-req [type=submit]");
    await page.waitForSelector(".pf-code:not([hidden])");
    const reference = ((await page.textContent(".pf-code .pf-ref")) ?? "").trim();

    // The shopper reloads: the in-page code step is gone.
    await page.reload();
    await page.waitForSelector("#pf-b1-type");
    expect(await page.isHidden(".pf-code")).toBe(true);

    // The email links straight to the request's status page.
    const isCode = (m: { to: string[]; subject: string }) => m.to.includes(email) && m.subject.includes(reference);
    const first = await mailFor(isCode);
    const link = new URL(/(https:\/\/\S+\/requests\/\S+)/.exec(first.text)![1]!);
    expect(link.host).toBe(sandbox.shop);
    await page.goto(`${sandbox.storefrontUrl}${link.pathname}`);
    await page.getByText("Waiting for you to confirm your email address").waitFor();
    expect(await page.locator("#privacy-code").count()).toBe(1);

    // One resend: a new code arrives and the old one stops working.
    await page.getByRole("button", { name: "Send a new code" }).click();
    await page.getByText("A new code is on its way to your email address.").waitFor();
    const second = await mailFor(isCode, 1);
    expect(sandbox.mailbox.messages.filter(isCode)).toHaveLength(2);
    const [oldCode, newCode] = [codeOf(first.text), codeOf(second.text)];
    if (oldCode !== newCode) {
      await page.fill("#privacy-code", oldCode);
      await page.getByRole("button", { name: "Confirm" }).click();
      await page.getByText("That code is not valid or has expired.").waitFor();
    }
    await page.fill("#privacy-code", newCode);
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.getByText("Thank you: your email address is confirmed.").waitFor();
    expect(await page.locator("#privacy-code").count()).toBe(0);
    const row = await db.privacyRequest.findFirstOrThrow({ where: { reference } });
    expect(row).toMatchObject({ status: "verified", regulation: "gdpr" });
  }, 60_000);

  /** The request page's "More actions" menu, opened and read, then closed. */
  async function moreActions(page: Page): Promise<string[]> {
    await page.getByRole("button", { name: "More actions" }).click();
    const items = page.getByRole("menuitem");
    await items.first().waitFor();
    const labels = (await items.allTextContents()).map((t) => t.trim());
    await page.keyboard.press("Escape");
    return labels;
  }

  it("the region switch decides the law: Brazil is LGPD, a California opt-out needs no code and is applied in Shopify", async () => {
    const page = await newPage();
    await shopper(page, "BRSP");
    await page.selectOption("#pf-b1-type", "access");
    await page.fill("#pf-b1-email", "brazil.guest@example.com");
    await page.click(".pf-req [type=submit]");
    await page.waitForSelector(".pf-code:not([hidden])");
    const brazil = ((await page.textContent(".pf-code .pf-ref")) ?? "").trim();
    const brazilRow = await db.privacyRequest.findFirstOrThrow({ where: { reference: brazil } });
    expect(brazilRow.regulation).toBe("lgpd");
    expect(brazilRow.dueAt.getTime() - brazilRow.receivedAt.getTime()).toBe(15 * 86_400_000);

    // The merchant knows better (the customer lives in Portugal): the law changes with a reason.
    await page.goto(`${sandbox.adminUrl}/requests/${brazilRow.id}`);
    await untilHydrated(page);
    await page.getByText("Law: LGPD").waitFor();
    expect(await moreActions(page)).not.toContain("Extend deadline");
    await page.getByLabel("Change the law that applies").selectOption("gdpr");
    await page.getByLabel("Reason for the change (kept in the audit log)").fill("Customer lives in Portugal");
    await page.getByRole("button", { name: "Change law and recompute the deadline" }).click();
    await page.getByText("Regulation changed; the deadline was recomputed.").waitFor();
    await page.getByText("Law: GDPR").waitFor();
    expect(await moreActions(page)).toContain("Extend deadline");
    const changed = await db.privacyRequest.findUniqueOrThrow({ where: { id: brazilRow.id } });
    expect(changed.regulation).toBe("gdpr");
    expect(changed.dueAt.getTime()).toBeGreaterThan(brazilRow.dueAt.getTime());
    await page.goto(`${sandbox.storefrontUrl}/`);

    await shopper(page, "USCA");
    await page.selectOption("#pf-b1-type", "do_not_sell");
    await page.fill("#pf-b1-email", "ada.example@example.com");
    await page.click(".pf-req [type=submit]");
    // No code step: straight to done.
    await page.waitForSelector(".pf-done:not([hidden])");
    const reference = ((await page.textContent(".pf-done .pf-ref")) ?? "").trim();
    const row = await db.privacyRequest.findFirstOrThrow({ where: { reference } });
    expect(row).toMatchObject({ regulation: "ccpa", status: "verified" });

    await page.goto(`${sandbox.adminUrl}/requests/${row.id}`);

    await untilHydrated(page);
    await page.getByText("Law: CCPA/CPRA").waitFor();
    await page.getByText("The deadline cannot be extended.").waitFor();
    expect(await moreActions(page)).not.toContain("Extend deadline");
    await page.getByRole("button", { name: "Opt out of data sale in Shopify and complete" }).click();
    await page.getByText(/^Opted out of data sale in Shopify/).waitFor();
    expect(sandbox.standin.state.customer(SANDBOX_CUSTOMERS.ada)?.dataSaleOptOut).toBe(true);
    expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("completed");
  }, 60_000);

  it("shows a requested correction beside Shopify's current values and applies it in one step", async () => {
    const page = await newPage();
    await shopper(page, "DE", ADA_ID);
    await page.selectOption("#pf-b1-type", "rectification");
    await page.fill("#pf-b1-corr", "My last name is <b>Lovelace-Byron</b>");
    await page.fill("#pf-b1-msg", "Thank you {{ shop.name }}");
    await page.click(".pf-req [type=submit]");
    await page.waitForSelector(".pf-done:not([hidden])");
    const reference = ((await page.textContent(".pf-done .pf-ref")) ?? "").trim();
    const row = await db.privacyRequest.findFirstOrThrow({ where: { reference } });

    await page.goto(`${sandbox.adminUrl}/requests/${row.id}`);

    await untilHydrated(page);
    // The shopper's words, as text (escaped), not markup.
    await page.getByText("My last name is <b>Lovelace-Byron</b>").waitFor();
    await page.getByText("Thank you {{ shop.name }}").waitFor();
    expect(await page.locator("b", { hasText: "Lovelace-Byron" }).count()).toBe(0);

    const fetches = () => sandbox.standin.requests.filter((r) => r.operationName === "CustomerCurrentValues").length;
    expect(fetches()).toBe(0);
    await page.getByRole("button", { name: "Show current values from Shopify" }).click();
    await page.getByText("Last name in Shopify").waitFor();
    expect(fetches()).toBe(1);
    const current = sandbox.standin.state.customer(SANDBOX_CUSTOMERS.ada)!;
    // The correction form is prefilled with Shopify's values: change what was asked, apply.
    await expect.poll(() => page.getByLabel("First name").inputValue()).toBe(current.firstName);
    expect(await page.getByLabel("Last name", { exact: true }).inputValue()).toBe(current.lastName);
    await page.getByLabel("Last name", { exact: true }).fill("Lovelace-Byron");
    await page.getByRole("button", { name: "Apply the correction in Shopify" }).click();
    await page.getByText(/^Updated in Shopify/).waitFor();
    expect(sandbox.standin.state.customer(SANDBOX_CUSTOMERS.ada)?.lastName).toBe("Lovelace-Byron");
  }, 60_000);

  it("the HTML copy of their data reads as a document for the person in Chromium", async () => {
    const page = await newPage();
    await shopper(page, "DE", ADA_ID);
    await page.selectOption("#pf-b1-type", "access");
    await page.click(".pf-req [type=submit]");
    await page.waitForSelector(".pf-done:not([hidden])");
    const reference = ((await page.textContent(".pf-done .pf-ref")) ?? "").trim();
    const row = await db.privacyRequest.findFirstOrThrow({ where: { reference } });

    await page.goto(`${sandbox.adminUrl}/requests/${row.id}`);

    await untilHydrated(page);
    await page.getByRole("button", { name: "Export from Shopify" }).click();
    const deadline = Date.now() + 60_000;
    while ((await page.getByRole("button", { name: /^Download HTML/ }).count()) === 0) {
      if (Date.now() > deadline) throw new Error("export did not finish");
      await new Promise((r) => setTimeout(r, 500));
      await page.reload();
    }
    await untilHydrated(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^Download HTML/ }).click()]);
    const html = readFileSync((await download.path())!, "utf8");

    const doc = await newPage();
    await doc.setContent(html);
    for (const heading of ["Your profile", "Addresses", /^Orders \(\d+\)$/, "Marketing consent", "Your privacy requests to this shop", "Your cookie and tracking choices"]) {
      expect(await doc.getByRole("heading", { level: 2, name: heading }).count()).toBe(1);
    }
    const text = (await doc.locator("main").innerText()).replace(/\s+/g, " ");
    const ada = sandbox.standin.state.customer(SANDBOX_CUSTOMERS.ada)!;
    expect(text).toContain(`Name ${ada.firstName} ${ada.lastName}`);
    // The requester's language (English here) and the shop's zone, named.
    expect(text).toMatch(/Placed [A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M \([A-Za-z_]+(\/[A-Za-z_]+)*\)/);
    expect(text).toContain(`Request ${reference}`);
    expect(text).not.toMatch(/gid:\/\/|defaultAddress|provinceCode|\d{4}-\d{2}-\d{2}T/);
  }, 90_000);
});
