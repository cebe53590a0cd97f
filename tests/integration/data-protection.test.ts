import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useApp } from "../helpers/app-fixture";
import type { Db } from "../../app/platform/db.server";
import { startApp, type RunningApp } from "../helpers/app-server";
import { adminHeaders, installOfflineSession } from "../helpers/admin-session";
import { runCli } from "../helpers/cli";
import { expectNotInDatabaseFile } from "../helpers/plaintext";
import { testDatabaseKind, type TestDatabase } from "../helpers/database";
import { openDb, waitFor } from "../helpers/db-client";
import { deliverCompliance } from "../helpers/webhooks";
import { customerRedactPayload, dataRequestPayload } from "../fixtures/webhooks";

let database: TestDatabase;
let db: Db;
let env: Record<string, string>;
let app: RunningApp;
let audit: typeof import("../../app/modules/audit/audit.server");
let retention: typeof import("../../app/modules/retention/retention.server");

const fixture = useApp({ JOB_LEASE_SECONDS: "2" });
beforeAll(async () => {
  ({ database, app, db, env } = fixture);
  Object.assign(process.env, { ...env, LOG_LEVEL: "error" });
  audit = await import("../../app/modules/audit/audit.server");
  retention = await import("../../app/modules/retention/retention.server");
});

const deliver = (topic: string, shop: string, payload: unknown, wait: "processed" | "stored" = "processed") => deliverCompliance({ app, db }, topic, shop, payload, wait);

