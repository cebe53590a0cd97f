// Real-time audit streaming: does one instance keep up with 1,000 appended entries/s, with the
// SIEM lagging less than 5 s behind? The instance appends (appendAuditSql over 4 shops, up to 50
// entries per transaction every 50 ms) and streams at once, as start.server.ts runs it (the 1 s schedule, the job worker),
// to a private rsyslogd over TLS (tests/helpers/rsyslog.ts). Lag is sampled every 100 ms: entries
// and seconds between the chain head and the destination's cursor.
// Capacity: the rate at which a 30,000-entry backlog drains (what the destination can take per
// instance, independent of how fast this machine can append).
// Baseline in the same run: rsyslog's own ingest rate, frames of the same size written straight to
// it over one TLS connection, until its file holds them all.
// Usage: npm run bench -- stream   (vite-node scripts/bench/stream.bench.ts)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { performance } from "node:perf_hooks";
import { startRsyslog } from "../../tests/helpers/rsyslog";
import { testAppEnv } from "../../tests/helpers/test-env";

const ROOT = join(import.meta.dirname, "..", "..");
const RATE = 1_000;
const SECONDS = Number(process.env.STREAM_BENCH_SECONDS ?? 15);
const GOAL_LAG_S = 5;
const BACKLOG_SHOP = "bench-backlog.myshopify.com";
const BACKLOG = Number(process.env.STREAM_BENCH_BACKLOG ?? 30_000);
const LIVE_SHOPS = Number(process.env.STREAM_BENCH_SHOPS ?? 4);

