import { createHmac } from "node:crypto";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { canonicalJson } from "../../app/platform/canonical-json";
import { entryHash } from "../../app/modules/audit/rules";
import { useApp } from "../helpers/app-fixture";
import { startApp, type RunningApp } from "../helpers/app-server";
import { adminHeaders, installOfflineSession } from "../helpers/admin-session";
import { runCli } from "../helpers/cli";
import { waitFor } from "../helpers/db-client";
import { startRsyslog, type Rsyslog } from "../helpers/rsyslog";
import { startBulkReceiver, startHecReceiver, type BulkReceiver, type HecReceiver } from "../helpers/siem-receivers";

const OWNER = "501";
const VIEWER = "502";
const SYSLOG_SHOP = "stream-syslog.myshopify.com";
const HEC_SHOP = "stream-hec.myshopify.com";
const BULK_SHOP = "stream-bulk.myshopify.com";

let rsyslog: Rsyslog;
let hec: HecReceiver;
let bulk: BulkReceiver;
let app: RunningApp;
let db: Db;
let env: Record<string, string>;
let audit: typeof import("../../app/modules/audit/audit.server");
const dir = mkdtempSync(join(tmpdir(), "audit-stream-"));

const fixture = useApp();
beforeAll(async () => {
  [rsyslog, hec, bulk] = await Promise.all([startRsyslog(), startHecReceiver(), startBulkReceiver()]);
  ({ app, db, env } = fixture);
  Object.assign(process.env, { ...env, LOG_LEVEL: "error" });
  audit = await import("../../app/modules/audit/audit.server");
  for (const shop of [SYSLOG_SHOP, HEC_SHOP, BULK_SHOP]) {
    await installOfflineSession(db, env, shop);
    // The first staff member to open the app becomes its owner.
    expect((await page(shop, OWNER)).status).toBe(200);
  }
}, 120_000);
afterAll(async () => {
  await Promise.all([rsyslog?.dispose(), hec?.close(), bulk?.close()]);
});

function page(shop: string, staffId: string) {
  return fetch(`${app.url}/app/streaming?_data=routes/app.streaming`, { headers: adminHeaders(env, shop, staffId) });
}

function post(shop: string, staffId: string, fields: Record<string, string>) {
  return fetch(`${app.url}/app/streaming?_data=routes/app.streaming`, { method: "POST", headers: adminHeaders(env, shop, staffId), body: new URLSearchParams(fields) });
}

async function append(shop: string, n: number) {
  for (let i = 0; i < n; i += 100) {
    await db.$transaction(async (tx) => {
      for (let j = i; j < Math.min(n, i + 100); j++) await audit.appendAudit(tx, { shopDomain: shop, actorType: "staff", actorId: "9", action: "test.streamed", metadata: { j }, occurredAt: new Date() });
    });
  }
}

async function head(shop: string) {
  return (await db.auditHead.findUniqueOrThrow({ where: { shopDomain: shop } })).seq;
}

/** Waits until the destination has delivered the whole chain and the closing checkpoint. */
async function caughtUp(shop: string, timeoutMs = 120_000) {
  await waitFor(
    async () => {
      const stream = await db.auditStream.findFirstOrThrow({ where: { shopDomain: shop } });
      return stream.deliveredSeq === (await head(shop)) && stream.lastCheckpointAt && stream.lastCheckpointAt >= (stream.deliveredAt ?? new Date(0));
    },
    { timeoutMs, intervalMs: 100 },
  );
}

