import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { appendAudit, verifyShopChain } from "../../app/modules/audit/audit.server";
import { dataRequestPayload } from "../fixtures/webhooks";
import { adminHeaders, installOfflineSession } from "../helpers/admin-session";
import { useApp } from "../helpers/app-fixture";
import type { RunningApp } from "../helpers/app-server";
import { runCli } from "../helpers/cli";
import { waitFor } from "../helpers/db-client";
import { startSmtp, type CapturedMail, type SmtpCapture } from "../helpers/smtp";
import { grantRole } from "../helpers/team";
import { deliverWebhook } from "../../sandbox/signing/webhook";
import { signedProxyUrl } from "../../sandbox/signing/app-proxy";

// Every alert rule fired from real app actions over HTTP (the app's own worker, the CLI), once per
// incident; a quiet shop gets none. Alerts are never inserted by the test.
const OWNER = "5001";
const OFFICER = "5002";
const VIEWER = "5003";

let app: RunningApp;
let db: Db;
let env: Record<string, string>;
let smtp: SmtpCapture;

const fixture = useApp(async () => {
  smtp = await startSmtp();
  // One proxy in front of the app (as on Fly or Render): the client address is the entry it appended.
  return { SMTP_URL: smtp.url, MAIL_FROM: "privacy@example.com", PROXY_RATE_LIMIT_PER_MINUTE: "1000", PROXY_SHOP_RATE_LIMIT_PER_MINUTE: "1000", TRUST_PROXY_HOPS: "1" };
});

beforeAll(() => {
  ({ app, db, env } = fixture);
  return () => smtp?.close();
});

function call(shop: string, staffId: string, path: string, route: string | null, init: RequestInit = {}) {
  const url = new URL(path, app.url);
  if (route) url.searchParams.set("_data", route);
  return fetch(url, { ...init, headers: { ...adminHeaders(env, shop, staffId), ...(init.headers ?? {}) } });
}

function post(shop: string, staffId: string, path: string, route: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return call(shop, staffId, path, route, { method: "POST", body });
}

/** A shop with a team: owner (first visit), officer and viewer. */
async function teamShop(shop: string) {
  await installOfflineSession(db, env, shop);
  expect((await call(shop, OWNER, "/app", "routes/app._index")).status).toBe(200);
  await grantRole(app.url, env, shop, OWNER, OFFICER, "privacy_officer");
  await grantRole(app.url, env, shop, OWNER, VIEWER, "viewer");
}

async function dataRequest(shop: string, n: number) {
  const webhookId = randomUUID();
  const body = JSON.stringify(dataRequestPayload({ shop, customerId: 7700 + n, email: `alert${n}@example.com`, requestId: 7700 + n }));
  expect((await deliverWebhook(app.url, "/webhooks/compliance", { topic: "customers/data_request", shop, body, webhookId }, env.SHOPIFY_API_SECRET!)).status).toBe(200);
  await waitFor(async () => (await db.webhookEvent.findUnique({ where: { webhookId } }))?.status === "processed");
  const request = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: shop, shopifyDataRequestId: String(7700 + n) } });
  const file = await waitFor(() => db.exportFile.findFirst({ where: { requestId: request.id } }));
  return { request, file };
}

const ALERT_SETTINGS = {
  exportThreshold: "20",
  exportWindowMinutes: "60",
  failureThreshold: "10",
  failureWindowMinutes: "15",
  mfaThreshold: "5",
  mfaWindowMinutes: "15",
  deadlineWarningDays: "3",
  workingHoursEnabled: "off",
  workStartHour: "8",
  workEndHour: "19",
  workDays: ["1", "2", "3", "4", "5"],
  reviewMonths: "3",
};

async function saveAlertSettings(shop: string, fields: Partial<Record<keyof typeof ALERT_SETTINGS, string | string[]>>, staffId = OWNER) {
  return post(shop, staffId, "/app/alert-settings", "routes/app.alert-settings", { ...ALERT_SETTINGS, ...fields });
}

const alertsOf = (shop: string, rule?: string) => db.alert.findMany({ where: { shopDomain: shop, ...(rule ? { rule } : {}) }, orderBy: { raisedAt: "asc" } });

