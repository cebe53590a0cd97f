import { beforeAll, describe, expect, it } from "vitest";
import type { PrivacyRequest } from "@prisma/client";
import type { Db } from "../../app/platform/db.server";
import { addBusinessDays } from "../../app/modules/requests/rules/deadlines";
import type { AdminApiStandin } from "../../sandbox/admin-api/server";
import { SANDBOX_ACCESS_TOKEN, SANDBOX_CUSTOMERS, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { signedProxyUrl } from "../../sandbox/signing/app-proxy";
import { adminHeaders } from "../helpers/admin-session";
import type { RunningApp } from "../helpers/app-server";
import { useSandboxShopApp } from "../helpers/app-fixture";
import { requestAction } from "../helpers/requests";
import { runCli } from "../helpers/cli";
import { countsForDeadlinePerformance, NEVER_VERIFIED_REASON } from "../../app/modules/requests/rules/unverified";
import type { CapturedMail, SmtpCapture } from "../helpers/smtp";

// Every right as its law says: the storefront's region picks the law, the law sets the deadline,
// whether a code is needed and whether the deadline can be extended, and the emails say so.

const SHOP = SANDBOX_SHOP_DOMAIN;
const OWNER = "31";
const DAY = 86_400_000;
const ALL_LAWS = "gdpr,uk_gdpr,swiss_fadp,ccpa,us_va,us_co,us_ct,us_ut,us_tx,us_or,lgpd,pipeda,quebec";

let standin: AdminApiStandin;
let smtp: SmtpCapture;
let app: RunningApp;
let db: Db;
let env: Record<string, string>;

const fixture = useSandboxShopApp({ smtp: {} });
beforeAll(async () => {
  ({ standin, app, db, env } = fixture);
  smtp = fixture.smtp!;
  await db.shopSettings.create({ data: { shopDomain: SHOP, regulations: ALL_LAWS } });
});

let nextIp = 1;
let nextMail = 1;

/** POSTs the storefront form through the app proxy, signed as Shopify signs it. */
async function file(input: { type: string; region: string; email?: string; customerId?: string; customerRegion?: string; correction?: string; message?: string }) {
  const email = input.email ?? `shopper.${nextMail++}@example.com`;
  const url = signedProxyUrl(app.url, "/requests", { shop: SHOP, customerId: input.customerId ?? "" }, env.SHOPIFY_API_SECRET!);
  const body = new URLSearchParams({
    type: input.type,
    email,
    correction: input.correction ?? "",
    message: input.message ?? "",
    website: "",
    locale: "en",
    region: input.region,
    ...(input.customerRegion ? { customer_region: input.customerRegion } : {}),
  });
  const response = await fetch(url, { method: "POST", headers: { Accept: "application/json", "X-Forwarded-For": `198.51.100.${nextIp++}` }, body });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { reference: string; status: string };
  const row = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP, reference: created.reference } });
  return { email, created, row };
}

function act(requestId: string, fields: Record<string, string>) {
  return requestAction({ appUrl: app.url, env, shop: SHOP }, requestId, fields, OWNER);
}

const mailTo = (address: string, subject: string) => (m: CapturedMail) => m.to.includes(address) && m.subject.includes(subject);

/** One calendar month on, the EDPB/ICO way (31 Jan -> 28/29 Feb), written independently of the app. */
function oneMonthAfter(date: Date): Date {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), last));
  return target;
}

type Period = { days: number } | { month: true } | { businessDays: number; zone: string };

function expectedDue(row: PrivacyRequest, period: Period): Date {
  if ("days" in period) return new Date(row.receivedAt.getTime() + period.days * DAY);
  if ("month" in period) return oneMonthAfter(row.receivedAt);
  return addBusinessDays(row.receivedAt, period.businessDays, period.zone);
}

