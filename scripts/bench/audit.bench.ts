// The hash-chained audit log: how fast entries are appended (appendAudit through the app's Prisma client,
// one entry per transaction and 100 per transaction) and how fast a chain is verified (verifyShopChain
// over a seeded 200k-entry chain in SQLite, and the pure verifyChain over the same entries in memory).
// Baseline in the same run: a plain loop computing SHA-256 (node:crypto) over the same entries'
// canonical content (contentOf), i.e. the hashing a verifier cannot avoid.
// Prints OK/MISSED against the goal; exits non-zero only when the bench itself fails.
// Usage: node scripts/bench.mjs audit   (vite-node scripts/bench/audit.bench.ts)
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { canonicalJson, type AuditContent, type ChainedEntry, type JsonValue } from "../../app/modules/audit/rules";
import { testAppEnv } from "../../tests/helpers/test-env";

const ROOT = join(import.meta.dirname, "..", "..");
const APPEND_MS = 3_000;
const BATCH = 100;
const CHAIN_ENTRIES = 200_000;
const REPEATS = 3;
const GOAL_VERIFY_PER_S = 100_000;

const work = mkdtempSync(join(tmpdir(), "privacy-bench-audit-"));
const file = join(work, "audit.sqlite");

// The logger and services read env() on first use: a complete, valid environment before any app import.
Object.assign(process.env, testAppEnv(`file:${file}`, { LOG_LEVEL: "warn", JOB_WORKER: "off" }));

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "n/a");
const verdict = (ok: boolean) => (ok ? "OK" : "MISSED");
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs `fn` REPEATS times; returns the median rate (entries/s). */
async function rate(entries: number, fn: () => unknown): Promise<number> {
  const rates: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t = performance.now();
    await fn();
    rates.push(entries / ((performance.now() - t) / 1000));
  }
  return median(rates);
}

const ACTIONS = ["webhook.received", "customer.redacted", "request.opened", "request.transitioned", "export.created", "consent.recorded"] as const;

/** What the app appends: references and counts only (ids, blind indexes), varied like a real chain. */
function auditInput(shopDomain: string, i: number, occurredAt: Date) {
  const action = ACTIONS[i % ACTIONS.length]!;
  const metadata: { [key: string]: JsonValue } =
    action === "customer.redacted"
      ? { messages: i % 3, verificationCodes: 1, exportFiles: 2, consentRecords: i % 5, webhookPayloads: 1, requestsAnonymised: 1, requestsClosed: 0, ordersListed: 3 }
      : action === "request.transitioned"
        ? { from: "verified", to: "in_progress" }
        : { topic: "CUSTOMERS_REDACT", webhookId: `0b${i.toString(16).padStart(30, "0")}` };
  return {
    shopDomain,
    actorType: (i % 4 === 0 ? "system" : "shopify") as "system" | "shopify",
    actorId: null,
    action,
    subjectType: action.startsWith("request") ? "privacy_request" : "webhook_event",
    subjectId: `c${(1_700_000_000_000 + i).toString(36)}${(i * 7919).toString(36).padStart(8, "0")}`,
    subjectRef: i % 3 === 0 ? null : createHash("sha256").update(`${shopDomain}:${i}`).digest("hex"),
    reason: action === "request.transitioned" ? "export of the app's data is ready for the merchant" : null,
    metadata,
    occurredAt,
  };
}

/** How Prisma's SQLite adapter stored a DateTime, read back from an entry appendAudit wrote. */
function dateWriter(sqlite: Database.Database): { describe: string; write: (d: Date) => string | number } {
  const sample = sqlite.prepare(`SELECT typeof("occurredAt") AS type, "occurredAt" AS value FROM "AuditEntry" LIMIT 1`).get() as { type: string; value: string | number } | undefined;
  if (!sample) throw new Error("no AuditEntry row to learn the DateTime format from");
  if (sample.type === "integer") return { describe: `INTEGER epoch ms (e.g. ${sample.value})`, write: (d) => d.getTime() };
  const value = String(sample.value);
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/.test(value)) return { describe: `TEXT ISO-8601 with +00:00 (e.g. ${value})`, write: (d) => d.toISOString().replace("Z", "+00:00") };
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value)) return { describe: `TEXT ISO-8601 with Z (e.g. ${value})`, write: (d) => d.toISOString() };
  throw new Error(`unexpected DateTime storage ${sample.type} ${value}: teach the bench this format`);
}