describe("a quiet shop", () => {
  it("gets no alerts from ordinary work: a team forming, requests, exports, downloads, settings", async () => {
    const shop = "alerts-quiet.myshopify.com";
    await installOfflineSession(db, env, shop);
    expect((await call(shop, OWNER, "/app", "routes/app._index")).status).toBe(200);
    expect((await call(shop, VIEWER, "/app", "routes/app._index")).status).toBe(200);
    const { request, file } = await dataRequest(shop, 1);
    expect((await call(shop, OWNER, `/app/requests/${request.id}/exports/${file.id}`, null)).status).toBe(200);
    expect((await post(shop, OWNER, "/app/audit", "routes/app.audit", { intent: "verify" })).status).toBe(200);
    expect((await saveAlertSettings(shop, { exportThreshold: "25" })).status).toBe(200);
    expect(runCli(env, "alerts:check")).toMatchObject({ code: 0 });
    expect(await alertsOf(shop)).toEqual([]);
    expect((await verifyShopChain(db, shop)).ok).toBe(true);
  }, 120_000);
});

describe("alert rules fired by real actions, once per incident", () => {
  const shop = "alerts-rules.myshopify.com";
  beforeAll(async () => {
    await teamShop(shop);
    expect((await post(shop, OWNER, "/app/settings", "routes/app.settings", { verificationCodeMinutes: "15", exportLinkDays: "7", closedRequestMonths: "24", consentRecordYears: "5", webhookPayloadDays: "30", clockStart: "receipt", regulations: "gdpr", notificationEmails: "dpo@example.com" })).status).toBe(200);
  });

  it("role changes: one alert per change, a new owner high; emailed to the notification address", async () => {
    const changes = await alertsOf(shop, "role_change");
    // The team was formed by two assignments (officer, viewer joined as viewer already: no change).
    expect(changes.map((a) => [a.subjectId, a.severity, JSON.parse(a.details).to])).toEqual([[OFFICER, "medium", "privacy_officer"]]);
    expect((await post(shop, OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: VIEWER, role: "owner" })).status).toBe(200);
    const owner = await waitFor(async () => (await alertsOf(shop, "role_change")).find((a) => a.subjectId === VIEWER));
    expect(owner).toMatchObject({ severity: "high", actorId: OWNER, status: "new" });
    const mail = await smtp.waitFor((m: CapturedMail) => m.to.includes("dpo@example.com") && m.text.includes(owner.id));
    expect(mail.subject).toBe(`[high] Role change on ${shop}`);
    expect(mail.text).not.toMatch(/@example\.com/);
    expect((await post(shop, OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: VIEWER, role: "viewer" })).status).toBe(200);
    expect(await alertsOf(shop, "role_change")).toHaveLength(3);
  });

  it("bulk export by one staff member: once when the threshold is reached in the window, not again in it", async () => {
    expect((await saveAlertSettings(shop, { exportThreshold: "3" })).status).toBe(200);
    const { request, file } = await dataRequest(shop, 2);
    for (let i = 0; i < 2; i++) expect((await call(shop, OFFICER, `/app/requests/${request.id}/exports/${file.id}`, null)).status).toBe(200);
    expect(await alertsOf(shop, "bulk_export")).toEqual([]);
    // Another staff member's downloads count for them, not the officer.
    expect((await call(shop, OWNER, `/app/requests/${request.id}/exports/${file.id}`, null)).status).toBe(200);
    expect(await alertsOf(shop, "bulk_export")).toEqual([]);
    for (let i = 0; i < 3; i++) expect((await call(shop, OFFICER, `/app/requests/${request.id}/exports/${file.id}`, null)).status).toBe(200);
    const alerts = await alertsOf(shop, "bulk_export");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ actorId: OFFICER, count: 3, severity: "high" });
  });

  it("failed verification codes and forged download links from one source: counted per blind index, never the address", async () => {
    expect((await saveAlertSettings(shop, { failureThreshold: "4" })).status).toBe(200);
    const ip = "203.0.113.77";
    const form = new URLSearchParams({ type: "access", email: "guesser@example.com", correction: "", message: "", website: "", locale: "en", region: "DE" });
    // Through Shopify's app proxy: the shopper's address, then the proxy's, as our front proxy passes them on.
    const viaShopify = (from: string) => ({ Accept: "application/json", "X-Forwarded-For": `${from}, 23.227.38.1` });
    const filed = await fetch(signedProxyUrl(app.url, "/requests", { shop }, env.SHOPIFY_API_SECRET!), { method: "POST", headers: viaShopify(ip), body: form });
    expect(filed.status).toBe(201);
    const { reference } = (await filed.json()) as { reference: string };
    const wrong = (from: string) =>
      fetch(signedProxyUrl(app.url, `/requests/${reference}/verify`, { shop }, env.SHOPIFY_API_SECRET!), { method: "POST", headers: viaShopify(from), body: new URLSearchParams({ code: "000000" }) });
    for (let i = 0; i < 2; i++) expect((await wrong(ip)).status).toBe(422);
    // Another address is another source.
    expect((await wrong("203.0.113.78")).status).toBe(422);
    expect(await alertsOf(shop, "access_failures")).toEqual([]);
    // Download links forged for this shop, from the same address (straight to the app, through our proxy).
    const payload = Buffer.from(`${shop}|req|file|${Math.floor(Date.now() / 1000) + 3600}`).toString("base64url");
    const forged = `v1.${payload}.${randomBytes(32).toString("base64url")}`;
    for (let i = 0; i < 3; i++) expect((await fetch(new URL(`/downloads/${forged}`, app.url), { headers: { "X-Forwarded-For": ip } })).status).toBe(403);
    const failed = await db.auditEntry.findMany({ where: { shopDomain: shop, action: { in: ["verification.failed", "download.link_failed"] } } });
    expect(failed).toHaveLength(6);
    for (const entry of failed) expect(entry.metadata).not.toContain("203.0.113");
    const alerts = await alertsOf(shop, "access_failures");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.sourceRef).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(alerts[0])).not.toContain("203.0.113");
    expect(alerts[0]).toMatchObject({ count: 4 });
  });

  it("step-up MFA failures per staff member (entries as the mfa module appends them)", async () => {
    const fail = () => db.$transaction((tx) => appendAudit(tx, { shopDomain: shop, actorType: "staff", actorId: OFFICER, action: "mfa.step_up_failed", metadata: { reason: "wrong_code" }, occurredAt: new Date() }));
    for (let i = 0; i < 4; i++) await fail();
    expect(await alertsOf(shop, "mfa_failures")).toEqual([]);
    for (let i = 0; i < 3; i++) await fail();
    expect(await alertsOf(shop, "mfa_failures")).toMatchObject([{ actorId: OFFICER, count: 5, severity: "high" }]);
  });

  it("an audit-chain verification failure, once per break however often it is verified", async () => {
    const victim = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: shop }, orderBy: { seq: "asc" }, skip: 2 });
    await db.auditEntry.update({ where: { id: victim.id }, data: { reason: "edited outside the app" } });
    for (let i = 0; i < 2; i++) expect((await post(shop, VIEWER, "/app/audit", "routes/app.audit", { intent: "verify" })).status).toBe(200);
    const alerts = await alertsOf(shop, "audit_integrity");
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0]!.details)).toMatchObject({ brokenAtSeq: victim.seq });
    await db.auditEntry.update({ where: { id: victim.id }, data: { reason: victim.reason } });
  });

  it("a compliance webhook job the worker marks dead", async () => {
    const job = await db.job.create({ data: { kind: "webhook.customers/redact", shopDomain: shop, payload: JSON.stringify({ webhookEventId: "no-such-event" }), idempotencyKey: randomUUID(), maxAttempts: 1 } });
    // The worker polls every 15 s for jobs another process queued.
    await waitFor(async () => (await db.job.findUnique({ where: { id: job.id } }))?.status === "dead", { timeoutMs: 40_000 });
    const dead = await waitFor(async () => (await alertsOf(shop, "dead_webhook_job"))[0]);
    expect(dead).toMatchObject({ subjectType: "job", subjectId: job.id, severity: "high" });
    // A dead job of another kind is audited but raises nothing.
    const other = await db.job.create({ data: { kind: "webhook.app/scopes_update", shopDomain: shop, payload: JSON.stringify({ webhookEventId: "no-such-event" }), idempotencyKey: randomUUID(), maxAttempts: 1 } });
    await waitFor(async () => (await db.job.findUnique({ where: { id: other.id } }))?.status === "dead", { timeoutMs: 40_000 });
    await waitFor(async () => (await db.auditEntry.count({ where: { shopDomain: shop, action: "job.dead", subjectId: other.id } })) === 1);
    expect(await alertsOf(shop, "dead_webhook_job")).toHaveLength(1);
  }, 90_000);

  it("requests about to miss and past their deadline: once per request per state (scheduled check)", async () => {
    const { request } = await dataRequest(shop, 3);
    const dueAt = (request.extendedDueAt ?? request.dueAt).getTime();
    const at = (ms: number) => new Date(ms).toISOString();
    expect(runCli(env, "alerts:check", ["--at", at(dueAt - 5 * 86_400_000)])).toMatchObject({ code: 0 });
    expect((await alertsOf(shop, "request_deadline")).filter((a) => a.subjectId === request.id)).toEqual([]);
    for (let i = 0; i < 2; i++) expect(runCli(env, "alerts:check", ["--at", at(dueAt - 86_400_000)])).toMatchObject({ code: 0 });
    for (let i = 0; i < 2; i++) expect(runCli(env, "alerts:check", ["--at", at(dueAt + 3_600_000)])).toMatchObject({ code: 0 });
    const mine = (await alertsOf(shop, "request_deadline")).filter((a) => a.subjectId === request.id);
    expect(mine.map((a) => [JSON.parse(a.details).state, a.severity])).toEqual([
      ["due_soon", "medium"],
      ["overdue", "high"],
    ]);
  }, 120_000);

  it("personal-data access outside the configured working hours: once per staff member per local day", async () => {
    // One working day, three days from today: today is outside working hours in every time zone.
    const day = ((new Date().getUTCDay() + 6 + 3) % 7) + 1;
    expect((await saveAlertSettings(shop, { workingHoursEnabled: "on", workDays: [String(day)], exportThreshold: "1000" })).status).toBe(200);
    const { request, file } = await dataRequest(shop, 4);
    for (let i = 0; i < 2; i++) expect((await call(shop, OWNER, `/app/requests/${request.id}/exports/${file.id}`, null)).status).toBe(200);
    expect((await call(shop, OFFICER, `/app/requests/${request.id}/exports/${file.id}`, null)).status).toBe(200);
    const alerts = await alertsOf(shop, "after_hours");
    expect(alerts.map((a) => a.actorId).sort()).toEqual([OWNER, OFFICER].sort());
    expect(await saveAlertSettings(shop, { workingHoursEnabled: "off", exportThreshold: "1000" })).toHaveProperty("status", 200);
  });

  it("access reviews: overdue after the period, shown on the team page, confirmed (audited) by an owner", async () => {
    const later = new Date(Date.now() + 100 * 86_400_000).toISOString();
    for (let i = 0; i < 2; i++) expect(runCli(env, "alerts:check", ["--at", later])).toMatchObject({ code: 0 });
    const overdue = await alertsOf(shop, "access_review");
    expect(overdue.map((a) => a.subjectId).sort()).toEqual([OWNER, OFFICER, VIEWER].sort());
    expect((await post(shop, OWNER, "/app/team", "routes/app.team", { intent: "confirm_review", staffId: OFFICER })).status).toBe(200);
    const confirmed = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: shop, action: "access_review.confirmed", subjectId: OFFICER } });
    expect(confirmed).toMatchObject({ actorId: OWNER });
    expect((await db.alert.findFirstOrThrow({ where: { shopDomain: shop, rule: "access_review", subjectId: OFFICER } })).status).toBe("resolved");
    const team = (await (await call(shop, OWNER, "/app/team", "routes/app.team")).json()) as { review: { reviews: Record<string, { overdue: boolean; confirmedAt: string | null }> } };
    expect(team.review.reviews[OFFICER]).toMatchObject({ overdue: false });
    expect(team.review.reviews[OFFICER]!.confirmedAt).not.toBeNull();
    // Bad input: 4xx, nothing changed.
    expect((await post(shop, OWNER, "/app/team", "routes/app.team", { intent: "confirm_review", staffId: "999999" })).status).toBe(404);
    expect((await post(shop, OWNER, "/app/team", "routes/app.team", { intent: "confirm_review", staffId: "x" })).status).toBe(400);
  }, 60_000);

  it("the chain still verifies after all of it", async () => {
    expect((await verifyShopChain(db, shop)).ok).toBe(true);
  });
});

