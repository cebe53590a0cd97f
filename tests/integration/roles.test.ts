import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { verifyShopChain } from "../../app/modules/audit/audit.server";
import { dataRequestPayload, shopRedactPayload } from "../fixtures/webhooks";
import { adminHeaders, installOfflineSession } from "../helpers/admin-session";
import { useApp } from "../helpers/app-fixture";
import { ROOT, type RunningApp } from "../helpers/app-server";
import { waitFor } from "../helpers/db-client";
import { deliverWebhook } from "../../sandbox/signing/webhook";
import { grantRole } from "../helpers/team";

const SHOP = "roles-a.myshopify.com";
const OTHER = "roles-b.myshopify.com";
const OWNER = "1001";
const VIEWER = "1002";
const OFFICER = "1003";

let app: RunningApp;
let db: Db;
let env: Record<string, string>;

function call(staffId: string, path: string, route: string | null, init: RequestInit = {}, shop = SHOP) {
  const url = new URL(path, app.url);
  if (route) url.searchParams.set("_data", route);
  return fetch(url, { ...init, headers: { ...adminHeaders(env, shop, staffId), ...(init.headers ?? {}) } });
}

function post(staffId: string, path: string, route: string, fields: Record<string, string | string[]>, shop = SHOP) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return call(staffId, path, route, { method: "POST", body }, shop);
}

async function openDataRequest(shop: string, requestId: number) {
  const webhookId = randomUUID();
  const body = JSON.stringify(dataRequestPayload({ shop, customerId: 900 + requestId, email: `role${requestId}@example.com`, requestId }));
  expect((await deliverWebhook(app.url, "/webhooks/compliance", { topic: "customers/data_request", shop, body, webhookId }, env.SHOPIFY_API_SECRET!)).status).toBe(200);
  await waitFor(async () => (await db.webhookEvent.findUnique({ where: { webhookId } }))?.status === "processed");
  return db.privacyRequest.findFirstOrThrow({ where: { shopDomain: shop, shopifyDataRequestId: String(requestId) } });
}

/** Everything an admin action could change, for "nothing changed" checks. */
async function snapshot(shop: string) {
  const where = { shopDomain: shop };
  // Background jobs (emails, exports) may still be running from earlier steps: let the due ones finish
  // so the snapshot shows only what the refused requests could have changed.
  await waitFor(async () => (await db.job.count({ where: { shopDomain: shop, OR: [{ status: "running" }, { status: "pending", runAt: { lte: new Date() } }] } })) === 0, { timeoutMs: 20_000 });
  return {
    requests: await db.privacyRequest.findMany({ where, orderBy: { id: "asc" } }),
    transitions: await db.requestTransition.count({ where }),
    messages: await db.requestMessage.count({ where }),
    exports: await db.exportFile.count({ where }),
    breaches: await db.breachIncident.findMany({ where, orderBy: { id: "asc" } }),
    settings: await db.shopSettings.findMany({ where }),
    jobs: await db.job.findMany({ where, orderBy: { id: "asc" }, select: { id: true, status: true, attempts: true, runAt: true } }),
    staff: await db.staffMember.findMany({ where, orderBy: { staffId: "asc" } }),
    emails: await db.outboundEmail.count({ where }),
    audit: await db.auditHead.findUnique({ where }),
    scans: await db.trackerScan.count({ where }),
    scanner: await db.scannerSettings.findMany({ where }),
    mfaPolicy: await db.mfaPolicy.findMany({ where }),
    mfaFactors: await db.mfaFactor.findMany({ where, orderBy: { staffId: "asc" } }),
    declaration: await db.cookieDeclarationEdit.count({ where }),
    streams: await db.auditStream.findMany({ where }),
    alerts: await db.alert.findMany({ where, orderBy: { id: "asc" } }),
    alertSettings: await db.alertSettings.findMany({ where }),
    accessReviews: await db.accessReview.findMany({ where }),
  };
}

const fixture = useApp();
let requestId: string;
let fileId: string;
let breachId: string;
let deadJobId: string;
let alertId: string;

