import { randomBytes, randomUUID } from "node:crypto";
import { fileStorefrontRequest, requestAction } from "../helpers/requests";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { downloadLinkKey, signDownloadLink } from "../../app/modules/notices/rules/download-link";
import { formatDateTime } from "../../app/platform/i18n/format";
import { SANDBOX_CUSTOMERS, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { customerRedactPayload } from "../fixtures/webhooks";
import { adminHeaders } from "../helpers/admin-session";
import { signedProxyUrl } from "../../sandbox/signing/app-proxy";
import type { RunningApp } from "../helpers/app-server";
import { runCli } from "../helpers/cli";
import { waitFor } from "../helpers/db-client";
import { useSandboxShopApp } from "../helpers/app-fixture";
import { keyRingOf } from "../helpers/keys";
import { deliverWebhook } from "../../sandbox/signing/webhook";
import type { CapturedMail, SmtpCapture } from "../helpers/smtp";

const SHOP = SANDBOX_SHOP_DOMAIN;
const OWNER = "31";
const numericId = (gid: string) => gid.split("/").pop()!;

let smtp: SmtpCapture;
let app: RunningApp;
let db: Db;
let env: Record<string, string>;

// One proxy in front of the app (as on Fly, Render, Heroku): the address it appends counts.
const fixture = useSandboxShopApp({ smtp: { refuseRecipients: /@mailbox-unknown\.example$/ }, env: { MAIL_FROM: "privacy@desk.example", TRUST_PROXY_HOPS: "1" } });
beforeAll(() => {
  ({ app, db, env } = fixture);
  smtp = fixture.smtp!;
});

function storefrontRequest(type: string, email: string, customerGid?: string) {
  return fileStorefrontRequest({ appUrl: app.url, env, db, shop: SHOP }, { type, email, customerGid });
}

function act(requestId: string, fields: Record<string, string>) {
  return requestAction({ appUrl: app.url, env, shop: SHOP }, requestId, fields, OWNER);
}

const to = (address: string, subject: RegExp) => (m: CapturedMail) => m.to.includes(address) && subject.test(m.subject);
const count = (address: string, subject: RegExp) => smtp.messages.filter(to(address, subject)).length;

function links(mail: CapturedMail): string[] {
  return [...mail.text.matchAll(/(http:\/\/\S+\/downloads\/\S+)/g)].map((m) => m[1]!);
}

/** The app is reached directly on loopback; the link's origin is the configured app URL. */
function local(link: string): string {
  const url = new URL(link);
  return new URL(url.pathname, app.url).toString();
}

function download(link: string, forwardedFor = "198.51.100.1") {
  return fetch(local(link), { headers: { "X-Forwarded-For": forwardedFor } });
}

describe("requester emails", () => {
  it("acknowledges a signed-in customer's request at once and a guest's once they confirm their address", async () => {
    const signedIn = await storefrontRequest("access", "ada.example@example.com", SANDBOX_CUSTOMERS.ada);
    const ack = await smtp.waitFor(to("ada.example@example.com", /We received your privacy request/));
    expect(ack.from).toBe("privacy@desk.example");
    expect(ack.subject).toContain(signedIn.reference);
    expect(ack.text).toContain(`We will answer by ${formatDateTime(signedIn.dueAt, "en", "UTC")}`);
    expect(ack.text).not.toContain(numericId(SANDBOX_CUSTOMERS.ada));

    const guest = await storefrontRequest("erasure", "guest.example@example.com");
    const codeMail = await smtp.waitFor(to("guest.example@example.com", /confirmation code/));
    expect(count("guest.example@example.com", /We received/)).toBe(0);
    const code = /code is (\d{6})/.exec(codeMail.text)![1]!;
    const verifyUrl = signedProxyUrl(app.url, `/requests/${guest.reference}/verify`, { shop: SHOP }, env.SHOPIFY_API_SECRET!);
    expect((await fetch(verifyUrl, { method: "POST", headers: { Accept: "application/json" }, body: new URLSearchParams({ code }) })).status).toBe(200);
    const guestAck = await smtp.waitFor(to("guest.example@example.com", /We received your privacy request/));
    expect(guestAck.text).toContain(guest.reference);
    // Sent once, recorded on the request's timeline and in the audit chain (references only).
    await waitFor(async () => (await db.outboundEmail.findFirst({ where: { requestId: guest.id, kind: "acknowledgment" } }))?.status === "sent");
    const row = await db.outboundEmail.findFirstOrThrow({ where: { requestId: guest.id, kind: "acknowledgment" } });
    expect(row).toMatchObject({ toCipher: null, bodyCipher: null, customerRef: null });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP, action: "notice.sent", subjectId: guest.id } });
    expect(audit.metadata).not.toContain("guest.example");
    expect(await db.requestMessage.count({ where: { requestId: guest.id, kind: "notice_sent" } })).toBe(1);
  });

  it("tells the requester about an extension with the reason and the new deadline, and a rejection with its reason", async () => {
    const request = await storefrontRequest("portability", "linus.example@example.com", SANDBOX_CUSTOMERS.linus);
    expect((await act(request.id, { intent: "extend", reason: "Several stores hold your orders" })).status).toBe(200);
    const extended = await db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } });
    const notice = await smtp.waitFor(to("linus.example@example.com", /More time is needed/));
    expect(notice.text).toContain("Why: Several stores hold your orders");
    expect(notice.text).toContain(`New deadline: ${formatDateTime(extended.extendedDueAt!, "en", "UTC")}`);

    expect((await act(request.id, { intent: "reject", reason: "We hold no data about this address" })).status).toBe(200);
    const rejection = await smtp.waitFor(to("linus.example@example.com", /was declined/));
    expect(rejection.subject).toContain(request.reference);
    expect(rejection.text).toContain("Why: We hold no data about this address");
  });

  it("sends no email for requests that came from Shopify's data_request webhook", async () => {
    const before = await db.outboundEmail.count();
    const webhookId = randomUUID();
    const body = JSON.stringify({ shop_id: 1, shop_domain: SHOP, orders_requested: [], customer: { id: 555, email: "shopify.flow@example.com", phone: null }, data_request: { id: 4242 } });
    await deliverWebhook(app.url, "/webhooks/compliance", { topic: "customers/data_request", shop: SHOP, body, webhookId }, env.SHOPIFY_API_SECRET!);
    await waitFor(async () => (await db.webhookEvent.findUnique({ where: { webhookId } }))?.status === "processed");
    expect(await db.outboundEmail.count()).toBe(before);
  });
});