const work = mkdtempSync(join(tmpdir(), "privacy-bench-stream-"));
// The logger and services read env() on first use: a complete, valid environment before any app import.
Object.assign(process.env, testAppEnv(process.env.BENCH_DATABASE_URL ?? `file:${join(work, "stream.sqlite")}`, { LOG_LEVEL: "error", JOB_WORKER: "on" }));

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
    const { GENESIS_HASH, canonicalJson, contentAt, entryHash } = await import("../../app/modules/audit/rules");

    // Phase 1, capacity: a backlog of BACKLOG entries already in the chain (written straight, not
    // timed), then the time the destination takes to drain it.
    let prev = GENESIS_HASH;
    for (let from = 1; from <= BACKLOG; from += 1000) {
      const data = [];
      for (let seq = from; seq < from + 1000 && seq <= BACKLOG; seq++) {
        const content = contentAt({ shopDomain: BACKLOG_SHOP, actorType: "staff", actorId: "12345", action: "request.transitioned", subjectType: "privacy_request", subjectId: `r${seq}`, metadata: { from: "verified", to: "in_progress" }, occurredAt: new Date() }, seq);
        const hash = entryHash(prev, content);
        data.push({ ...content, metadata: canonicalJson(content.metadata), prevHash: prev, hash });
        prev = hash;
      }
      await db().auditEntry.createMany({ data });
    }
    await db().auditHead.create({ data: { shopDomain: BACKLOG_SHOP, seq: BACKLOG, hash: prev } });
    const { appendAuditSql } = await import("../../app/modules/audit/audit-sql.server");
    const { hotSql } = await import("../../app/platform/hot-sql.server");
    const sql = await hotSql(db());
    const { createStream } = await import("../../app/modules/audit-stream/streams.server");
    const { startBackgroundWork } = await import("../../app/jobs/start.server");
    const destination = { kind: "syslog" as const, name: "bench", host: "127.0.0.1", port: rsyslog.port, caPem: rsyslog.caPem, clientCertPem: null, clientKeyPem: null };
    const stop = startBackgroundWork();
    const drainStarted = performance.now();
    await createStream({ shop: BACKLOG_SHOP, staffId: null }, destination, new Date());
    while (((await db().auditStream.findFirst({ where: { shopDomain: BACKLOG_SHOP } }))?.deliveredSeq ?? 0) < BACKLOG) await sleep(20);
    const drainRate = BACKLOG / ((performance.now() - drainStarted) / 1000);
    await db().auditStream.updateMany({ where: { shopDomain: BACKLOG_SHOP }, data: { enabled: false } });

    // Phase 2, live: producers append RATE entries/s in all, spread over SHOPS shops (one instance
    // serves many shops; each shop's chain takes one append at a time), while each shop's
    // destination follows.
    const shops = Array.from({ length: LIVE_SHOPS }, (_, i) => `bench-live-${i}.myshopify.com`);
    for (const shop of shops) await createStream({ shop, staffId: null }, destination, new Date());

    let appended = 0;
    let maxLagEntries = 0;
    let maxLagSeconds = 0;
    const started = performance.now();
    const sampler = setInterval(() => {
      void (async () => {
        for (const shop of shops) {
          const [head, stream] = await Promise.all([db().auditHead.findUnique({ where: { shopDomain: shop } }), db().auditStream.findFirst({ where: { shopDomain: shop } })]);
          if (!head || !stream) continue;
          const behind = head.seq - stream.deliveredSeq;
          maxLagEntries = Math.max(maxLagEntries, behind);
          if (behind > 0) {
            const oldest = await db().auditEntry.findUnique({ where: { shopDomain_seq: { shopDomain: shop, seq: stream.deliveredSeq + 1 } }, select: { occurredAt: true } });
            if (oldest) maxLagSeconds = Math.max(maxLagSeconds, (Date.now() - oldest.occurredAt.getTime()) / 1000);
          }
        }
      })();
    }, 100);
    // One producer per shop, RATE / LIVE_SHOPS entries/s each, in transactions of up to 50 every
    // 50 ms, on schedule (catching up if late). The hot path's append (appendAuditSql, as webhook
    // jobs write entries): the same chain entries at a fraction of Prisma's per-query cost, so the
    // producer is not the bottleneck.
    const produce = async (shop: string) => {
      let mine = 0;
      while (performance.now() - started < SECONDS * 1000) {
        const due = Math.floor(((performance.now() - started) / 1000) * (RATE / LIVE_SHOPS));
        while (mine < due) {
          const batch = Math.min(50, due - mine);
          await sql.transaction(async (unit) => {
            for (let i = 0; i < batch; i++) await appendAuditSql(unit, { shopDomain: shop, actorType: "staff", actorId: "12345", action: "request.transitioned", subjectType: "privacy_request", subjectId: `r${mine + i}`, metadata: { from: "verified", to: "in_progress" }, occurredAt: new Date() });
          });
          mine += batch;
          appended += batch;
          // SQLite's calls are synchronous: yield to timers as an HTTP server between requests would.
          await sleep(0);
        }
        await sleep(50);
      }
    };
    await Promise.all(shops.map(produce));
    const producedFor = (performance.now() - started) / 1000;
    // Wait for the tail.
    for (const shop of shops) {
      const head = (await db().auditHead.findUniqueOrThrow({ where: { shopDomain: shop } })).seq;
      while ((await db().auditStream.findFirstOrThrow({ where: { shopDomain: shop } })).deliveredSeq < head) await sleep(20);
    }
    const total = (performance.now() - started) / 1000;
    const head = appended;
    clearInterval(sampler);
    await stop();
    const received = countLines(rsyslog.file) - baseLines;

    const offered = appended / producedFor;
    console.info(`database ${process.env.DATABASE_URL!.startsWith("file:") ? "SQLite" : "PostgreSQL"}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
    console.info(`baseline: rsyslog ingests ${fmt(ingest)} entries/s over one TLS connection (${n} frames)`);
    console.info(`capacity: a ${BACKLOG}-entry backlog streamed at ${fmt(drainRate)} entries/s (${fmt(drainRate / ingest, 2)}x the receiver's ingest rate; goal >= ${RATE}/s): ${drainRate >= RATE ? "OK" : "MISSED"}`);
    console.info(`live: ${head} entries appended over ${LIVE_SHOPS} shops in ${fmt(producedFor, 1)} s (${fmt(offered)} entries/s offered, target ${RATE}); all delivered ${fmt(total - producedFor, 1)} s after the last append; rsyslog wrote ${received} lines in all`);
    console.info(`max lag: ${maxLagEntries} entries, ${fmt(maxLagSeconds, 2)} s (goal < ${GOAL_LAG_S} s): ${maxLagSeconds < GOAL_LAG_S ? "OK" : "MISSED"}${offered < RATE * 0.95 ? ` (the producer reached only ${fmt(offered)} entries/s on this machine)` : ""}`);
    await db().$disconnect();
  } finally {
    await rsyslog.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