async function main() {
  console.info(`node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; database ${file}`);
  const migrated = spawnSync(process.execPath, [join(ROOT, "server", "migrate.mjs")], { cwd: ROOT, env: process.env, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`migration failed: ${migrated.stdout}${migrated.stderr}`);

  const { createDb } = await import("../../app/platform/db.server");
  const { appendAudit, verifyShopChain } = await import("../../app/modules/audit/audit.server");
  const { GENESIS_HASH, contentOf, entryHash, verifyChain } = await import("../../app/modules/audit/rules");
  const db = createDb(`file:${file}`);
  try {
    // --- append rate through the app's Prisma client (each commit is durable: WAL + synchronous=FULL)
    const warm = "bench-audit-warm.myshopify.com";
    for (let i = 0; i < 200; i++) await db.$transaction((tx) => appendAudit(tx, auditInput(warm, i, new Date())));

    const single = "bench-audit-single.myshopify.com";
    let n = 0;
    let t = performance.now();
    while (performance.now() - t < APPEND_MS) {
      await db.$transaction((tx) => appendAudit(tx, auditInput(single, n, new Date())));
      n += 1;
    }
    const singleRate = n / ((performance.now() - t) / 1000);

    const batched = "bench-audit-batch.myshopify.com";
    let m = 0;
    t = performance.now();
    while (performance.now() - t < APPEND_MS) {
      await db.$transaction(async (tx) => {
        for (let i = 0; i < BATCH; i++) await appendAudit(tx, auditInput(batched, m + i, new Date()));
      });
      m += BATCH;
    }
    const batchRate = m / ((performance.now() - t) / 1000);
    for (const [shop, count] of [[single, n], [batched, m]] as const) {
      const check = await verifyShopChain(db, shop);
      if (!check.ok || check.entries !== count) throw new Error(`the appended chain of ${shop} does not verify: ${JSON.stringify(check)}`);
    }

    // --- seed a 200k-entry chain directly (entryHash from the app's domain code), as appendAudit would
    const shop = "bench-audit-verify.myshopify.com";
    const sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = OFF"); // seeding only
    const date = dateWriter(sqlite);
    const entries: ChainedEntry[] = [];
    const start = Date.now() - CHAIN_ENTRIES * 1_000;
    let prev = GENESIS_HASH;
    for (let i = 0; i < CHAIN_ENTRIES; i++) {
      const input = auditInput(shop, i, new Date(start + i * 1_000 + (i % 997)));
      const content: AuditContent = { ...input, seq: i + 1 };
      const hash = entryHash(prev, content);
      entries.push({ ...content, id: `c${(1_700_000_000_000 + i).toString(36)}${randomBytes(4).toString("hex")}`, prevHash: prev, hash });
      prev = hash;
    }
    t = performance.now();
    const insert = sqlite.prepare(
      `INSERT INTO "AuditEntry" ("id","shopDomain","seq","actorType","actorId","action","subjectType","subjectId","subjectRef","reason","metadata","occurredAt","prevHash","hash") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    sqlite.transaction(() => {
      for (const e of entries) {
        insert.run(e.id, e.shopDomain, e.seq, e.actorType, e.actorId, e.action, e.subjectType, e.subjectId, e.subjectRef, e.reason, canonicalJson(e.metadata), date.write(e.occurredAt), e.prevHash, e.hash);
      }
      sqlite.prepare(`INSERT INTO "AuditHead" ("shopDomain","seq","hash") VALUES (?,?,?)`).run(shop, CHAIN_ENTRIES, prev);
    })();
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    sqlite.close();
    const seedSeconds = (performance.now() - t) / 1000;

    // --- verification rates and the baseline, each the median of REPEATS runs
    const contents = entries.map((e) => contentOf(e));
    const baselineRate = await rate(CHAIN_ENTRIES, () => {
      let last = "";
      for (const c of contents) last = createHash("sha256").update(c).digest("hex");
      return last;
    });
    const canonicalRate = await rate(CHAIN_ENTRIES, () => {
      let last = "";
      for (const e of entries) last = createHash("sha256").update(contentOf(e)).digest("hex");
      return last;
    });
    const pureRate = await rate(CHAIN_ENTRIES, async () => {
      const result = await verifyChain(entries);
      if (!result.ok || result.entries !== CHAIN_ENTRIES) throw new Error(`verifyChain rejected the seeded chain: ${JSON.stringify(result)}`);
    });
    const shopRate = await rate(CHAIN_ENTRIES, async () => {
      const result = await verifyShopChain(db, shop);
      if (!result.ok || result.entries !== CHAIN_ENTRIES) throw new Error(`verifyShopChain rejected the seeded chain: ${JSON.stringify(result)}`);
    });

    console.info(`\nappend (appendAudit via the app's Prisma client, SQLite WAL + synchronous=FULL, ${APPEND_MS / 1000} s each):`);
    console.info(`  1 entry per transaction:     ${fmt(singleRate)} entries/s (${n} entries)`);
    console.info(`  ${BATCH} entries per transaction: ${fmt(batchRate)} entries/s (${m} entries)`);
    console.info(`  both appended chains verify`);
    console.info(`\nverification of a ${fmt(CHAIN_ENTRIES)}-entry chain (seeded in ${fmt(seedSeconds, 1)} s with better-sqlite3; DateTime as ${date.describe}), median of ${REPEATS}:`);
    console.info(`  baseline: SHA-256 over precomputed contentOf() strings  ${fmt(baselineRate)} entries/s`);
    console.info(`  contentOf() + SHA-256 loop                              ${fmt(canonicalRate)} entries/s = ${fmt(canonicalRate / baselineRate, 2)}x baseline`);
    console.info(`  verifyChain (pure, in-memory entries)                   ${fmt(pureRate)} entries/s = ${fmt(pureRate / baselineRate, 2)}x baseline`);
    console.info(`  verifyShopChain (Prisma, SQLite, pages of 2000)         ${fmt(shopRate)} entries/s = ${fmt(shopRate / baselineRate, 2)}x baseline`);
    console.info(`append vs baseline hashing: 1/tx ${fmt(singleRate / baselineRate, 4)}x, ${BATCH}/tx ${fmt(batchRate / baselineRate, 4)}x`);
    console.info(`verification: verifyShopChain ${fmt(shopRate)} entries/s (goal >= ${fmt(GOAL_VERIFY_PER_S)}) ${verdict(shopRate >= GOAL_VERIFY_PER_S)}`);
    console.info(`verification: verifyChain ${fmt(pureRate)} entries/s (goal >= ${fmt(GOAL_VERIFY_PER_S)}) ${verdict(pureRate >= GOAL_VERIFY_PER_S)}`);
    console.info(`(load average at the end ${loadavg().map((l) => l.toFixed(2)).join(" ")})`);
  } finally {
    await db.$disconnect();
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
}
