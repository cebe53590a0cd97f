// Real-time audit streaming: does one instance keep up with 1,000 appended entries/s, with the
// SIEM lagging less than 5 s behind? The instance appends (appendAudit, 50 entries per transaction
// every 50 ms) and streams at once, as start.server.ts runs it (the 1 s schedule, the job worker),
// to a private rsyslogd over TLS (tests/helpers/rsyslog.ts). Lag is sampled every 100 ms: entries
// and seconds between the chain head and the destination's cursor.
// Baseline in the same run: rsyslog's own ingest rate, frames of the same size written straight to
// it over one TLS connection, until its file holds them all.
// Usage: npm run bench -- stream   (vite-node scripts/bench/stream.bench.ts)
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { performance } from "node:perf_hooks";
import { startRsyslog } from "../../tests/helpers/rsyslog";

const ROOT = join(import.meta.dirname, "..", "..");
const RATE = 1_000;
const SECONDS = Number(process.env.STREAM_BENCH_SECONDS ?? 15);
const GOAL_LAG_S = 5;
const SHOP = "bench-stream.myshopify.com";

const work = mkdtempSync(join(tmpdir(), "privacy-bench-stream-"));
const key = () => randomBytes(32).toString("base64");
Object.assign(process.env, {
  NODE_ENV: "test",
  APP_LOCAL_ONLY: "test",
  SHOPIFY_API_KEY: "bench-api-key",
  SHOPIFY_API_SECRET: `bench-secret-${randomBytes(16).toString("hex")}`,
  SHOPIFY_APP_URL: "http://127.0.0.1",
  SCOPES: "read_customers",
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `file:${join(work, "stream.sqlite")}`,
  PORT: "0",
  HOST: "127.0.0.1",
  DATA_ENCRYPTION_KEYS: `b1:${key()}`,
  DATA_ENCRYPTION_ACTIVE_KEY_ID: "b1",
  BLIND_INDEX_KEY: key(),
  AUDIT_CHECKPOINT_KEY: key(),
  LOG_LEVEL: "error",
  JOB_WORKER: "on",
});

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const countLines = (file: string) => {
  try {
    return readFileSync(file, "utf8").split("\n").length - 1;
  } catch {
    return 0;
  }
};

async function main() {
  const migrated = spawnSync(process.execPath, [join(ROOT, "server", "migrate.mjs")], { cwd: ROOT, env: process.env, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`migration failed: ${migrated.stdout}${migrated.stderr}`);
  const rsyslog = await startRsyslog();
  try {
    const { syslogFrame, streamedEntry } = await import("../../app/modules/audit-stream/rules");

    // Baseline: rsyslog's own ingest of N entry-sized frames over one TLS connection.
    const n = RATE * 10;
    const frames = Array.from({ length: n }, (_, i) =>
      syslogFrame(streamedEntry({ shopDomain: "baseline.myshopify.com", seq: i + 1, hash: "a".repeat(64), prevHash: "b".repeat(64), action: "request.transitioned", actorType: "staff", actorId: "12345", occurredAt: new Date() })),
    ).join("");
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port: rsyslog.port, ca: rsyslog.caPem }, () => socket.end(frames));
      socket.on("data", () => undefined);
      socket.once("close", () => resolve());
      socket.once("error", reject);
    });
    while (countLines(rsyslog.file) < n) await sleep(10);
    const ingest = n / ((performance.now() - t0) / 1000);
    const baseLines = countLines(rsyslog.file);

    const { db } = await import("../../app/platform/db.server");
    const { appendAudit } = await import("../../app/modules/audit/audit.server");
    const { createStream } = await import("../../app/modules/audit-stream/streams.server");
    const { startBackgroundWork } = await import("../../app/jobs/start.server");
    await createStream({ shop: SHOP, staffId: null }, { kind: "syslog", name: "bench", host: "127.0.0.1", port: rsyslog.port, caPem: rsyslog.caPem, clientCertPem: null, clientKeyPem: null }, new Date());
    const stop = startBackgroundWork();

    let appended = 0;
    let maxLagEntries = 0;
    let maxLagSeconds = 0;
    const started = performance.now();
    const sampler = setInterval(() => {
      void (async () => {
        const [head, stream] = await Promise.all([db().auditHead.findUnique({ where: { shopDomain: SHOP } }), db().auditStream.findFirst({ where: { shopDomain: SHOP } })]);
        if (!head || !stream) return;
        const behind = head.seq - stream.deliveredSeq;
        maxLagEntries = Math.max(maxLagEntries, behind);
        if (behind > 0) {
          const oldest = await db().auditEntry.findUnique({ where: { shopDomain_seq: { shopDomain: SHOP, seq: stream.deliveredSeq + 1 } }, select: { occurredAt: true } });
          if (oldest) maxLagSeconds = Math.max(maxLagSeconds, (Date.now() - oldest.occurredAt.getTime()) / 1000);
        }
      })();
    }, 100);
    // The producer: 1,000 entries/s as 50 per transaction every 50 ms, on schedule (it catches up if late).
    while (performance.now() - started < SECONDS * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * RATE);
      while (appended < due) {
        const batch = Math.min(50, due - appended);
        await db().$transaction(async (tx) => {
          for (let i = 0; i < batch; i++) await appendAudit(tx, { shopDomain: SHOP, actorType: "staff", actorId: "12345", action: "request.transitioned", subjectType: "privacy_request", subjectId: `r${appended + i}`, metadata: { from: "verified", to: "in_progress" }, occurredAt: new Date() });
        });
        appended += batch;
      }
      await sleep(50);
    }
    const producedFor = (performance.now() - started) / 1000;
    // Wait for the tail.
    const head = (await db().auditHead.findUniqueOrThrow({ where: { shopDomain: SHOP } })).seq;
    while ((await db().auditStream.findFirstOrThrow({ where: { shopDomain: SHOP } })).deliveredSeq < head) await sleep(20);
    const total = (performance.now() - started) / 1000;
    clearInterval(sampler);
    await stop();
    const received = countLines(rsyslog.file) - baseLines;

    const achieved = head / total;
    console.info(`database ${process.env.DATABASE_URL!.startsWith("file:") ? "SQLite" : "PostgreSQL"}; ${head} entries appended in ${fmt(producedFor, 1)} s (${fmt(appended / producedFor)} entries/s offered)`);
    console.info(`baseline: rsyslog ingests ${fmt(ingest)} entries/s over one TLS connection (${n} frames)`);
    console.info(`streamed: ${fmt(achieved)} entries/s end to end (${fmt(achieved / ingest, 2)}x the receiver's ingest rate); rsyslog wrote ${received} lines (entries + checkpoints)`);
    console.info(`max lag: ${maxLagEntries} entries, ${fmt(maxLagSeconds, 2)} s (goal < ${GOAL_LAG_S} s at ${RATE}/s): ${maxLagSeconds < GOAL_LAG_S && appended / producedFor >= RATE * 0.95 ? "OK" : "MISSED"}`);
    await db().$disconnect();
  } finally {
    await rsyslog.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
