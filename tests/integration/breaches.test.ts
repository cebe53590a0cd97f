import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { decryptField } from "../../app/platform/crypto";
import { verifyShopChain } from "../../app/modules/audit/audit.server";
import type { RunningApp } from "../helpers/app-server";
import { adminHeaders, installOfflineSession } from "../helpers/admin-session";
import { expectNotInDatabaseFile } from "../helpers/plaintext";
import type { TestDatabase } from "../helpers/database";
import { useApp } from "../helpers/app-fixture";
import { keyRingOf } from "../helpers/keys";

const SHOP_A = "breach-a.myshopify.com";
const SHOP_B = "breach-b.myshopify.com";
const LIST = "routes/app.breaches._index";
const DETAIL = "routes/app.breaches.$id";
const HOUR = 3_600_000;

let app: RunningApp;
let db: Db;
let database: TestDatabase;
let env: Record<string, string>;

type Fields = Record<string, string | string[]>;

function data(path: string, route: string, shop: string, init: RequestInit = {}) {
  const url = new URL(path, app.url);
  url.searchParams.set("_data", route);
  return fetch(url, { ...init, headers: { ...adminHeaders(env, shop, "7001"), ...(init.headers ?? {}) } });
}

function post(path: string, route: string, shop: string, fields: Fields) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return data(path, route, shop, { method: "POST", body });
}

const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

/** Fixture text that is unique per call, so finding it anywhere in storage is meaningful. */
const fixtureText = (what: string) => `${what} ${randomUUID()}: test fixture, staging bucket readable without auth`;

function incident(overrides: Fields = {}): Fields {
  return {
    intent: "record",
    discoveredAt: iso(-2 * HOUR),
    description: fixtureText("Incident"),
    "categories[]": ["contact", "orders"],
    approxPeopleAffected: "120",
    containment: fixtureText("Containment"),
    ...overrides,
  };
}