describe("an alert's life: acknowledge, resolve, open a breach record", () => {
  const shop = "alerts-life.myshopify.com";
  let alertId: string;
  beforeAll(async () => {
    await teamShop(shop);
    alertId = (await db.alert.findFirstOrThrow({ where: { shopDomain: shop, rule: "role_change" } })).id;
  });

  const act = (staffId: string, intent: string, id = alertId) => post(shop, staffId, `/app/alerts/${id}`, "routes/app.alerts.$id", { intent });

  it("lists and shows alerts to every role", async () => {
    for (const staffId of [OWNER, OFFICER, VIEWER]) {
      const list = (await (await call(shop, staffId, "/app/alerts", "routes/app.alerts._index")).json()) as { alerts: { id: string }[]; counts: { new: number } };
      expect(list.alerts.map((a) => a.id)).toContain(alertId);
      expect((await call(shop, staffId, `/app/alerts/${alertId}`, "routes/app.alerts.$id")).status).toBe(200);
    }
    expect((await call(shop, OWNER, "/app/alerts?status=bogus", "routes/app.alerts._index")).status).toBe(400);
    expect((await call(shop, OWNER, "/app/alerts/nope", "routes/app.alerts.$id")).status).toBe(404);
  });

  it("acknowledge then resolve, who and when stored and audited; wrong moves are 409 and change nothing", async () => {
    expect((await act(VIEWER, "acknowledge")).status).toBe(403);
    expect((await act(OFFICER, "acknowledge")).status).toBe(200);
    expect((await act(OFFICER, "acknowledge")).status).toBe(409);
    expect((await act(OWNER, "resolve")).status).toBe(200);
    expect((await act(OWNER, "resolve")).status).toBe(409);
    expect((await act(OWNER, "bogus")).status).toBe(400);
    const alert = await db.alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(alert).toMatchObject({ status: "resolved", acknowledgedBy: OFFICER, resolvedBy: OWNER });
    const audit = await db.auditEntry.findMany({ where: { shopDomain: shop, subjectType: "alert", subjectId: alertId }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["alert.acknowledged", OFFICER],
      ["alert.resolved", OWNER],
    ]);
  });

  it("opens one pre-filled breach record from an alert in one click, audited", async () => {
    const response = await act(OFFICER, "open_breach");
    expect(response.status).toBe(201);
    const { breachId } = (await response.json()) as { breachId: string };
    expect((await act(OFFICER, "open_breach")).status).toBe(200);
    expect(await db.breachIncident.count({ where: { shopDomain: shop } })).toBe(1);
    expect((await db.alert.findUniqueOrThrow({ where: { id: alertId } })).breachId).toBe(breachId);
    const breach = (await (await call(shop, OFFICER, `/app/breaches/${breachId}`, "routes/app.breaches.$id")).json()) as { breach: { description: string; categories: string[] } };
    expect(breach.breach.description).toContain(`Opened from alert ${alertId}: Role change`);
    expect(await db.auditEntry.count({ where: { shopDomain: shop, action: "alert.breach_opened", subjectId: alertId } })).toBe(1);
    expect(await db.auditEntry.count({ where: { shopDomain: shop, action: "breach.recorded", subjectId: breachId } })).toBe(1);
    expect((await verifyShopChain(db, shop)).ok).toBe(true);
  });

  it("alert settings: owners only, bad input 422 and nothing changed", async () => {
    expect((await saveAlertSettings(shop, { exportThreshold: "5" }, OFFICER)).status).toBe(403);
    expect((await saveAlertSettings(shop, { exportThreshold: "1" })).status).toBe(422);
    expect((await saveAlertSettings(shop, { workStartHour: "20", workEndHour: "8" })).status).toBe(422);
    expect((await saveAlertSettings(shop, { workDays: ["9"] })).status).toBe(422);
    expect(await db.alertSettings.count({ where: { shopDomain: shop } })).toBe(0);
    expect((await saveAlertSettings(shop, { exportThreshold: "5" })).status).toBe(200);
    expect(await db.alertSettings.findUniqueOrThrow({ where: { shopDomain: shop } })).toMatchObject({ exportThreshold: 5 });
    expect(await db.auditEntry.count({ where: { shopDomain: shop, action: "alerts.settings_updated" } })).toBe(1);
  });
});

// Last: the running app keeps the old key ring, so nothing may decrypt after this.
describe("key rotation", () => {
  const shop = "alerts-rules.myshopify.com";
  it("key rotation (npm run keys:rotate)", async () => {
    const newKey = randomBytes(32).toString("base64");
    const rotated = { ...env, DATA_ENCRYPTION_KEYS: `${env.DATA_ENCRYPTION_KEYS},a2:${newKey}`, DATA_ENCRYPTION_ACTIVE_KEY_ID: "a2" };
    const cli = runCli(rotated, "keys:rotate");
    expect(cli.code, cli.stderr).toBe(0);
    const alerts = await alertsOf(shop, "key_rotation");
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0]!.details)).toMatchObject({ activeKeyId: "a2" });
  }, 60_000);
});