const records = (lines: string[]) => lines.map((l) => JSON.parse(l.slice(l.indexOf("{"))) as { type: string; seq: number; hash: string; shop: string; signature?: string; signedAt?: string; keyId?: string });
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("destinations in Settings", () => {
  it("owners add destinations; bad settings get 422 with plain messages; viewers are refused; credentials are encrypted", async () => {
    const bad = await post(SYSLOG_SHOP, OWNER, { intent: "create", kind: "syslog", name: "SIEM", host: "127.0.0.1", port: "70000", caPem: "not a certificate" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ port: "Enter a port between 1 and 65535", caPem: "Paste the CA certificate in PEM form (-----BEGIN CERTIFICATE----- ...)" });
    expect((await post(HEC_SHOP, OWNER, { intent: "create", kind: "nope", name: "x" })).status).toBe(422);
    expect((await post(HEC_SHOP, OWNER, { intent: "explode" })).status).toBe(400);
    expect((await post(HEC_SHOP, OWNER, { intent: "test", streamId: "missing" })).status).toBe(404);
    expect(await db.auditStream.count()).toBe(0);

    // A viewer cannot add one (the first owner names viewers through the team page; any other staff id joins as viewer).
    expect((await page(SYSLOG_SHOP, VIEWER)).status).toBe(200);
    expect((await post(SYSLOG_SHOP, VIEWER, { intent: "create", kind: "splunk_hec", name: "x", url: hec.url, token: hec.token })).status).toBe(403);

    expect((await post(SYSLOG_SHOP, OWNER, { intent: "create", kind: "syslog", name: "rsyslog", host: "127.0.0.1", port: String(rsyslog.port), caPem: rsyslog.caPem })).status).toBe(201);
    expect((await post(HEC_SHOP, OWNER, { intent: "create", kind: "splunk_hec", name: "Splunk", url: hec.url, token: hec.token, index: "privacy" })).status).toBe(201);
    expect((await post(BULK_SHOP, OWNER, { intent: "create", kind: "elasticsearch", name: "Elastic", url: bulk.url, index: "privacy-audit", apiKey: bulk.apiKey })).status).toBe(201);
    for (const row of await db.auditStream.findMany()) {
      expect(row.secretCipher).toMatch(/^v1\./);
      expect(row.config).not.toContain(hec.token);
      expect(row.secretCipher).not.toContain(hec.token);
      expect(row.config).not.toContain(bulk.apiKey);
    }
    expect(await db.auditEntry.count({ where: { action: "audit_stream.created" } })).toBe(3);
  });

  it("a client key that is PEM-shaped but unreadable gives the merchant a reason, not a 5xx", async () => {
    const shop = "stream-badpem.myshopify.com";
    await installOfflineSession(db, env, shop);
    expect((await page(shop, OWNER)).status).toBe(200);
    const garbageKey = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
    const created = await post(shop, OWNER, { intent: "create", kind: "syslog", name: "bad", host: "127.0.0.1", port: String(rsyslog.port), caPem: rsyslog.caPem, clientCertPem: rsyslog.caPem, clientKeyPem: garbageKey });
    expect(created.status).toBe(201);
    const stream = await db.auditStream.findFirstOrThrow({ where: { shopDomain: shop } });
    const test = await post(shop, OWNER, { intent: "test", streamId: stream.id });
    expect(test.status).toBe(422);
    expect((await test.json()).message).toContain("could not be read");
    const failing = await waitFor(async () => (await db.auditStream.findUniqueOrThrow({ where: { id: stream.id } })).lastError, { timeoutMs: 30_000 });
    expect(failing).toContain("could not be read");
    expect((await post(shop, OWNER, { intent: "delete", streamId: stream.id })).status).toBe(200);
    expect(await db.auditStream.count({ where: { shopDomain: shop } })).toBe(0);
  }, 60_000);
});