describe("completion email and download links", () => {
  let requestId: string;
  let link: string;

  it("completes an access request with signed links to the export, which download and are audited", async () => {
    const request = await storefrontRequest("access", "ada.second@example.com", SANDBOX_CUSTOMERS.ada);
    requestId = request.id;
    expect((await act(request.id, { intent: "export" })).status).toBe(200);
    await waitFor(() => db.exportFile.findFirst({ where: { requestId: request.id, format: "json" } }), { timeoutMs: 60_000 });
    expect((await act(request.id, { intent: "complete" })).status).toBe(200);
    const mail = await smtp.waitFor(to("ada.second@example.com", /is complete/));
    const found = links(mail);
    expect(found).toHaveLength(3);
    expect(mail.text).toMatch(/JSON \(until .+\): http/);
    expect(mail.text).toMatch(/HTML \(until .+\): http/);
    expect(mail.text).toMatch(/CSV \(until .+\): http/);
    link = /- JSON \(until .+?\)\): (\S+)/.exec(mail.text)![1]!;
    expect(found).toContain(link);

    const response = await download(link);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(`${request.reference}.json`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const data = (await response.json()) as { requests: { reference: string }[]; shopify: { customer: { id: string } } };
    expect(data.shopify.customer.id).toBe(SANDBOX_CUSTOMERS.ada);
    expect(data.requests.map((r) => r.reference)).toContain(request.reference);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP, action: "export.downloaded", actorType: "shopper" } });
    expect(JSON.parse(audit.metadata)).toMatchObject({ requestId: request.id, format: "json", via: "emailed_link" });
    expect(audit.metadata).not.toContain("ada");
  }, 90_000);

  it("refuses forged, tampered, malformed and expired links with a clear 4xx and no data", async () => {
    const token = new URL(link).pathname.split("/").pop()!;
    const [v, payload, mac] = token.split(".") as [string, string, string];
    const fields = Buffer.from(payload, "base64url").toString("utf8").split("|");
    const file = await db.exportFile.findUniqueOrThrow({ where: { id: fields[2]! } });
    const auditBefore = await db.auditEntry.count({ where: { shopDomain: SHOP, action: "export.downloaded" } });
    const check = async (path: string, status: number, text: RegExp) => {
      const response = await fetch(new URL(path, app.url), { headers: { "X-Forwarded-For": "198.51.100.2" } });
      expect(response.status, path).toBe(status);
      const body = await response.text();
      expect(body, path).toMatch(text);
      expect(body, path).not.toContain("ada");
      expect(body, path).not.toContain("7000000001");
    };
    // Tampered: another file id or a later expiry under the original signature.
    const swapped = Buffer.from([fields[0], fields[1], "exp_someoneelse", fields[3]].join("|")).toString("base64url");
    await check(`/downloads/${v}.${swapped}.${mac}`, 403, /not valid/);
    const later = Buffer.from([fields[0], fields[1], fields[2], String(Number(fields[3]) + 86_400 * 365)].join("|")).toString("base64url");
    await check(`/downloads/${v}.${later}.${mac}`, 403, /not valid/);
    // Forged: a well-formed link signed with a key that is not the app's.
    const forged = signDownloadLink(randomBytes(32), { shop: SHOP, requestId, fileId: file.id, expiresAt: new Date(Date.now() + 86_400_000) });
    await check(`/downloads/${forged}`, 403, /not valid/);
    await check(`/downloads/${token.slice(0, -2)}`, 403, /not valid/);
    // Malformed.
    await check("/downloads/nonsense", 400, /not valid/);
    await check(`/downloads/${"v1.".padEnd(900, "A")}`, 400, /not valid/);
    // Expired: a genuine signature whose time is up.
    const ring = keyRingOf(env);
    const expired = signDownloadLink(downloadLinkKey(ring.blindIndexKey), { shop: SHOP, requestId, fileId: file.id, expiresAt: new Date(Date.now() - 1000) });
    await check(`/downloads/${expired}`, 410, /expired/);
    // The file itself past its retention date (the link is still within its own time).
    await db.exportFile.update({ where: { id: file.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await check(new URL(link).pathname, 410, /no longer available/);
    await db.exportFile.update({ where: { id: file.id }, data: { expiresAt: file.expiresAt } });
    expect((await download(link)).status).toBe(200);
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP, action: "export.downloaded" } })).toBe(auditBefore + 1);
    // Only GET.
    expect((await fetch(local(link), { method: "POST" })).status).toBe(405);
  });

  it("answers 410 once the requester's data is erased", async () => {
    const webhookId = randomUUID();
    const body = JSON.stringify(customerRedactPayload({ shop: SHOP, customerId: Number(numericId(SANDBOX_CUSTOMERS.ada)), email: "ada.second@example.com" }));
    await deliverWebhook(app.url, "/webhooks/compliance", { topic: "customers/redact", shop: SHOP, body, webhookId }, env.SHOPIFY_API_SECRET!);
    await waitFor(async () => (await db.webhookEvent.findUnique({ where: { webhookId } }))?.status === "processed");
    const response = await download(link);
    expect(response.status).toBe(410);
    expect(await response.text()).not.toContain("ada");
  });

  it("rate-limits downloads per address, the one the trusted proxy appended, whatever the client wrote before it", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await fetch(new URL("/downloads/v1.AAAA.BBBB", app.url), { headers: { "X-Forwarded-For": `198.18.0.${i}, 203.0.113.9` } })).status);
    expect(statuses.slice(0, 20).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // Another address is not affected.
    expect((await fetch(new URL("/downloads/v1.AAAA.BBBB", app.url), { headers: { "X-Forwarded-For": "203.0.113.10" } })).status).toBe(403);
  });
});