// [region, type, regulation, law's name in the emails, period, code needed, extension allowance or null]
const CASES: [string, string, string, string, Period, boolean, string | null][] = [
  ["DE", "access", "gdpr", "GDPR", { month: true }, true, "2 months"],
  ["FR", "erasure", "gdpr", "GDPR", { month: true }, true, "2 months"],
  ["GB", "access", "uk_gdpr", "UK GDPR", { month: true }, true, "2 months"],
  ["CH", "access", "swiss_fadp", "Swiss FADP", { days: 30 }, true, "30 days"],
  ["USCA", "access", "ccpa", "CCPA/CPRA", { days: 45 }, true, "45 days"],
  ["USCA", "do_not_sell", "ccpa", "CCPA/CPRA", { businessDays: 15, zone: "America/Los_Angeles" }, false, null],
  ["USVA", "access", "us_va", "Virginia CDPA", { days: 45 }, true, "45 days"],
  ["USVA", "do_not_sell", "us_va", "Virginia CDPA", { days: 45 }, false, "45 days"],
  ["USCO", "portability", "us_co", "Colorado Privacy Act", { days: 45 }, true, "45 days"],
  ["USCT", "erasure", "us_ct", "Connecticut DPA", { days: 45 }, true, "45 days"],
  ["USUT", "access", "us_ut", "Utah CPA", { days: 45 }, true, "45 days"],
  ["USTX", "access", "us_tx", "Texas DPSA", { days: 45 }, true, "45 days"],
  ["USOR", "access", "us_or", "Oregon CPA", { days: 45 }, true, "45 days"],
  ["BRSP", "access", "lgpd", "LGPD", { days: 15 }, true, null],
  ["BRSP", "do_not_sell", "lgpd", "LGPD", { days: 15 }, false, null],
  ["CAON", "access", "pipeda", "PIPEDA", { days: 30 }, true, "30 days"],
  ["CAQC", "access", "quebec", "Quebec Law 25", { days: 30 }, true, null],
  // Outside every law in the table: the shop's default (GDPR).
  ["JP", "access", "gdpr", "GDPR", { month: true }, true, "2 months"],
  ["USNY", "access", "gdpr", "GDPR", { month: true }, true, "2 months"],
  // No region, or one too coarse to name a law: the shortest deadline of the shop's laws (LGPD's 15 days).
  ["", "access", "lgpd", "LGPD", { days: 15 }, true, null],
  ["US", "access", "lgpd", "LGPD", { days: 15 }, true, null],
];

describe("the shopper's region decides the law", () => {
  it.each(CASES)("%s %s -> %s", async (region, type, regulation, lawName, period, codeNeeded, allowance) => {
    const { email, created, row } = await file({ type, region });
    expect(row.regulation).toBe(regulation);
    expect(row.dueAt.toISOString()).toBe(expectedDue(row, period).toISOString());

    if (codeNeeded) {
      expect(created.status).toBe("awaiting_verification");
      await smtp.waitFor(mailTo(email, `Your confirmation code for privacy request ${row.reference}`));
      expect((await act(row.id, { intent: "verify" })).status).toBe(200);
    } else {
      // An opt-out of sale/sharing needs no code: confirmed at once and acknowledged.
      expect(created.status).toBe("verified");
    }
    const ack = await smtp.waitFor(mailTo(email, `We received your privacy request ${row.reference}`));
    expect(ack.text).toContain(`The law that applies: ${lawName}`);
    expect(smtp.messages.some(mailTo(email, "Your confirmation code"))).toBe(codeNeeded);

    const extend = await act(row.id, { intent: "extend", reason: "Many orders to collect" });
    if (allowance) {
      expect(extend.status).toBe(200);
      const mail = await smtp.waitFor(mailTo(email, `More time is needed for your privacy request ${row.reference}`));
      expect(mail.text).toContain(`${lawName} allows one extension of up to ${allowance} where a request is complex or numerous.`);
      expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: row.id } })).extendedDueAt).not.toBeNull();
    } else {
      expect(extend.status).toBe(409);
      expect(((await extend.json()) as { message: string }).message).toMatch(/no extension/);
      expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: row.id } })).extendedDueAt).toBeNull();
      expect(smtp.messages.some(mailTo(email, "More time is needed"))).toBe(false);
    }
    const opened = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP, action: "request.opened", subjectId: row.id } });
    expect(JSON.parse(opened.metadata)).toMatchObject({ regulation, verification: codeNeeded ? "code" : "not_required" });
  });

  it("takes the shorter law when the region and the signed-in customer's country disagree", async () => {
    // Claims California (45 days), but the customer's address is in Germany (one month): GDPR.
    const { row } = await file({ type: "access", region: "USCA", customerId: "7000000001", customerRegion: "DE", email: "ada.example@example.com" });
    expect(row).toMatchObject({ regulation: "gdpr", status: "verified" });
    const opened = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP, action: "request.opened", subjectId: row.id } });
    expect(JSON.parse(opened.metadata)).toMatchObject({ regulationBasis: "disputed_region", candidates: "ccpa,gdpr", region: "USCA" });
  });

  it("lets the merchant change the law with a reason: audited, deadline recomputed, extension rule follows", async () => {
    const { row } = await file({ type: "access", region: "", customerId: "7000000003", email: "alan.placeholder@example.com" });
    expect(row.regulation).toBe("lgpd");
    expect((await act(row.id, { intent: "set_regulation", regulation: "ccpa", reason: "" })).status).toBe(400);
    expect((await act(row.id, { intent: "set_regulation", regulation: "martian_law", reason: "x" })).status).toBe(400);
    expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: row.id } })).regulation).toBe("lgpd");

    const changed = await act(row.id, { intent: "set_regulation", regulation: "ccpa", reason: "The customer lives in California (order history)" });
    expect(changed.status).toBe(200);
    const after = await db.privacyRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.regulation).toBe("ccpa");
    expect(after.dueAt.getTime()).toBe(after.clockStartsAt.getTime() + 45 * DAY);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP, action: "request.regulation_changed", subjectId: row.id } });
    expect(audit.reason).toBe("The customer lives in California (order history)");
    expect(JSON.parse(audit.metadata)).toMatchObject({ from: "lgpd", to: "ccpa", dueAtTo: after.dueAt.toISOString() });
    // Now extendable (CCPA), where LGPD was not.
    expect((await act(row.id, { intent: "extend", reason: "Many orders" })).status).toBe(200);
    // Back to a law without extension: the extension falls away.
    expect((await act(row.id, { intent: "set_regulation", regulation: "quebec", reason: "Customer moved to Quebec" })).status).toBe(200);
    expect(await db.privacyRequest.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ regulation: "quebec", extendedDueAt: null });
  });
});