describe("audit chain", () => {
  it(`parallel writers on one shop never fork the chain (${testDatabaseKind()})`, async () => {
    const shop = "parallel-audit.myshopify.com";
    const separate = database.kind === "postgres";
    const clients = Array.from({ length: 4 }, () => (separate ? openDb(database.url) : db));
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        clients[i % clients.length]!.$transaction((tx) => audit.appendAudit(tx, { shopDomain: shop, actorType: "system", action: "test.parallel", metadata: { i }, occurredAt: new Date() })),
      ),
    );
    if (separate) await Promise.all(clients.map((c) => c.$disconnect()));
    const result = await audit.verifyShopChain(db, shop);
    expect(result).toMatchObject({ ok: true, entries: 200 });
    const seqs = (await db.auditEntry.findMany({ where: { shopDomain: shop }, select: { seq: true }, orderBy: { seq: "asc" } })).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it("an entry edited in the database is found by the function, the CLI and the admin action", async () => {
    const shop = "tampered-audit.myshopify.com";
    for (let i = 0; i < 10; i++) {
      await db.$transaction((tx) => audit.appendAudit(tx, { shopDomain: shop, actorType: "system", action: "test.entry", metadata: { i }, occurredAt: new Date() }));
    }
    expect(runCli(env, "audit:verify", ["--shop", shop])).toMatchObject({ code: 0 });
    await db.auditEntry.updateMany({ where: { shopDomain: shop, seq: 6 }, data: { reason: "rewritten later" } });
    expect(await audit.verifyShopChain(db, shop)).toMatchObject({ ok: false, brokenAt: { seq: 6 }, reason: "hash_mismatch" });
    const cli = runCli(env, "audit:verify", ["--shop", shop]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("BROKEN at entry seq 6");

    await installOfflineSession(db, env, shop);
    const url = new URL("/app/audit", app.url);
    url.searchParams.set("_data", "routes/app.audit");
    const response = await fetch(url, { method: "POST", headers: adminHeaders(env, shop), body: new URLSearchParams({ intent: "verify" }) });
    expect(response.status).toBe(200);
    expect((await response.json()).result).toMatchObject({ ok: false, brokenAt: { seq: 6 } });

    // Deleting the tail is caught too (the head remembers how long the chain was).
    const other = "truncated-audit.myshopify.com";
    for (let i = 0; i < 3; i++) await db.$transaction((tx) => audit.appendAudit(tx, { shopDomain: other, actorType: "system", action: "t", occurredAt: new Date() }));
    await db.auditEntry.deleteMany({ where: { shopDomain: other, seq: 3 } });
    expect(await audit.verifyShopChain(db, other)).toMatchObject({ ok: false, reason: "sequence_gap" });
  });

  it("exports the chain as CSV, Splunk HEC NDJSON and Elasticsearch bulk NDJSON", async () => {
    const shop = "export-audit.myshopify.com";
    await installOfflineSession(db, env, shop);
    // An owner arranged directly: the audited first-visit join would add an entry to the chain counted below.
    await db.staffMember.create({ data: { shopDomain: shop, staffId: "42", role: "owner", firstSeenAt: new Date() } });
    for (let i = 0; i < 1_205; i += 100) {
      await db.$transaction(async (tx) => {
        for (let j = i; j < Math.min(i + 100, 1_205); j++) await audit.appendAudit(tx, { shopDomain: shop, actorType: "staff", actorId: "9", action: "test.export", reason: j === 3 ? '=cmd|"x"' : null, metadata: { j }, occurredAt: new Date() });
      });
    }
    const get = (format: string) => fetch(`${app.url}/app/audit/export?format=${format}`, { headers: adminHeaders(env, shop) });
    const csv = await (await get("csv")).text();
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("seq,occurredAt,actorType,actorId,action,subjectType,subjectId,subjectRef,reason,metadata,prevHash,hash");
    expect(lines).toHaveLength(1 + 1_205);
    expect(lines[4]).toContain(`"'=cmd|""x"""`);
    const splunk = (await (await get("splunk")).text()).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(splunk).toHaveLength(1_205);
    expect(splunk[0]).toMatchObject({ host: shop, sourcetype: "privacy_desk:audit", event: { seq: 1, action: "test.export" } });
    expect(typeof splunk[0].time).toBe("number");
    const bulk = (await (await get("elasticsearch")).text()).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(bulk).toHaveLength(2 * 1_205);
    expect(bulk[0]).toEqual({ index: { _index: "privacy-desk-audit", _id: `${shop}:1` } });
    expect(bulk[1]).toMatchObject({ seq: 1, "@timestamp": expect.any(String) });
    expect((await get("xml")).status).toBe(400);
  });
});

describe("personal data at rest", () => {
  it("keeps seeded emails out of the database file and the app's logs", async () => {
    const shop = "plaintext-scan.myshopify.com";
    const email = `scan-${randomBytes(4).toString("hex")}@example.com`;
    await deliver("customers/data_request", shop, dataRequestPayload({ shop, customerId: 9101, email, requestId: 31 }));
    expect(app.logs()).not.toContain(email);
    expectNotInDatabaseFile(database, email);
    const row = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: shop } });
    expect(JSON.stringify(row)).not.toContain(email);
  });

  it("refuses to change a request edited outside the app and audits the attempt", async () => {
    const shop = "integrity.myshopify.com";
    await deliver("customers/data_request", shop, dataRequestPayload({ shop, customerId: 9201, requestId: 41 }));
    const request = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: shop } });
    await db.privacyRequest.update({ where: { id: request.id }, data: { dueAt: new Date(request.dueAt.getTime() + 90 * 86_400_000) } });
    const event = await deliver("customers/redact", shop, customerRedactPayload({ shop, customerId: 9201 }), "stored");
    await waitFor(async () => (await db.auditEntry.count({ where: { shopDomain: shop, action: "request.integrity_mismatch", subjectId: request.id } })) > 0);
    const after = await db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(after.emailCipher).toBe(request.emailCipher); // the refused change did not happen
    expect((await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).status).not.toBe("processed");
    const job = await db.job.findFirstOrThrow({ where: { payload: { contains: event.id } } });
    expect(job.lastError).toBe("INTEGRITY_MISMATCH");
  });

  it("rotates keys without downtime: every value re-encrypted, then the old key can go", async () => {
    const shop = "rotation.myshopify.com";
    await installOfflineSession(db, env, shop);
    await deliver("customers/data_request", shop, dataRequestPayload({ shop, customerId: 9301, email: "rotate.me@example.com", requestId: 51 }));
    const newKey = randomBytes(32).toString("base64");
    const rotated = { ...env, DATA_ENCRYPTION_KEYS: `${env.DATA_ENCRYPTION_KEYS},t2:${newKey}`, DATA_ENCRYPTION_ACTIVE_KEY_ID: "t2" };
    // The running app (old key ring) keeps serving while the command runs.
    const cli = runCli(rotated, "keys:rotate");
    // The request tampered with in the test above is reported and left alone; all else rotates.
    expect(cli.stderr).toContain("1 record(s) failed their integrity check");
    expect(cli.code).toBe(1);
    const tampered = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: "integrity.myshopify.com" } });
    expect(tampered.emailCipher).toMatch(/^v1\.t1\./);
    const ciphers = [
      ...(await db.session.findMany({ select: { accessToken: true } })).map((r) => r.accessToken),
      ...(await db.exportFile.findMany({ select: { contentCipher: true } })).map((r) => r.contentCipher),
      ...(await db.privacyRequest.findMany({ where: { id: { not: tampered.id } }, select: { emailCipher: true } })).map((r) => r.emailCipher),
      ...(await db.webhookEvent.findMany({ select: { payloadCipher: true } })).map((r) => r.payloadCipher),
    ].filter((c): c is string => Boolean(c));
    expect(ciphers.length).toBeGreaterThan(5);
    expect(ciphers.filter((c) => !c.startsWith("v1.t2."))).toEqual([]);
    expect(await db.auditEntry.count({ where: { shopDomain: shop, action: "keys.rotated" } })).toBe(1);

    const onlyNew = await startApp({ ...rotated, DATA_ENCRYPTION_KEYS: `t2:${newKey}` });
    try {
      const request = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: shop } });
      const file = await db.exportFile.findFirstOrThrow({ where: { requestId: request.id, format: "json" } });
      const response = await fetch(`${onlyNew.url}/app/requests/${request.id}/exports/${file.id}`, { headers: adminHeaders(rotated, shop) });
      expect(response.status).toBe(200);
      expect((await response.json()).requests[0].email).toBe("rotate.me@example.com");
    } finally {
      await onlyNew.stop();
    }
  });
});