describe("syslog over TLS to rsyslog", () => {
  it("receives every entry in chain order, then a checkpoint signed with the key from the environment", async () => {
    await append(SYSLOG_SHOP, 700);
    await caughtUp(SYSLOG_SHOP);
    const n = await head(SYSLOG_SHOP);
    const received = records(rsyslog.lines());
    const entries = received.filter((r) => r.type === "audit_entry");
    expect(entries.map((e) => e.seq)).toEqual(range(n));
    const chain = await db.auditEntry.findMany({ where: { shopDomain: SYSLOG_SHOP }, orderBy: { seq: "asc" } });
    expect(entries.map((e) => e.hash)).toEqual(chain.map((e) => e.hash));
    const checkpoint = received.filter((r) => r.type === "audit_checkpoint").at(-1)!;
    expect(checkpoint).toMatchObject({ seq: n, hash: chain.at(-1)!.hash });
    const key = Buffer.from(env.AUDIT_CHECKPOINT_KEY!, "base64");
    const { signature, ...signed } = checkpoint;
    expect(signature).toBe(createHmac("sha256", key).update(canonicalJson(signed)).digest("hex"));
    // The state the page shows.
    const state = (await (await page(SYSLOG_SHOP, OWNER)).json()) as { streams: { deliveredSeq: number; lag: { entries: number }; lastError: string | null }[] };
    expect(state.streams[0]).toMatchObject({ deliveredSeq: n, lag: { entries: 0 }, lastError: null });
    // Test event: a signed checkpoint now, cursor unchanged.
    const test = await post(SYSLOG_SHOP, OWNER, { intent: "test", streamId: (await db.auditStream.findFirstOrThrow({ where: { shopDomain: SYSLOG_SHOP } })).id });
    expect(test.status).toBe(200);
  }, 180_000);

  it("loses nothing while rsyslog is down and catches up when it is back", async () => {
    const before = await head(SYSLOG_SHOP);
    await rsyslog.stop();
    await append(SYSLOG_SHOP, 250);
    const failing = await waitFor(async () => (await db.auditStream.findFirstOrThrow({ where: { shopDomain: SYSLOG_SHOP } })).lastError, { timeoutMs: 20_000 });
    expect(failing).toContain("refused the connection");
    const state = (await (await page(SYSLOG_SHOP, OWNER)).json()) as { streams: { lag: { entries: number; seconds: number }; lastError: string }[] };
    expect(state.streams[0]!.lag.entries).toBeGreaterThanOrEqual(250);
    expect(state.streams[0]!.lastError).toContain("refused the connection");
    const streamId = (await db.auditStream.findFirstOrThrow({ where: { shopDomain: SYSLOG_SHOP } })).id;
    const test = await post(SYSLOG_SHOP, OWNER, { intent: "test", streamId });
    expect(test.status).toBe(422);
    expect((await test.json()).message).toMatch(/^The test event was not delivered: The syslog server 127\.0\.0\.1:\d+ refused the connection/);
    await rsyslog.start();
    await caughtUp(SYSLOG_SHOP);
    const n = await head(SYSLOG_SHOP);
    expect(n).toBeGreaterThanOrEqual(before + 250);
    const seqs = records(rsyslog.lines())
      .filter((r) => r.type === "audit_entry")
      .map((r) => r.seq);
    // Every entry arrived, and first arrivals are in chain order (a re-sent batch may repeat some: at least once).
    expect([...new Set(seqs)]).toEqual(range(n));
    expect((await db.auditStream.findFirstOrThrow({ where: { shopDomain: SYSLOG_SHOP } })).lastError).toBeNull();
  }, 180_000);
});