describe("do-not-sell carried out", () => {
  const optedOut = async (gid: string) => {
    const response = await fetch(standin.graphqlUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": SANDBOX_ACCESS_TOKEN },
      body: JSON.stringify({ query: "query($id: ID!) { customer(id: $id) { dataSaleOptOut } }", variables: { id: gid } }),
    });
    return ((await response.json()) as { data: { customer: { dataSaleOptOut: boolean } } }).data.customer.dataSaleOptOut;
  };

  it("a guest in California: no code, opted out in Shopify, consent log updated, completed, told, and never extended", async () => {
    expect(await optedOut(SANDBOX_CUSTOMERS.ada)).toBe(false);
    const { email, created, row } = await file({ type: "do_not_sell", region: "USCA", email: "ada.example@example.com" });
    expect(created.status).toBe("verified");
    expect(row.regulation).toBe("ccpa");
    expect(smtp.messages.some(mailTo(email, `Your confirmation code for privacy request ${row.reference}`))).toBe(false);

    const extend = await act(row.id, { intent: "extend", reason: "Busy season" });
    expect(extend.status).toBe(409);

    const done = await act(row.id, { intent: "do_not_sell" });
    expect(done.status).toBe(200);
    expect(await optedOut(SANDBOX_CUSTOMERS.ada)).toBe(true);
    expect(standin.calls.filter((c) => c.field === "dataSaleOptOut").map((c) => c.args.email)).toContain("ada.example@example.com");

    const after = await db.privacyRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("completed");
    expect(after.closeReason).toMatch(/dataSaleOptOut/);
    const consent = await db.consentRecord.findFirstOrThrow({ where: { shopDomain: SHOP, visitorId: `request:${row.reference}` } });
    expect(JSON.parse(consent.categories)).toMatchObject({ sale_of_data: false });
    expect(consent.customerRef).toBe(after.customerRef);
    const mail = await smtp.waitFor(mailTo(email, `Your privacy request ${row.reference} is complete`));
    expect(mail.text).toContain("Your customer record at this store is now marked as opted out of the sale and sharing of your personal data.");
    // Completed: nothing more to extend or do.
    expect((await act(row.id, { intent: "do_not_sell" })).status).toBe(409);
  });

  it("a guest with no Shopify customer: recorded and told so, and no customer is created", async () => {
    const email = "nobody.here@example.com";
    const { row } = await file({ type: "do_not_sell", region: "USCA", email });
    const before = standin.calls.filter((c) => c.field === "dataSaleOptOut").length;
    expect((await act(row.id, { intent: "do_not_sell" })).status).toBe(200);
    expect(standin.calls.filter((c) => c.field === "dataSaleOptOut").length).toBe(before);
    expect([...standin.state.shop(SHOP).customers.values()].some((c) => c.email === email)).toBe(false);
    expect(await db.privacyRequest.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "completed", closeReason: expect.stringMatching(/No Shopify customer/) });
    const mail = await smtp.waitFor(mailTo(email, `Your privacy request ${row.reference} is complete`));
    expect(mail.text).toContain("This store has no customer account for your email address");
  });

  it("is offered only for do-not-sell requests", async () => {
    const { row } = await file({ type: "access", region: "DE", customerId: "7000000003", email: "alan.placeholder@example.com" });
    expect((await act(row.id, { intent: "do_not_sell" })).status).toBe(409);
  });
});