beforeAll(async () => {
  ({ env, app, db } = fixture);
  await installOfflineSession(db, env, SHOP);
  await installOfflineSession(db, env, OTHER);
  // The first staff member to open the app becomes owner; the next ones join as viewers.
  expect((await call(OWNER, "/app", "routes/app._index")).status).toBe(200);
  await grantRole(app.url, env, SHOP, OWNER, VIEWER, "viewer");
  await grantRole(app.url, env, SHOP, OWNER, OFFICER, "privacy_officer");
  const request = await openDataRequest(SHOP, 1);
  requestId = request.id;
  fileId = (await db.exportFile.findFirstOrThrow({ where: { requestId } })).id;
  const recorded = await post(OFFICER, "/app/breaches", "routes/app.breaches._index", {
    intent: "record",
    discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
    description: "Test fixture incident",
    "categories[]": ["contact"],
    approxPeopleAffected: "3",
    containment: "",
  });
  expect(recorded.status).toBe(201);
  breachId = ((await recorded.json()) as { id: string }).id;
  // Granting roles raised role-change alerts (app/modules/alerts).
  alertId = (await db.alert.findFirstOrThrow({ where: { shopDomain: SHOP } })).id;
  deadJobId = (await db.job.create({ data: { kind: "webhook.app/scopes_update", shopDomain: SHOP, payload: JSON.stringify({ webhookEventId: "gone" }), idempotencyKey: randomUUID(), status: "dead", attempts: 8 } })).id;
});

interface Attempt {
  name: string;
  route: string;
  run: (staffId: string) => Promise<Response>;
}

/** Every admin action and every loader that hands out more than a page: the walk below. */
function attempts(): Attempt[] {
  const req = `/app/requests/${requestId}`;
  const requestIntents: Record<string, string>[] = [
    { intent: "verify" },
    { intent: "export" },
    { intent: "erase" },
    { intent: "cancel_erasure" },
    { intent: "complete" },
    { intent: "extend", reason: "Complex request" },
    { intent: "reject", reason: "Not verifiable" },
    { intent: "cancel", reason: "Withdrawn" },
    { intent: "note", text: "A note" },
    { intent: "rectify", lastName: "Changed" },
    { intent: "do_not_sell" },
    { intent: "set_regulation", regulation: "ccpa", reason: "Lives in California" },
  ];
  const breach = `/app/breaches/${breachId}`;
  const breachIntents: Record<string, string>[] = [
    { intent: "authority_notified", at: new Date().toISOString() },
    { intent: "people_notified", at: new Date().toISOString() },
    { intent: "not_needed", reason: "No risk" },
    { intent: "containment", containment: "Rotated keys" },
    { intent: "close" },
  ];
  return [
    ...requestIntents.map((fields) => ({ name: `request ${fields.intent}`, route: "routes/app.requests.$id", run: (s: string) => post(s, req, "routes/app.requests.$id", fields) })),
    { name: "request export download", route: "routes/app.requests.$id.exports.$fileId", run: (s: string) => call(s, `${req}/exports/${fileId}`, null) },
    { name: "request current values from Shopify", route: "routes/app.requests.$id.customer", run: (s: string) => call(s, `${req}/customer`, null) },
    {
      name: "breach record",
      route: "routes/app.breaches._index",
      run: (s: string) => post(s, "/app/breaches", "routes/app.breaches._index", { intent: "record", discoveredAt: new Date().toISOString(), description: "x", "categories[]": ["contact"], approxPeopleAffected: "1", containment: "" }),
    },
    ...breachIntents.map((fields) => ({ name: `breach ${fields.intent}`, route: "routes/app.breaches.$id", run: (s: string) => post(s, breach, "routes/app.breaches.$id", fields) })),
    {
      name: "settings save",
      route: "routes/app.settings",
      run: (s: string) => post(s, "/app/settings", "routes/app.settings", { verificationCodeMinutes: "10", exportLinkDays: "30", closedRequestMonths: "72", consentRecordYears: "10", webhookPayloadDays: "90", clockStart: "receipt", regulations: "gdpr", notificationEmails: "someone@example.com" }),
    },
    { name: "job retry", route: "routes/app.webhooks", run: (s: string) => post(s, "/app/webhooks", "routes/app.webhooks", { intent: "retry", jobId: deadJobId }) },
    { name: "audit export", route: "routes/app.audit.export", run: (s: string) => call(s, "/app/audit/export?format=csv", null) },
    { name: "consent export", route: "routes/app.consent.export", run: (s: string) => call(s, "/app/consent/export?format=csv", null) },
    { name: "scanner scan", route: "routes/app.scanner", run: (s: string) => post(s, "/app/scanner", "routes/app.scanner", { intent: "scan" }) },
    { name: "scanner settings", route: "routes/app.scanner", run: (s: string) => post(s, "/app/scanner", "routes/app.scanner", { intent: "settings", extraPaths: "/pages/faq", password: "secret" }) },
    { name: "scanner declaration", route: "routes/app.scanner", run: (s: string) => post(s, "/app/scanner", "routes/app.scanner", { intent: "declaration", key: "cookie|_ga|example.com", purpose: "Changed" }) },
    {
      name: "security settings save",
      route: "routes/app.security",
      run: (s: string) => post(s, "/app/security", "routes/app.security", { protectedActions: ["requests.erase"], stepUpMinutes: "5", requireEnrollment: "on" }),
    },
    { name: "security reset", route: "routes/app.security", run: (s: string) => post(s, "/app/security", "routes/app.security", { intent: "reset", staffId: OWNER }) },
    ...["create", "test", "pause", "enable", "delete"].map((intent) => ({
      name: `streaming ${intent}`,
      route: "routes/app.streaming",
      run: (s: string) => post(s, "/app/streaming", "routes/app.streaming", intent === "create" ? { intent, kind: "splunk_hec", name: "SIEM", url: "http://127.0.0.1:9", token: "t" } : { intent, streamId: "x" }),
    })),
    { name: "team page", route: "routes/app.team", run: (s: string) => call(s, "/app/team", "routes/app.team") },
    { name: "team assign", route: "routes/app.team", run: (s: string) => post(s, "/app/team", "routes/app.team", { intent: "assign", staffId: s, role: "owner" }) },
    { name: "team confirm review", route: "routes/app.team", run: (s: string) => post(s, "/app/team", "routes/app.team", { intent: "confirm_review", staffId: s }) },
    ...["acknowledge", "resolve", "open_breach"].map((intent) => ({ name: `alert ${intent}`, route: "routes/app.alerts.$id", run: (s: string) => post(s, `/app/alerts/${alertId}`, "routes/app.alerts.$id", { intent }) })),
    {
      name: "alert settings save",
      route: "routes/app.alert-settings",
      run: (s: string) =>
        post(s, "/app/alert-settings", "routes/app.alert-settings", { exportThreshold: "5", exportWindowMinutes: "60", failureThreshold: "10", failureWindowMinutes: "15", mfaThreshold: "5", mfaWindowMinutes: "15", deadlineWarningDays: "3", workingHoursEnabled: "off", workStartHour: "8", workEndHour: "19", workDays: ["1", "2"], reviewMonths: "3" }),
    },
  ];
}