describe("delivery through the job queue", () => {
  it("rides out an SMTP outage: the job is retried with backoff and the email arrives exactly once", async () => {
    const request = await storefrontRequest("erasure", "outage.example@example.com", "gid://shopify/Customer/7000000099");
    await smtp.waitFor(to("outage.example@example.com", /We received/));
    await smtp.stop();
    expect((await act(request.id, { intent: "reject", reason: "Duplicate of an earlier request" })).status).toBe(200);
    const email = await db.outboundEmail.findFirstOrThrow({ where: { requestId: request.id, kind: "rejection" } });
    const failed = await waitFor(async () => {
      const job = await db.job.findFirst({ where: { idempotencyKey: `mail.send:rejection:${request.id}` } });
      return job && job.status === "pending" && job.attempts >= 1 && job.lastError ? job : null;
    });
    // Backoff: the retry is scheduled in the future, not at once.
    expect(failed.runAt.getTime()).toBeGreaterThan(Date.now() + 5_000);
    expect((await db.outboundEmail.findUniqueOrThrow({ where: { id: email.id } })).status).toBe("pending");
    expect(app.logs()).not.toContain("outage.example@example.com");

    await smtp.restart();
    // Let the backoff pass (the queue's own clock is the database's runAt).
    await db.job.update({ where: { id: failed.id }, data: { runAt: new Date() } });
    await smtp.waitFor(to("outage.example@example.com", /was declined/), 20_000);
    await waitFor(async () => (await db.job.findUniqueOrThrow({ where: { id: failed.id } })).status === "succeeded");

    // A replay of the same job (an operator retry, a lost lease) does not send again.
    await db.job.update({ where: { id: failed.id }, data: { status: "pending", runAt: new Date() } });
    await waitFor(async () => (await db.job.findUniqueOrThrow({ where: { id: failed.id } })).status === "succeeded");
    await new Promise((r) => setTimeout(r, 1_500));
    expect(count("outage.example@example.com", /was declined/)).toBe(1);
    expect((await db.outboundEmail.findUniqueOrThrow({ where: { id: email.id } })).status).toBe("sent");
  }, 60_000);
});