describe("Splunk HEC and Elasticsearch _bulk", () => {
  it("HEC: 503 back-pressure and a refused event are retried; every entry indexed once, in order", async () => {
    hec.faults.push("busy", { rejectAt: 7 }, "busy", { rejectAt: 0 });
    await append(HEC_SHOP, 600);
    await caughtUp(HEC_SHOP);
    const n = await head(HEC_SHOP);
    const events = hec.events.map((e) => e.event as { type: string; seq: number });
    expect(events.filter((e) => e.type === "audit_entry").map((e) => e.seq)).toEqual(range(n));
    expect(hec.events[0]).toMatchObject({ host: HEC_SHOP, index: "privacy", sourcetype: "privacy_desk:audit" });
    expect(hec.faults).toEqual([]);
    writeFileSync(join(dir, "hec.ndjson"), hec.events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  }, 180_000);

  it("_bulk: per-item failures and 503 are retried in order; re-sent items overwrite their own document", async () => {
    bulk.faults.push("busy", { failItems: [3, 10] }, { failItems: [0] });
    await append(BULK_SHOP, 600);
    await caughtUp(BULK_SHOP);
    const n = await head(BULK_SHOP);
    const entryDocs = [...bulk.docs.entries()].filter(([, d]) => d.type === "audit_entry");
    expect(entryDocs.map(([id]) => id).sort()).toEqual(range(n).map((s) => `privacy-audit/${BULK_SHOP}:${s}`).sort());
    // Items after a failed one in its batch were written again (at least once, never lost): at most
    // one batch (500) per failed request, and each re-write overwrote its own document.
    const written = bulk.writes.filter((w) => !w.includes(":checkpoint:"));
    expect(written.length).toBeGreaterThan(n);
    expect(written.length).toBeLessThanOrEqual(n + 2 * 500);
    expect(bulk.faults).toEqual([]);
  }, 180_000);
});

describe("several instances", () => {
  it("run one flusher per destination at a time: a second instance adds no duplicate and no reordering", async () => {
    const shop = "stream-two.myshopify.com";
    const second = await startApp(env);
    const receiver = await startHecReceiver();
    try {
      await installOfflineSession(db, env, shop);
      expect((await page(shop, OWNER)).status).toBe(200);
      expect((await post(shop, OWNER, { intent: "create", kind: "splunk_hec", name: "Splunk", url: receiver.url, token: receiver.token })).status).toBe(201);
      for (let i = 0; i < 6; i++) {
        await append(shop, 400);
        await new Promise((r) => setTimeout(r, 300));
      }
      await caughtUp(shop);
      const seqs = receiver.events.map((e) => e.event as { type: string; seq: number }).filter((e) => e.type === "audit_entry").map((e) => e.seq);
      // HEC acknowledges exactly; two flushers at once would deliver some entries twice or out of order.
      expect(seqs).toEqual(range(await head(shop)));
      const stream = await db.auditStream.findFirstOrThrow({ where: { shopDomain: shop } });
      expect(await db.job.count({ where: { kind: "audit.stream_flush", payload: { contains: stream.id } } })).toBe(1);
    } finally {
      await second.stop();
      await receiver.close();
    }
  }, 180_000);
});

describe("npm run audit:verify -- --against <exported stream>", () => {
  it("passes for the rsyslog file and the HEC export, and names an edited entry and a rewritten chain", async () => {
    const syslogFile = join(dir, "syslog.log");
    writeFileSync(syslogFile, readFileSync(rsyslog.file, "utf8"));
    const ok = runCli(env, "audit:verify", ["--against", syslogFile]);
    expect(ok.stdout).toContain("the database chain matches the streamed copy");
    expect(ok.code).toBe(0);
    expect(runCli(env, "audit:verify", ["--against", join(dir, "hec.ndjson")]).code).toBe(0);

    // Pause streaming so that the tampering below is not streamed itself.
    for (const s of await db.auditStream.findMany()) await db.auditStream.update({ where: { id: s.id }, data: { enabled: false } });

    // 1. One entry edited in place: the database chain itself breaks.
    await db.auditEntry.updateMany({ where: { shopDomain: SYSLOG_SHOP, seq: 40 }, data: { action: "test.innocent" } });
    const edited = runCli(env, "audit:verify", ["--against", syslogFile]);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain(`${SYSLOG_SHOP}: `);
    expect(edited.stdout).toContain("database chain BROKEN at seq 40 (hash_mismatch)");

    // 2. The whole chain from entry 40 on rewritten and re-hashed consistently, head included: the
    // database alone verifies, the streamed copy does not.
    const rows = await db.auditEntry.findMany({ where: { shopDomain: SYSLOG_SHOP }, orderBy: { seq: "asc" } });
    let prev = rows[38]!.hash;
    for (const row of rows.slice(39)) {
      const hash = entryHash(prev, audit.toChainedEntry(row));
      await db.auditEntry.update({ where: { id: row.id }, data: { prevHash: prev, hash } });
      prev = hash;
    }
    await db.auditHead.update({ where: { shopDomain: SYSLOG_SHOP }, data: { hash: prev } });
    expect(await audit.verifyShopChain(db, SYSLOG_SHOP)).toMatchObject({ ok: true });
    expect(runCli(env, "audit:verify", ["--shop", SYSLOG_SHOP]).code).toBe(0);
    const rewritten = runCli(env, "audit:verify", ["--against", syslogFile]);
    expect(rewritten.code).toBe(1);
    expect(rewritten.stderr).toMatch(new RegExp(`line \\d+: ${SYSLOG_SHOP.replaceAll(".", "\\.")} seq 40: database entry differs from the streamed copy`));
    expect(rewritten.stderr).toContain("[checkpoint_not_in_chain]");
    expect(rewritten.stderr).not.toContain("seq 39:");

    // 3. A checkpoint forged by someone without the key.
    const forged = join(dir, "forged.log");
    const last = rows.at(-1)!;
    writeFileSync(forged, "");
    appendFileSync(forged, `${JSON.stringify({ type: "audit_checkpoint", shop: HEC_SHOP, seq: 1, hash: "a".repeat(64), signedAt: new Date().toISOString(), keyId: "x", signature: "b".repeat(64) })}\n`);
    const forgedRun = runCli(env, "audit:verify", ["--against", forged]);
    expect(forgedRun.code).toBe(1);
    expect(forgedRun.stderr).toContain("[checkpoint_signature_invalid]");
    expect(last.seq).toBeGreaterThan(40);
  }, 180_000);
});