describe("retention", () => {
  it("purges what is past its period, anonymises old closed requests, audits counts only; twice is a no-op", async () => {
    const shop = "retention.myshopify.com";
    await deliver("customers/data_request", shop, dataRequestPayload({ shop, customerId: 9401, email: "old.request@example.com", requestId: 61 }));
    const request = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: shop } });
    const now = new Date();
    const day = 86_400_000;
    await db.consentRecord.createMany({
      data: [
        { shopDomain: shop, visitorId: "a".repeat(32), noticeVersion: "1", categories: "{}", action: "reject_all", recordedAt: new Date(now.getTime() - 6 * 365 * day) },
        { shopDomain: shop, visitorId: "b".repeat(32), noticeVersion: "1", categories: "{}", action: "accept_all", recordedAt: new Date(now.getTime() - 30 * day) },
      ],
    });
    await db.verificationCode.create({ data: { shopDomain: shop, requestId: request.id, codeHash: "x", expiresAt: new Date(now.getTime() - 60_000) } });

    // 8 days later: exports (7 days) and the expired code go; the 6-year-old consent record goes.
    const later = new Date(now.getTime() + 8 * day);
    const first = await retention.purgeShop(shop, later);
    expect(first).toMatchObject({ exportFiles: 3, verificationCodes: 1, consentRecords: 1, requestsAnonymised: 0 });
    expect(await db.consentRecord.count({ where: { shopDomain: shop } })).toBe(1);

    // Close the request, then 25 months later its personal data goes (default 24 months).
    const { transitionRequest, loadForChange } = await import("../../app/modules/requests/requests.server");
    const { db: appDb } = await import("../../app/platform/db.server");
    await appDb().$transaction(async (tx) => transitionRequest(tx, await loadForChange(tx, shop, request.id), "completed", { type: "staff", id: "1" }, "export sent to the customer", later));
    const muchLater = new Date(later.getTime() + 25 * 31 * day);
    const second = await retention.purgeShop(shop, muchLater);
    expect(second).toMatchObject({ requestsAnonymised: 1 });
    const anonymised = await db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(anonymised).toMatchObject({ emailCipher: null, emailRef: null, status: "completed" });
    expect(await db.webhookEvent.count({ where: { shopDomain: shop, payloadCipher: { not: null } } })).toBe(0);
    expect(await retention.purgeShop(shop, muchLater)).toEqual({ verificationCodes: 0, exportFiles: 0, requestMessages: 0, requestsAnonymised: 0, consentRecords: 0, webhookPayloads: 0 });
    const entries = await db.auditEntry.findMany({ where: { shopDomain: shop, action: "retention.purged" } });
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => e.metadata).join()).not.toContain("example.com");
    await appDb().$disconnect();
  });
});