const OWNER_ONLY = new Set([
  "settings save",
  "security settings save",
  "security reset",
  "alert settings save",
  "team confirm review",
  "team page",
  "team assign",
  "scanner scan",
  "scanner settings",
  "scanner declaration",
  ...["create", "test", "pause", "enable", "delete"].map((i) => `streaming ${i}`),
]);

describe("roles enforced on the server", () => {
  it("the walk covers every admin route that has an action", () => {
    const routes = readdirSync(join(ROOT, "app/routes")).filter((f) => f.startsWith("app.") && /export const action\b/.test(readFileSync(join(ROOT, "app/routes", f), "utf8")));
    const walked = new Set(attempts().map((a) => a.route));
    // The audit chain check is open to every role: it reads, then records that it ran. Every role
    // manages its own authenticator (app.mfa): walked below, in "every role manages only its own factor".
    const exempt = new Set(["routes/app.audit", "routes/app.mfa"]);
    for (const file of routes) {
      const route = `routes/${file.replace(/\.tsx$/, "")}`;
      expect(walked.has(route) || exempt.has(route), `${route} is not walked`).toBe(true);
    }
  });

  it("a viewer gets 403 for every action and personal-data download, and nothing changes", async () => {
    const before = await snapshot(SHOP);
    for (const attempt of attempts()) {
      const response = await attempt.run(VIEWER);
      expect(response.status, attempt.name).toBe(403);
      const text = await response.text();
      expect(text, attempt.name).toMatch(/Viewer/);
      expect(text, attempt.name).not.toContain("role1@example.com");
    }
    expect(await snapshot(SHOP)).toEqual(before);
    // Reading is allowed.
    expect((await call(VIEWER, `/app/requests/${requestId}`, "routes/app.requests.$id")).status).toBe(200);
    expect((await call(VIEWER, "/app/requests", "routes/app.requests._index")).status).toBe(200);
    expect((await call(VIEWER, "/app/settings", "routes/app.settings")).status).toBe(200);
    const verify = await post(VIEWER, "/app/audit", "routes/app.audit", { intent: "verify" });
    expect(verify.status).toBe(200);
  });

  it("the pages hide what a viewer cannot do", async () => {
    // The rendered page without its scripts: the admin catalog (ADR 0019) travels as data in a script.
    const html = async (path: string, staffId: string) => (await (await call(staffId, path, null)).text()).replace(/<script\b[\s\S]*?<\/script>/g, "");
    const viewerRequest = await html(`/app/requests/${requestId}`, VIEWER);
    expect(viewerRequest).not.toContain("More actions");
    expect(viewerRequest).toContain("Your role cannot download personal data");
    expect(await html(`/app/requests/${requestId}`, OFFICER)).toContain("More actions");
    expect(await html("/app/breaches", VIEWER)).not.toContain("Record an incident");
    expect(await html("/app/settings", OFFICER)).toContain("Only an owner of the app can change settings");
    expect(await html("/app/settings", OWNER)).not.toContain("Only an owner of the app can change settings");
  });

  it("a privacy officer runs requests, breaches and jobs but gets 403 for settings and the team", async () => {
    const before = await snapshot(SHOP);
    for (const attempt of attempts().filter((a) => OWNER_ONLY.has(a.name))) {
      const response = await attempt.run(OFFICER);
      expect(response.status, attempt.name).toBe(403);
    }
    expect(await snapshot(SHOP)).toEqual(before);
    expect((await post(OFFICER, `/app/requests/${requestId}`, "routes/app.requests.$id", { intent: "note", text: "Officer note" })).status).toBe(200);
    expect((await call(OFFICER, `/app/requests/${requestId}/exports/${fileId}`, null)).status).toBe(200);
    expect((await post(OFFICER, `/app/breaches/${breachId}`, "routes/app.breaches.$id", { intent: "containment", containment: "Rotated keys" })).status).toBe(200);
    expect((await post(OFFICER, "/app/webhooks", "routes/app.webhooks", { intent: "retry", jobId: deadJobId })).status).toBe(200);
    expect((await call(OFFICER, "/app/audit/export?format=csv", null)).status).toBe(200);
  });

  it("an owner changes settings and roles; changes are audited with references only; the last owner stays", async () => {
    const settings = await post(OWNER, "/app/settings", "routes/app.settings", { verificationCodeMinutes: "15", exportLinkDays: "7", closedRequestMonths: "24", consentRecordYears: "5", webhookPayloadDays: "30", clockStart: "receipt", regulations: "gdpr", notificationEmails: "privacy-team@example.com" });
    expect(settings.status).toBe(200);
    const settingsAudit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP, action: "settings.updated" } });
    expect(settingsAudit.metadata).not.toContain("privacy-team@example.com");

    const team = (await (await call(OWNER, "/app/team", "routes/app.team")).json()) as { members: { staffId: string; role: string }[] };
    expect(team.members.map((m) => [m.staffId, m.role])).toEqual([
      [OWNER, "owner"],
      [VIEWER, "viewer"],
      [OFFICER, "privacy_officer"],
    ]);
    const assigned = await db.auditEntry.findMany({ where: { shopDomain: SHOP, action: "staff.role_assigned", subjectId: OFFICER }, orderBy: { seq: "asc" } });
    expect(assigned.map((a) => JSON.parse(a.metadata))).toEqual([
      { from: null, to: "viewer" },
      { from: "viewer", to: "privacy_officer" },
    ]);
    expect(assigned[1]).toMatchObject({ actorType: "staff", actorId: OWNER, subjectType: "staff" });

    // The only owner cannot step down; after naming a second owner, they can.
    const alone = await post(OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: OWNER, role: "viewer" });
    expect(alone.status).toBe(409);
    expect(await db.staffMember.count({ where: { shopDomain: SHOP, role: "owner" } })).toBe(1);
    expect((await post(OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: OFFICER, role: "owner" })).status).toBe(200);
    expect((await post(OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: OWNER, role: "privacy_officer" })).status).toBe(200);
    expect((await call(OWNER, "/app/team", "routes/app.team")).status).toBe(403);
    expect((await post(OFFICER, "/app/team", "routes/app.team", { intent: "assign", staffId: OWNER, role: "owner" })).status).toBe(200);

    // Bad input: clear 4xx, nothing changed.
    const before = await snapshot(SHOP);
    expect((await post(OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: "999999", role: "owner" })).status).toBe(404);
    expect((await post(OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: VIEWER, role: "superuser" })).status).toBe(400);
    expect((await post(OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: "x'; DROP TABLE", role: "owner" })).status).toBe(400);
    expect(await snapshot(SHOP)).toEqual(before);
    expect((await verifyShopChain(db, SHOP)).ok).toBe(true);
  });

  it("every role manages only its own factor on the two-step verification page (app.mfa)", async () => {
    for (const staffId of [VIEWER, OFFICER]) {
      expect((await post(staffId, "/app/mfa", "routes/app.mfa", { intent: "start" })).status).toBe(200);
      // The step-up and set-up intents act on the caller's own row only: there is no field naming another staff member.
      expect((await post(staffId, "/app/mfa", "routes/app.mfa", { intent: "disable", staffId: OWNER })).status).toBe(200);
    }
    expect(await db.mfaFactor.count({ where: { shopDomain: SHOP } })).toBe(0);
    expect((await post(VIEWER, "/app/mfa", "routes/app.mfa", { intent: "step_up", code: "123456" })).status).toBe(409);
    expect((await post(VIEWER, "/app/mfa", "routes/app.mfa", { intent: "promote" })).status).toBe(400);
    // The owner's step-up policy is another matter: owners only (walked above as "security settings save").
    expect((await post(VIEWER, "/app/security", "routes/app.security", { protectedActions: [], stepUpMinutes: "60", requireEnrollment: "off" })).status).toBe(403);
    expect(await db.mfaPolicy.count({ where: { shopDomain: SHOP } })).toBe(0);
  });

  it("another shop's staff and ids stay out of reach: 404 for an owner, and roles are per shop", async () => {
    expect((await call("2001", "/app", "routes/app._index", {}, OTHER)).status).toBe(200);
    const before = await snapshot(OTHER);
    // Shop A's owner cannot touch shop B's staff member, nor B's request.
    expect((await post(OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: "2001", role: "viewer" })).status).toBe(404);
    const theirs = await openDataRequest(OTHER, 2);
    expect((await call(OWNER, `/app/requests/${theirs.id}`, "routes/app.requests.$id")).status).toBe(404);
    expect((await post(OWNER, `/app/requests/${theirs.id}`, "routes/app.requests.$id", { intent: "note", text: "x" })).status).toBe(404);
    expect((await db.staffMember.findMany({ where: { shopDomain: OTHER } })).map((m) => [m.staffId, m.role])).toEqual(before.staff.map((m) => [m.staffId, m.role]));
    // Being owner in shop A means nothing in shop B: there, 1001 is a new viewer.
    expect((await post(OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: OWNER, role: "owner" }, OTHER)).status).toBe(403);
  });

  it("concurrent first visits to a new shop make exactly one owner", async () => {
    const shop = "roles-race.myshopify.com";
    await installOfflineSession(db, env, shop);
    const ids = ["3001", "3002", "3003", "3004", "3005", "3001", "3002"];
    const statuses = await Promise.all(ids.map((id) => call(id, "/app", "routes/app._index", {}, shop).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const members = await db.staffMember.findMany({ where: { shopDomain: shop } });
    expect(members).toHaveLength(5);
    expect(members.filter((m) => m.role === "owner")).toHaveLength(1);
    expect(await db.auditEntry.count({ where: { shopDomain: shop, action: "staff.role_assigned" } })).toBe(5);
  });

  it("shop/redact erases the shop's team", async () => {
    const shop = "roles-gone.myshopify.com";
    await installOfflineSession(db, env, shop);
    expect((await call("4001", "/app", "routes/app._index", {}, shop)).status).toBe(200);
    expect((await call("4002", "/app", "routes/app._index", {}, shop)).status).toBe(200);
    expect(await db.staffMember.count({ where: { shopDomain: shop } })).toBe(2);
    const webhookId = randomUUID();
    await deliverWebhook(app.url, "/webhooks/compliance", { topic: "shop/redact", shop, body: JSON.stringify(shopRedactPayload({ shop })), webhookId }, env.SHOPIFY_API_SECRET!);
    await waitFor(async () => (await db.webhookEvent.findUnique({ where: { webhookId } }))?.status === "processed");
    expect(await db.staffMember.count({ where: { shopDomain: shop } })).toBe(0);
    expect(await db.teamBootstrap.count({ where: { shopDomain: shop } })).toBe(0);
    const erasure = await db.shopErasure.findFirstOrThrow({ where: { shopDomain: shop } });
    expect(JSON.parse(erasure.summary)).toMatchObject({ staffMember: 2, teamBootstrap: 1 });
  });
});