describe("corrections seen beside Shopify's values", () => {
  it("shows the requester's words (escaped) and the customer's current values fetched on demand", async () => {
    const correction = "My last name is <b>Lovelace-King</b>";
    const { row } = await file({ type: "rectification", region: "DE", customerId: "7000000001", email: "ada.example@example.com", correction, message: "Thanks {{ shop }}" });
    const page = new URL(`/app/requests/${row.id}`, app.url);
    page.searchParams.set("_data", "routes/app.requests.$id");
    const before = standin.requests.filter((r) => r.operationName === "CustomerCurrentValues").length;
    const data = (await (await fetch(page, { headers: adminHeaders(env, SHOP, OWNER) })).json()) as { rights: { correction: string; message: string; regulation: { name: string } } };
    expect(data.rights).toMatchObject({ correction, message: "Thanks {{ shop }}", regulation: { name: "GDPR" } });
    // Not fetched from Shopify just by opening the page.
    expect(standin.requests.filter((r) => r.operationName === "CustomerCurrentValues").length).toBe(before);

    const current = await fetch(new URL(`/app/requests/${row.id}/customer`, app.url), { headers: adminHeaders(env, SHOP, OWNER) });
    expect(current.status).toBe(200);
    expect(await current.json()).toEqual({ ok: true, values: { found: true, firstName: "Ada", lastName: expect.any(String), email: "ada.example@example.com", phone: expect.anything(), dataSaleOptOut: expect.any(Boolean) } });
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP, action: "customer.viewed", subjectId: row.id } })).toBe(1);

    const viewer = await fetch(new URL(`/app/requests/${row.id}/customer`, app.url), { headers: adminHeaders(env, SHOP, "999") });
    expect(viewer.status).toBe(403);
  });
});

describe("a guest can always finish", () => {
  it("emails a link straight to the status page, which has the code box and a resend", async () => {
    const { email, row } = await file({ type: "access", region: "DE" });
    const mail = await smtp.waitFor(mailTo(email, `Your confirmation code for privacy request ${row.reference}`));
    expect(mail.text).toContain(`https://${SHOP}/apps/privacy/requests/${row.reference}`);

    const page = await fetch(signedProxyUrl(app.url, `/requests/${row.reference}`, { shop: SHOP, customerId: "" }, env.SHOPIFY_API_SECRET!), { headers: { "X-Forwarded-For": `198.51.100.${nextIp++}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`action="/apps/privacy/requests/${row.reference}/verify"`);
    expect(html).toContain(`action="/apps/privacy/requests/${row.reference}/resend"`);
    expect(html).toContain('name="code"');
  });

  it("closes requests never verified after the code window, silently, outside deadline performance", async () => {
    const stale = await file({ type: "erasure", region: "DE" });
    const fresh = await file({ type: "erasure", region: "DE" });
    await smtp.waitFor(mailTo(stale.email, "Your confirmation code"));
    // The stale one's code expired 25 hours ago (the window is the code's life plus 24 hours).
    await db.verificationCode.updateMany({ where: { requestId: stale.row.id }, data: { expiresAt: new Date(Date.now() - 25 * 3_600_000) } });
    const mailsBefore = smtp.messages.filter((m) => m.to.includes(stale.email)).length;

    const cli = runCli(env, "requests:close-unverified");
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/closed [1-9]\d* never-verified request/);

    const closed = await db.privacyRequest.findUniqueOrThrow({ where: { id: stale.row.id } });
    expect(closed).toMatchObject({ status: "cancelled", closeReason: NEVER_VERIFIED_REASON });
    expect(await db.requestTransition.findFirst({ where: { requestId: stale.row.id, toStatus: "cancelled" } })).toMatchObject({ actorType: "system", reason: NEVER_VERIFIED_REASON });
    expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: fresh.row.id } })).status).toBe("awaiting_verification");
    // Nobody is emailed at an address never confirmed.
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.filter((m) => m.to.includes(stale.email)).length).toBe(mailsBefore);
    // It no longer counts: not open, so never overdue; and it is not a completed request.
    expect(countsForDeadlinePerformance(closed.status, closed.closeReason)).toBe(false);
    // The shopper's status page says why; the JSON lookup keeps its shape.
    const statusUrl = () => signedProxyUrl(app.url, `/requests/${stale.row.reference}`, { shop: SHOP, customerId: "" }, env.SHOPIFY_API_SECRET!);
    const page = await (await fetch(statusUrl(), { headers: { "X-Forwarded-For": `198.51.100.${nextIp++}` } })).text();
    expect(page).toContain("closed because the email address was not confirmed in time");
    expect(page).not.toContain('name="code"');
    const lookup = await fetch(statusUrl(), { headers: { Accept: "application/json", "X-Forwarded-For": `198.51.100.${nextIp++}` } });
    expect(await lookup.json()).toEqual({ reference: stale.row.reference, status: "cancelled" });
    // A second run finds nothing more to do for it.
    expect(runCli(env, "requests:close-unverified").code).toBe(0);
    expect(await db.requestTransition.count({ where: { requestId: stale.row.id, toStatus: "cancelled" } })).toBe(1);
  });
});