async function record(shop: string, overrides: Fields = {}): Promise<string> {
  const response = await post("/app/breaches", LIST, shop, incident(overrides));
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

interface ListBody {
  breaches: { id: string; discoveredAt: string; clock: { deadline: string; remainingMs: number; state: string }; integrityOk: boolean }[];
}

async function listed(shop: string) {
  const response = await data("/app/breaches", LIST, shop);
  expect(response.status).toBe(200);
  return ((await response.json()) as ListBody).breaches;
}

async function auditActions(shop: string, subjectId: string) {
  const entries = await db.auditEntry.findMany({ where: { shopDomain: shop, subjectId }, orderBy: { seq: "asc" } });
  return entries.map((e) => e.action);
}

const fixture = useApp();
beforeAll(async () => {
  ({ database, env, app, db } = fixture);
  await installOfflineSession(db, env, SHOP_A);
  await installOfflineSession(db, env, SHOP_B);
});

describe("breach register", () => {
  it("records an incident encrypted, audits it without its text, and lists it with the 72-hour deadline", async () => {
    const fields = incident();
    const response = await post("/app/breaches", LIST, SHOP_A, fields);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };

    const row = await db.breachIncident.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ shopDomain: SHOP_A, dataCategories: "contact,orders", approxPeopleAffected: 120, createdBy: "7001", authorityNotifiedAt: null });
    expect(row.discoveredAt.toISOString()).toBe(fields.discoveredAt);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(fields.description);
    expect(stored).not.toContain(fields.containment);
    const ring = keyRingOf(env);
    expect(decryptField(ring, row.descriptionCipher, `breach_incident:${id}:description`)).toBe(fields.description);
    expect(decryptField(ring, row.containmentCipher!, `breach_incident:${id}:containment`)).toBe(fields.containment);

    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP_A, action: "breach.recorded", subjectId: id } });
    expect(audit).toMatchObject({ actorType: "staff", actorId: "7001", subjectType: "breach_incident" });
    const deadline = new Date(new Date(fields.discoveredAt as string).getTime() + 72 * HOUR).toISOString();
    expect(JSON.parse(audit.metadata)).toEqual({ categories: ["contact", "orders"], approxPeopleAffected: 120, discoveredAt: fields.discoveredAt, deadline, containmentRecorded: true });
    expect(JSON.stringify(audit)).not.toContain("fixture");

    const entry = (await listed(SHOP_A)).find((b) => b.id === id)!;
    expect(entry.clock.deadline).toBe(deadline);
    expect(entry.clock.state).toBe("due");
    expect(entry.clock.remainingMs).toBeGreaterThan(69.9 * HOUR);
    expect(entry.clock.remainingMs).toBeLessThanOrEqual(70 * HOUR);
    expect(entry.integrityOk).toBe(true);

    const detail = (await (await data(`/app/breaches/${id}`, DETAIL, SHOP_A)).json()) as { breach: { description: string; containment: string; timeline: { action: string }[] } };
    expect(detail.breach.description).toBe(fields.description);
    expect(detail.breach.containment).toBe(fields.containment);
    expect(detail.breach.timeline.map((t) => t.action)).toEqual(["breach.recorded"]);

    // The pages render on the server with the countdown.
    const page = await fetch(`${app.url}/app/breaches`, { headers: adminHeaders(env, SHOP_A, "7001") });
    expect(page.status).toBe(200);
    const listHtml = await page.text();
    expect(listHtml).toMatch(/Data breaches[\s\S]*(69|70) h \d+ min left[\s\S]*Record an incident/);
    expect(listHtml).not.toContain(fields.description);
    const detailPage = await fetch(`${app.url}/app/breaches/${id}`, { headers: adminHeaders(env, SHOP_A, "7001") });
    expect(detailPage.status).toBe(200);
    // Without its scripts: the admin catalog (ADR 0019) travels as data in a script.
    const detailHtml = (await detailPage.text()).replace(/<script\b[\s\S]*?<\/script>/g, "");
    expect(detailHtml).toMatch(/72-hour clock \(art\. 33\)[\s\S]*(69|70) h \d+ min left/);
    expect(detailHtml).toContain(fields.description);
    expect(detailHtml).toContain("Incident recorded");
    expect(detailHtml).not.toContain("Record an incident");

    expectNotInDatabaseFile(database, fields.description as string, fields.containment as string);
  });

  it("records notifications, containment and closing, each audited, and settles the clock", async () => {
    const id = await record(SHOP_A, { discoveredAt: iso(-80 * HOUR) });
    const path = `/app/breaches/${id}`;
    expect((await listed(SHOP_A)).find((b) => b.id === id)!.clock.state).toBe("overdue");

    const early = await post(path, DETAIL, SHOP_A, { intent: "close" });
    expect(early.status).toBe(409);

    const notifiedAt = iso(-HOUR);
    const notified = await post(path, DETAIL, SHOP_A, { intent: "authority_notified", at: notifiedAt });
    expect(notified.status).toBe(200);
    expect((await db.breachIncident.findUniqueOrThrow({ where: { id } })).authorityNotifiedAt?.toISOString()).toBe(notifiedAt);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP_A, action: "breach.authority_notified", subjectId: id } });
    expect(JSON.parse(audit.metadata)).toMatchObject({ notifiedAt, clockState: "notified_late" });
    const entry = (await listed(SHOP_A)).find((b) => b.id === id)!;
    expect(entry.clock.state).toBe("notified_late");
    // Frozen at the notification: 72 h minus the 79 h (and a few ms) it took.
    expect(entry.clock.remainingMs).toBe(new Date(entry.discoveredAt).getTime() + 72 * HOUR - new Date(notifiedAt).getTime());
    expect(entry.clock.remainingMs).toBeLessThanOrEqual(-7 * HOUR);
    expect((await post(path, DETAIL, SHOP_A, { intent: "authority_notified", at: notifiedAt })).status).toBe(409);

    const future = await post(path, DETAIL, SHOP_A, { intent: "people_notified", at: iso(HOUR) });
    expect(future.status).toBe(422);
    expect(((await future.json()) as { fieldErrors: Record<string, string> }).fieldErrors.at).toMatch(/future/);
    const beforeDiscovery = await post(path, DETAIL, SHOP_A, { intent: "people_notified", at: iso(-81 * HOUR) });
    expect(beforeDiscovery.status).toBe(422);
    expect((await db.breachIncident.findUniqueOrThrow({ where: { id } })).peopleNotifiedAt).toBeNull();
    expect((await post(path, DETAIL, SHOP_A, { intent: "people_notified", at: iso(-30 * 60_000) })).status).toBe(200);

    const steps = fixtureText("Further containment");
    expect((await post(path, DETAIL, SHOP_A, { intent: "containment", containment: steps })).status).toBe(200);
    const row = await db.breachIncident.findUniqueOrThrow({ where: { id } });
    expect(row.containmentCipher).not.toContain("fixture");
    expect(decryptField(keyRingOf(env), row.containmentCipher!, `breach_incident:${id}:containment`)).toBe(steps);

    expect((await post(path, DETAIL, SHOP_A, { intent: "close" })).status).toBe(200);
    expect((await db.breachIncident.findUniqueOrThrow({ where: { id } })).closedAt).not.toBeNull();
    expect((await post(path, DETAIL, SHOP_A, { intent: "containment", containment: "more" })).status).toBe(409);

    expect(await auditActions(SHOP_A, id)).toEqual(["breach.recorded", "breach.authority_notified", "breach.people_notified", "breach.containment_updated", "breach.closed"]);
    const detail = (await (await data(path, DETAIL, SHOP_A)).json()) as { breach: { timeline: { action: string }[] } };
    expect(detail.breach.timeline.map((t) => t.action)).toEqual(await auditActions(SHOP_A, id));
  });

  it("records that notification is not needed, with a reason, and stops the clock", async () => {
    const id = await record(SHOP_A, { discoveredAt: iso(-100 * HOUR) });
    const path = `/app/breaches/${id}`;
    expect((await post(path, DETAIL, SHOP_A, { intent: "not_needed", reason: "  " })).status).toBe(422);
    expect((await post(path, DETAIL, SHOP_A, { intent: "not_needed", reason: "x".repeat(1001) })).status).toBe(422);
    expect((await post(path, DETAIL, SHOP_A, { intent: "not_needed", reason: "Data was encrypted and the key was not exposed" })).status).toBe(200);
    const row = await db.breachIncident.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ notificationNotNeeded: true, notNeededReason: "Data was encrypted and the key was not exposed" });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP_A, action: "breach.notification_not_needed", subjectId: id } });
    expect(audit.metadata).not.toContain("encrypted");
    expect((await listed(SHOP_A)).find((b) => b.id === id)!.clock.state).toBe("not_required");
    expect((await post(path, DETAIL, SHOP_A, { intent: "close" })).status).toBe(200);
  });

  it("refuses bad input with a 4xx and stores nothing", async () => {
    const before = { rows: await db.breachIncident.count({ where: { shopDomain: SHOP_A } }), audit: await db.auditEntry.count({ where: { shopDomain: SHOP_A } }) };
    const cases: { name: string; fields: Fields; status: number; field: string }[] = [
      { name: "future discovery", fields: incident({ discoveredAt: iso(HOUR) }), status: 422, field: "discoveredAt" },
      { name: "unknown category", fields: incident({ "categories[]": ["contact", "biometrics"] }), status: 422, field: "categories" },
      { name: "no category", fields: incident({ "categories[]": [] }), status: 422, field: "categories" },
      { name: "oversized description", fields: incident({ description: "d".repeat(5001) }), status: 422, field: "description" },
      { name: "blank description", fields: incident({ description: "   " }), status: 422, field: "description" },
      { name: "oversized containment", fields: incident({ containment: "c".repeat(5001) }), status: 422, field: "containment" },
      { name: "negative people", fields: incident({ approxPeopleAffected: "-1" }), status: 422, field: "approxPeopleAffected" },
      { name: "too many people", fields: incident({ approxPeopleAffected: "100000001" }), status: 422, field: "approxPeopleAffected" },
      { name: "fractional people", fields: incident({ approxPeopleAffected: "1.5" }), status: 400, field: "approxPeopleAffected" },
      { name: "unparseable discovery", fields: incident({ discoveredAt: "yesterday" }), status: 400, field: "discoveredAt" },
      { name: "unknown intent", fields: incident({ intent: "delete" }), status: 400, field: "intent" },
    ];
    const missing = ["discoveredAt", "description", "approxPeopleAffected"].map((field) => {
      const fields = incident();
      delete fields[field];
      return { name: `missing ${field}`, fields, status: 400, field };
    });
    for (const c of [...cases, ...missing]) {
      const response = await post("/app/breaches", LIST, SHOP_A, c.fields);
      expect(response.status, c.name).toBe(c.status);
      const body = (await response.json()) as { ok: boolean; fieldErrors: Record<string, string> };
      expect(body.ok, c.name).toBe(false);
      expect(Object.keys(body.fieldErrors), c.name).toContain(c.field);
    }
    expect(await db.breachIncident.count({ where: { shopDomain: SHOP_A } })).toBe(before.rows);
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP_A } })).toBe(before.audit);

    // The limits themselves are accepted.
    await record(SHOP_A, { description: "d".repeat(5000), approxPeopleAffected: "100000000", "categories[]": ["children", "health", "children"] });
    const row = await db.breachIncident.findFirstOrThrow({ where: { shopDomain: SHOP_A, approxPeopleAffected: 100_000_000 } });
    expect(row.dataCategories).toBe("health,children");
  });

  it("answers 404 to another shop's incident on the loader and every action, and changes nothing", async () => {
    const theirs = await record(SHOP_B);
    const path = `/app/breaches/${theirs}`;
    const before = await db.breachIncident.findUniqueOrThrow({ where: { id: theirs } });
    const auditBefore = { a: await db.auditEntry.count({ where: { shopDomain: SHOP_A } }), b: await db.auditEntry.count({ where: { shopDomain: SHOP_B } }) };

    const detail = await data(path, DETAIL, SHOP_A);
    expect(detail.status).toBe(404);
    expect(await detail.text()).not.toContain("fixture");
    const page = await fetch(`${app.url}${path}`, { headers: adminHeaders(env, SHOP_A, "7001") });
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain("fixture");
    const attempts: Fields[] = [
      { intent: "authority_notified", at: iso(-HOUR) },
      { intent: "people_notified", at: iso(-HOUR) },
      { intent: "not_needed", reason: "Unlikely to result in a risk" },
      { intent: "containment", containment: "Replaced" },
      { intent: "close" },
    ];
    for (const fields of attempts) {
      const response = await post(path, DETAIL, SHOP_A, fields);
      expect(response.status, String(fields.intent)).toBe(404);
      expect(await response.text()).not.toContain("fixture");
    }
    expect((await data("/app/breaches/br_nonexistent", DETAIL, SHOP_A)).status).toBe(404);
    expect((await listed(SHOP_A)).map((b) => b.id)).not.toContain(theirs);
    expect((await listed(SHOP_B)).map((b) => b.id)).toContain(theirs);

    expect(await db.breachIncident.findUniqueOrThrow({ where: { id: theirs } })).toEqual(before);
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP_A } })).toBe(auditBefore.a);
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP_B } })).toBe(auditBefore.b);
  });

  it("refuses to change a row edited in the database, audits the refusal, and the audit chain still verifies", async () => {
    const id = await record(SHOP_A);
    const path = `/app/breaches/${id}`;
    expect((await post(path, DETAIL, SHOP_A, { intent: "containment", containment: "First update" })).status).toBe(200);

    // Someone with database access lowers the count, bypassing the app.
    await db.breachIncident.update({ where: { id }, data: { approxPeopleAffected: 3 } });
    const tampered = await db.breachIncident.findUniqueOrThrow({ where: { id } });

    const refused = await post(path, DETAIL, SHOP_A, { intent: "authority_notified", at: iso(-HOUR) });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/changed outside the app/);
    expect((await post(path, DETAIL, SHOP_A, { intent: "containment", containment: "Second update" })).status).toBe(409);
    expect(await db.breachIncident.findUniqueOrThrow({ where: { id } })).toEqual(tampered);

    expect(await auditActions(SHOP_A, id)).toEqual(["breach.recorded", "breach.containment_updated", "breach.integrity_mismatch", "breach.integrity_mismatch"]);
    const mismatches = await db.auditEntry.findMany({ where: { shopDomain: SHOP_A, action: "breach.integrity_mismatch", subjectId: id }, orderBy: { seq: "asc" } });
    expect(mismatches.map((m) => JSON.parse(m.metadata).attempted)).toEqual(["breach.authority_notified", "breach.containment_updated"]);
    expect(mismatches[0]).toMatchObject({ actorType: "system", subjectType: "breach_incident" });

    const detail = (await (await data(path, DETAIL, SHOP_A)).json()) as { breach: { integrityOk: boolean; timeline: { action: string }[] } };
    expect(detail.breach.integrityOk).toBe(false);
    expect(detail.breach.timeline.at(-1)?.action).toBe("breach.integrity_mismatch");

    for (const shop of [SHOP_A, SHOP_B]) {
      const chain = await verifyShopChain(db, shop);
      expect(chain.ok, shop).toBe(true);
    }
    expect((await verifyShopChain(db, SHOP_A)).entries).toBe(await db.auditEntry.count({ where: { shopDomain: SHOP_A } }));
  });
});