describe("permanent refusals", () => {
  it("does not retry an address the SMTP server refuses for good: the job fails at once for an operator to see", async () => {
    const request = await storefrontRequest("access", "nobody@mailbox-unknown.example", "gid://shopify/Customer/7000000098");
    const job = await waitFor(async () => {
      const found = await db.job.findFirst({ where: { idempotencyKey: `mail.send:acknowledgment:${request.id}` } });
      return found?.status === "dead" ? found : null;
    });
    expect(job).toMatchObject({ attempts: 1, lastError: "MAIL_REJECTED" });
    expect(count("nobody@mailbox-unknown.example", /./)).toBe(0);
    expect(app.logs()).not.toContain("mailbox-unknown");
  });
});

describe("merchant digest", () => {
  it("sends one digest per shop per day to the notification addresses, with references and no requester data", async () => {
    const saved = await fetch(new URL("/app/settings?_data=routes/app.settings", app.url), {
      method: "POST",
      headers: adminHeaders(env, SHOP, OWNER),
      body: new URLSearchParams({ verificationCodeMinutes: "15", exportLinkDays: "7", closedRequestMonths: "24", consentRecordYears: "5", webhookPayloadDays: "30", clockStart: "receipt", regulations: "gdpr", notificationEmails: "dpo@desk.example, Owner@Desk.example" }),
    });
    expect(saved.status).toBe(200);
    const bad = await fetch(new URL("/app/settings?_data=routes/app.settings", app.url), {
      method: "POST",
      headers: adminHeaders(env, SHOP, OWNER),
      body: new URLSearchParams({ verificationCodeMinutes: "15", exportLinkDays: "7", closedRequestMonths: "24", consentRecordYears: "5", webhookPayloadDays: "30", clockStart: "receipt", regulations: "gdpr", notificationEmails: "dpo@desk.example, not-an-address" }),
    });
    expect(bad.status).toBe(422);
    const settings = await db.shopSettings.findUniqueOrThrow({ where: { shopDomain: SHOP } });
    expect(settings.notificationEmailsCipher).not.toContain("dpo@");

    const overdue = await storefrontRequest("access", "late.example@example.com", "gid://shopify/Customer/7000000051");
    const soon = await storefrontRequest("erasure", "soon.example@example.com", "gid://shopify/Customer/7000000052");
    const later = await storefrontRequest("erasure", "later.example@example.com", "gid://shopify/Customer/7000000053");
    // Arrange deadlines directly (the digest only reads them): one overdue, one due in 3 days.
    const DAY = 86_400_000;
    await db.privacyRequest.update({ where: { id: overdue.id }, data: { dueAt: new Date(Date.now() - 2 * DAY) } });
    await db.privacyRequest.update({ where: { id: soon.id }, data: { dueAt: new Date(Date.now() + 3 * DAY) } });

    const first = runCli(env, "digest:run");
    expect(first.code, first.stderr).toBe(0);
    const digest = await smtp.waitFor((m) => m.to.includes("dpo@desk.example") && /Privacy requests:/.test(m.subject), 20_000);
    expect(digest.to.sort()).toEqual(["dpo@desk.example", "owner@desk.example"]);
    const day = new Date().toISOString().slice(0, 10);
    expect(digest.subject).toMatch(new RegExp(`(\\d+) overdue, (\\d+) due soon \\(${day}\\)`));
    expect(digest.text).toMatch(new RegExp(`${overdue.reference}\\s+Access\\s+Verified\\s+due \\S+ \\(overdue by 2 days\\)`));
    expect(digest.text).toMatch(new RegExp(`${soon.reference}\\s+Erasure\\s+Verified\\s+due \\S+ \\(due in 3 days\\)`));
    expect(digest.text).not.toContain(later.reference);
    expect(digest.text).not.toMatch(/example\.com/);
    expect(digest.text).toContain(`https://${SHOP}/admin/apps/`);

    // A second run the same day (another instance, a rerun) sends nothing more.
    expect(runCli(env, "digest:run").code).toBe(0);
    await waitFor(async () => (await db.job.findMany({ where: { kind: { in: ["digest.schedule", "mail.send"] }, status: { in: ["pending", "running"] } } })).length === 0);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(smtp.messages.filter((m) => m.to.includes("dpo@desk.example")).length).toBe(1);
    expect(await db.outboundEmail.count({ where: { kind: "digest", shopDomain: SHOP } })).toBe(1);
    expect(await db.job.count({ where: { kind: "digest.schedule" } })).toBe(1);
  }, 60_000);
});
