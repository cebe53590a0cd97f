// Webhook intake and job cost at scale, on SQLite and on PostgreSQL (ADR 0014), driven by wrk so the
// client is never the bottleneck. Every figure is a ratio against a baseline measured in the same run.
//
// 1. Throughput (wrk, closed loop, 16 connections, 2 s warm-up + 8 s measured) of the built app
//    (`node server/start.mjs`, fresh database) against a bare node:http + HMAC + ONE durable insert
//    server (scripts/bench/baseline-server.mjs) on the same database engine: SQLite (WAL,
//    synchronous=FULL) and a private PostgreSQL 15 with fsync on. Intake is judged on a web-only
//    instance (JOB_WORKER=off), alternated with the baseline for 3 rounds (BENCH_THROUGHPUT_ROUNDS),
//    the median round's ratio; then once with the worker on. Then two app instances on one
//    PostgreSQL (one wrk per instance, 8 connections each). Server CPU per delivery from /proc.
//    The baseline must reach its own limit: its CPU use is printed next to wrk's.
// 2. Job cost: after each app run the backlog of customers/redact jobs drains with no HTTP traffic;
//    CPU per job = the instances' CPU over that time / jobs done.
// 3. Open loop (a paced node client, latency from each request's scheduled send time): 200 req/s for
//    10 s on PostgreSQL to the app and to the baseline at the same moments, 3 rounds, the median
//    judged; the client's worst send lag is printed (the client is not the bottleneck when it stays
//    at a few ms).
// 4. Sustained: 200 deliveries/s for 60 s on one instance (PostgreSQL, then SQLite, worker on): every
//    job done within 5 s of its delivery (processedAt - receivedAt), queue sampled each second.
//
// Usage: node scripts/bench.mjs scale   (BENCH_PHASES=throughput,two,open,sustained picks parts;
//        BENCH_SUSTAINED_S=60 changes the sustained duration). wrk: installed with apt-get when missing
//        and running as root, else the wrk phases are skipped with one line.
import Database from "better-sqlite3";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { ROOT, spawnApp } from "../../sandbox/app-process";
import { webhookHeaders, webhookHmac } from "../../sandbox/signing/webhook";
import { ADMIN_API_VERSION } from "../../app/platform/shopify/api-version";
import { customerRedactPayload } from "../../tests/fixtures/webhooks";
import { testAppEnv } from "../../tests/helpers/test-env";
import { findPostgresBin, startCluster, stopCluster } from "../postgres.mjs";

const PATH = "/webhooks/compliance";
const SHOPS = Array.from({ length: 40 }, (_, i) => `bench-${i}.myshopify.com`);
const WRK_CONNECTIONS = 16;
const WRK_WARMUP_S = 2;
const WRK_MEASURE_S = 8;
const OPEN_RATE = 200;
const OPEN_S = 10;
const THROUGHPUT_ROUNDS = Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 3);
const OPEN_ROUNDS = Number(process.env.BENCH_OPEN_ROUNDS ?? 3);
const SUSTAINED_S = Number(process.env.BENCH_SUSTAINED_S ?? 60);
const DRAIN_LIMIT_S = 25;
const CLOCK_TICKS = 100; // USER_HZ for /proc/<pid>/stat

const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 50;
const GOAL_JOB_CPU_MS = 2;
const GOAL_JOB_DONE_MS = 5_000;

const phases = (process.env.BENCH_PHASES ?? "throughput,two,open,sustained").split(",");
const work = mkdtempSync(join(tmpdir(), "privacy-bench-scale-"));
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "n/a");
const verdict = (ok: boolean) => (ok ? "OK" : "MISSED");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const children = new Set<ChildProcess>();

// ---------------------------------------------------------------------------------------------------
// Processes

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

async function startAppServer(env: Record<string, string>): Promise<Server> {
  // BENCH_APP_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the app under the bench's load.
  const nodeArgs = process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const { url, process: child, exited } = await spawnApp({ NODE_ENV: "test", PATH: process.env.PATH ?? "", ...env }, { timeoutMs: 120_000, nodeArgs });
  children.add(child);
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
      children.delete(child);
    },
  };
}

async function startBaseline(secret: string, target: string): Promise<Server> {
  const child = spawn(process.execPath, [join(ROOT, "scripts/bench/baseline-server.mjs")], {
    cwd: ROOT,
    env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", BASELINE_SECRET: secret, BASELINE_DB: target },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"message":"listening","url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then(() => reject(new Error(`baseline exited:\n${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
      children.delete(child);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Databases

interface BenchDb {
  label: "SQLite" | "PostgreSQL";
  url: string;
  /** What the baseline server writes to (its own file or database). */
  baselineTarget: string;
  counts(): Promise<{ processed: number; backlog: number; events: number }>;
  delays(): Promise<number[]>;
  close(): Promise<void>;
}

let postgresServer: string | null = null;
// Its own temporary directory: startCluster hands it to the postgres user (work/ is private to us).
let clusterDir = "";

function ensurePostgres(): string {
  if (postgresServer) return postgresServer;
  if (!findPostgresBin()) throw new Error("PostgreSQL is not installed (apt-get install -y postgresql)");
  clusterDir = mkdtempSync(join(tmpdir(), "privacy-bench-pg-"));
  postgresServer = startCluster(clusterDir, 56000 + Math.floor(Math.random() * 900), { durable: true });
  return postgresServer;
}

async function freshPostgres(name: string): Promise<string> {
  const server = ensurePostgres();
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

let dbCounter = 0;

async function freshDb(kind: "sqlite" | "postgres"): Promise<BenchDb> {
  dbCounter += 1;
  if (kind === "sqlite") {
    const file = join(work, `app-${dbCounter}.sqlite`);
    let reader: Database.Database | null = null;
    const open = () => (reader ??= new Database(file, { readonly: true, fileMustExist: true }));
    return {
      label: "SQLite",
      url: `file:${file}`,
      baselineTarget: join(work, `baseline-${dbCounter}.sqlite`),
      counts: async () => {
        const r = open();
        return {
          processed: r.prepare(`SELECT count(*) FROM "WebhookEvent" WHERE "status" = 'processed'`).pluck().get() as number,
          backlog: r.prepare(`SELECT count(*) FROM "Job" WHERE "status" IN ('pending', 'running')`).pluck().get() as number,
          events: r.prepare(`SELECT count(*) FROM "WebhookEvent"`).pluck().get() as number,
        };
      },
      delays: async () =>
        (open().prepare(`SELECT "receivedAt", "processedAt" FROM "WebhookEvent"`).all() as { receivedAt: string; processedAt: string | null }[]).map((r) =>
          r.processedAt ? Date.parse(r.processedAt) - Date.parse(r.receivedAt) : Infinity,
        ),
      close: async () => {
        reader?.close();
      },
    };
  }
  const url = await freshPostgres(`bench_app_${dbCounter}`);
  const baselineTarget = await freshPostgres(`bench_base_${dbCounter}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    label: "PostgreSQL",
    url,
    baselineTarget,
    counts: async () => {
      const { rows } = await client.query<{ processed: string; backlog: string; events: string }>(
        `SELECT (SELECT count(*) FROM "WebhookEvent" WHERE "status" = 'processed') AS processed,
                (SELECT count(*) FROM "Job" WHERE "status" IN ('pending', 'running')) AS backlog,
                (SELECT count(*) FROM "WebhookEvent") AS events`,
      );
      return { processed: Number(rows[0]!.processed), backlog: Number(rows[0]!.backlog), events: Number(rows[0]!.events) };
    },
    delays: async () => {
      const { rows } = await client.query<{ ms: number | null }>(`SELECT EXTRACT(EPOCH FROM ("processedAt" - "receivedAt")) * 1000 AS ms FROM "WebhookEvent"`);
      return rows.map((r) => (r.ms === null ? Infinity : Number(r.ms)));
    },
    close: () => client.end(),
  };
}

// ---------------------------------------------------------------------------------------------------
// Deliveries

let nextCustomer = 9_000_000;

function redactBody(shop: string): string {
  return JSON.stringify(customerRedactPayload({ shop, customerId: nextCustomer++, email: `bench.${nextCustomer}@example.com` }));
}

/** 20,000 signed bodies for wrk, one customer each (ids are added per request by the Lua script). */
function wrkDeliveries(secret: string): string {
  const file = join(work, `wrk-${randomBytes(4).toString("hex")}.tsv`);
  const lines: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const shop = SHOPS[i % SHOPS.length]!;
    const body = redactBody(shop);
    lines.push(`${webhookHmac(body, secret)}\t${shop}\t${body}`);
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

// ---------------------------------------------------------------------------------------------------
// wrk

function ensureWrk(): boolean {
  if (spawnSync("wrk", ["--version"], { stdio: "ignore" }).error === undefined) return true;
  if (process.getuid?.() === 0) {
    console.info("wrk is missing: apt-get install -y wrk");
    spawnSync("apt-get", ["install", "-y", "wrk"], { stdio: "inherit" });
    if (spawnSync("wrk", ["--version"], { stdio: "ignore" }).error === undefined) return true;
  }
  console.info("wrk is not installed and could not be installed (apt-get install -y wrk as root): wrk phases skipped");
  return false;
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  wrkCpuMs: number;
}

async function wrk(url: string, deliveriesFile: string, { connections, seconds, threads = 2 }: { connections: number; seconds: number; threads?: number }): Promise<WrkResult> {
  const child = spawn("wrk", [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, "--latency", "-s", join(ROOT, "scripts/bench/webhook-wrk.lua"), url], {
    env: { ...process.env, WRK_DELIVERIES: deliveriesFile, WRK_PREFIX: randomUUID().slice(0, 8), WRK_API_VERSION: ADMIN_API_VERSION },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  let cpu = 0;
  const sampler = setInterval(() => {
    try {
      cpu = cpuMs(child.pid!);
    } catch {
      /* exited */
    }
  }, 200);
  await new Promise((resolve) => child.on("exit", resolve));
  clearInterval(sampler);
  children.delete(child);
  const match = /WRK_RESULT (\{.*\})/.exec(out);
  if (!match) throw new Error(`wrk gave no result:\n${out}`);
  const r = JSON.parse(match[1]!) as { requests: number; duration_us: number; p50_us: number; p99_us: number; connect: number; read: number; write: number; status: number; timeout: number };
  const errors = r.connect + r.read + r.write + r.status + r.timeout;
  return { rps: (r.requests - r.status) / (r.duration_us / 1e6), p50: r.p50_us / 1000, p99: r.p99_us / 1000, errors, wrkCpuMs: cpu };
}

interface LoadResult {
  rps: number;
  p50: number[];
  p99: number[];
  errors: number;
  cpuPerDelivery: number;
  serverCpuPercent: number;
  wrkCpuPercent: number;
}

/** Warm-up, then a measured wrk run against each server at once; CPU of the servers meanwhile. */
async function throughput(servers: Server[], deliveriesFile: string): Promise<LoadResult> {
  const perServer = Math.max(1, Math.floor(WRK_CONNECTIONS / servers.length));
  const threads = servers.length === 1 ? 2 : 1;
  await Promise.all(servers.map((s) => wrk(s.url, deliveriesFile, { connections: perServer, seconds: WRK_WARMUP_S, threads })));
  const before = servers.map((s) => cpuMs(s.pid));
  const t0 = performance.now();
  const results = await Promise.all(servers.map((s) => wrk(s.url, deliveriesFile, { connections: perServer, seconds: WRK_MEASURE_S, threads })));
  const wall = performance.now() - t0;
  const cpu = servers.reduce((sum, s, i) => sum + cpuMs(s.pid) - before[i]!, 0);
  const rps = results.reduce((sum, r) => sum + r.rps, 0);
  return {
    rps,
    p50: results.map((r) => r.p50),
    p99: results.map((r) => r.p99),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    cpuPerDelivery: cpu / (rps * (wall / 1000)),
    serverCpuPercent: (cpu / wall) * 100,
    wrkCpuPercent: (results.reduce((sum, r) => sum + r.wrkCpuMs, 0) / wall) * 100,
  };
}

/** Waits (no traffic) for the backlog to drain; CPU per job over that time. */
async function drain(db: BenchDb, servers: Server[]): Promise<{ jobs: number; seconds: number; left: number; cpuPerJob: number; perSecond: number }> {
  const start = await db.counts();
  const before = servers.map((s) => cpuMs(s.pid));
  const t0 = performance.now();
  let now = start;
  while (now.backlog > 0 && performance.now() - t0 < DRAIN_LIMIT_S * 1000) {
    await sleep(250);
    now = await db.counts();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = servers.reduce((sum, s, i) => sum + cpuMs(s.pid) - before[i]!, 0);
  const jobs = now.processed - start.processed;
  return { jobs, seconds, left: now.backlog, cpuPerJob: jobs ? cpu / jobs : NaN, perSecond: jobs / seconds };
}

// ---------------------------------------------------------------------------------------------------
// Open loop (paced node client)

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

interface OpenResult {
  sent: number;
  ok: number;
  p50: number;
  p99: number;
  maxSendLag: number;
  errors: number;
  queueMax: number;
}

async function openLoop(url: string, secret: string, { rate, seconds, sample }: { rate: number; seconds: number; sample?: () => Promise<number> }): Promise<OpenResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const { hostname, port } = new URL(url);
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  let sent = 0;
  let maxSendLag = 0;
  let queueMax = 0;
  const sampler = sample
    ? setInterval(() => {
        void sample().then((n) => (queueMax = Math.max(queueMax, n)));
      }, 1_000)
    : null;
  const start = performance.now() + 20;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const scheduled = start + sent * interval;
        sent += 1;
        maxSendLag = Math.max(maxSendLag, now - scheduled);
        const shop = SHOPS[sent % SHOPS.length]!;
        const body = redactBody(shop);
        const headers = { ...webhookHeaders({ topic: "customers/redact", shop, body, apiVersion: ADMIN_API_VERSION }, secret), "Content-Length": String(Buffer.byteLength(body)) };
        pending.push(
          new Promise<void>((done) => {
            const req = http.request({ hostname, port, path: PATH, method: "POST", agent, headers }, (res) => {
              res.resume();
              res.on("end", () => {
                if (res.statusCode === 200) latencies.push(performance.now() - scheduled);
                else errors += 1;
                done();
              });
            });
            req.on("error", () => {
              errors += 1;
              done();
            });
            req.end(body);
          }),
        );
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  if (sampler) clearInterval(sampler);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { sent, ok: latencies.length, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), maxSendLag, errors, queueMax };
}

// ---------------------------------------------------------------------------------------------------
// Phases

function appEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return testAppEnv(url, { LOG_LEVEL: "warn", ...extra });
}

const summary: string[] = [];
const report = (line: string) => {
  console.info(line);
  summary.push(line);
};

async function throughputPhase(kind: "sqlite" | "postgres"): Promise<void> {
  const db = await freshDb(kind);
  const env = appEnv(db.url);
  const secret = env.SHOPIFY_API_SECRET!;
  const deliveries = wrkDeliveries(secret);
  console.info(`\n[${db.label}] load average ${load()}`);

  // Intake: the bare baseline and the app as a web-only instance (JOB_WORKER=off, intake on its own
  // as the baseline's), alternated THROUGHPUT_ROUNDS times so that both see the same drift in load.
  const dbOff = await freshDb(kind);
  const offEnv = appEnv(dbOff.url, { SHOPIFY_API_SECRET: secret, JOB_WORKER: "off" });
  const pairs: { base: LoadResult; off: LoadResult }[] = [];
  for (let round = 1; round <= THROUGHPUT_ROUNDS; round++) {
    const baseline = await startBaseline(secret, db.baselineTarget);
    const base = await throughput([baseline], deliveries);
    await baseline.stop();
    const webOnly = await startAppServer(offEnv);
    const off = await throughput([webOnly], deliveries);
    await webOnly.stop();
    pairs.push({ base, off });
    console.info(`  round ${round}: baseline ${int(base.rps)} req/s (p99 ${fmt(base.p99[0]!)} ms, ${fmt(base.cpuPerDelivery, 3)} ms CPU, ${fmt(base.serverCpuPercent, 0)}% of a core, wrk ${fmt(base.wrkCpuPercent, 0)}%); web-only app ${int(off.rps)} req/s (p99 ${fmt(off.p99[0]!)} ms, ${fmt(off.cpuPerDelivery, 3)} ms CPU, ${fmt(off.serverCpuPercent, 0)}% of a core), ${off.errors} errors: ${fmt(off.rps / base.rps, 2)}x; load ${load()}`);
  }
  await dbOff.close();
  const ratios = pairs.map((p) => p.off.rps / p.base.rps);
  const medianPair = [...pairs].sort((a, b) => a.off.rps / a.base.rps - b.off.rps / b.base.rps)[Math.floor(pairs.length / 2)]!;
  const { base, off } = medianPair;
  const ratioOff = off.rps / base.rps;

  // The same app with its worker on: intake while the jobs run in the same process, then the drain.
  const app = await startAppServer(env);
  const one = await throughput([app], deliveries);
  console.info(`  app (1 instance, worker on): ${int(one.rps)} req/s, p50 ${fmt(one.p50[0]!)} ms, p99 ${fmt(one.p99[0]!)} ms, ${one.errors} errors; server CPU ${fmt(one.cpuPerDelivery, 3)} ms/delivery, ${fmt(one.serverCpuPercent, 0)}% of a core; wrk ${fmt(one.wrkCpuPercent, 0)}%`);
  const drained = await drain(db, [app]);
  await app.stop();
  console.info(`  jobs drained after the load: ${int(drained.jobs)} in ${fmt(drained.seconds)} s (${int(drained.perSecond)} jobs/s, ${int(drained.left)} left), ${fmt(drained.cpuPerJob, 2)} ms CPU per customers/redact job (claim, job, completion)`);
  const ratio = one.rps / base.rps;
  report(`${db.label} intake, 1 web-only instance: ${int(off.rps)} vs bare ${int(base.rps)} req/s = ${fmt(ratioOff, 2)}x ${verdict(ratioOff >= GOAL_RATIO)} (goal >= ${GOAL_RATIO}x; median of ${pairs.length} alternated rounds: ${ratios.map((r) => `${fmt(r, 2)}x`).join(" / ")}); CPU per delivery ${fmt(off.cpuPerDelivery, 3)} vs ${fmt(base.cpuPerDelivery, 3)} ms; baseline used ${fmt(base.serverCpuPercent, 0)}% of a core, wrk ${fmt(base.wrkCpuPercent, 0)}%`);
  report(`${db.label} intake with the worker on in the same process: ${int(one.rps)} req/s = ${fmt(ratio, 2)}x the median baseline (the jobs' CPU shares the process); ${fmt(one.cpuPerDelivery, 3)} ms CPU per delivery with jobs`);
  report(`${db.label} customers/redact job: ${fmt(drained.cpuPerJob, 2)} ms CPU (goal <= ${GOAL_JOB_CPU_MS} ms) ${verdict(drained.cpuPerJob <= GOAL_JOB_CPU_MS)}; drained ${int(drained.perSecond)} jobs/s`);
  // Sizing: app CPU only (the database server's own CPU is not counted).
  report(`${db.label} per core of app CPU: intake ${fmt(off.cpuPerDelivery, 3)} ms + job ${fmt(drained.cpuPerJob, 2)} ms = about ${int(1000 / (off.cpuPerDelivery + drained.cpuPerJob))} deliveries/s taken and processed`);

  if (kind === "postgres" && phases.includes("two")) await twoInstances(base.rps);
  await db.close();
}

/** Two instances on one PostgreSQL, one wrk each; CPU per delivery and per job for fleet sizing. */
async function twoInstances(baselineRps: number): Promise<void> {
  const db2 = await freshDb("postgres");
  const env2 = appEnv(db2.url);
  const deliveries2 = wrkDeliveries(env2.SHOPIFY_API_SECRET!);
  const apps = await Promise.all([startAppServer(env2), startAppServer(env2)]);
  const two = await throughput(apps, deliveries2);
  console.info(`  2 instances on one database: ${int(two.rps)} req/s together, p99 ${two.p99.map((p) => fmt(p)).join(" / ")} ms, ${two.errors} errors; CPU ${fmt(two.cpuPerDelivery, 3)} ms/delivery (jobs included)`);
  const drained2 = await drain(db2, apps);
  await Promise.all(apps.map((a) => a.stop()));
  await db2.close();
  console.info(`  jobs drained by both: ${int(drained2.jobs)} in ${fmt(drained2.seconds)} s (${int(drained2.perSecond)} jobs/s), ${fmt(drained2.cpuPerJob, 2)} ms CPU per job`);
  report(`PostgreSQL, 2 instances: ${int(two.rps)} req/s together (${fmt(two.rps / baselineRps, 2)}x the bare baseline), p99 ${two.p99.map((p) => fmt(p)).join(" / ")} ms; ${fmt(two.cpuPerDelivery, 3)} ms CPU per delivery while jobs ran, ${fmt(drained2.cpuPerJob, 2)} ms per job in the drain`);
}

/**
 * The app and the bare baseline paced at the same moments by one client (each OPEN_RATE req/s), so a
 * stall of this shared machine hits both alike; OPEN_ROUNDS rounds, the median round judged.
 */
async function openPhase(): Promise<void> {
  const db = await freshDb("postgres");
  const env = appEnv(db.url);
  const secret = env.SHOPIFY_API_SECRET!;
  console.info(`\n[open loop, PostgreSQL, ${OPEN_RATE} req/s for ${OPEN_S} s to the app and to the baseline at once, ${OPEN_ROUNDS} rounds] load average ${load()}`);
  const baseline = await startBaseline(secret, db.baselineTarget);
  const app = await startAppServer(env);
  const rounds: { base: OpenResult; mine: OpenResult }[] = [];
  try {
    for (let round = 1; round <= OPEN_ROUNDS; round++) {
      const [base, mine] = await Promise.all([openLoop(baseline.url, secret, { rate: OPEN_RATE, seconds: OPEN_S }), openLoop(app.url, secret, { rate: OPEN_RATE, seconds: OPEN_S })]);
      rounds.push({ base, mine });
      console.info(`  round ${round}: app p50 ${fmt(mine.p50)} ms, p99 ${fmt(mine.p99)} ms, ${mine.errors} errors; baseline p50 ${fmt(base.p50)} ms, p99 ${fmt(base.p99)} ms; client's worst send lag ${fmt(Math.max(base.maxSendLag, mine.maxSendLag))} ms; load ${load()}`);
    }
  } finally {
    await app.stop();
    await baseline.stop();
    await db.close();
  }
  const median = [...rounds].sort((a, b) => a.mine.p99 - b.mine.p99)[Math.floor(rounds.length / 2)]!;
  const errors = rounds.reduce((sum, r) => sum + r.mine.errors, 0);
  report(
    `PostgreSQL open loop ${OPEN_RATE} req/s: app p99 ${fmt(median.mine.p99)} ms (median of ${rounds.length} rounds: ${rounds.map((r) => fmt(r.mine.p99)).join(" / ")}; goal < ${GOAL_P99_MS} ms) ${verdict(median.mine.p99 < GOAL_P99_MS && errors === 0)}; baseline p99 in the same moments ${fmt(median.base.p99)} ms (${rounds.map((r) => fmt(r.base.p99)).join(" / ")}); client send lag <= ${fmt(Math.max(median.base.maxSendLag, median.mine.maxSendLag))} ms in that round`,
  );
}

async function sustainedPhase(kind: "sqlite" | "postgres"): Promise<void> {
  const db = await freshDb(kind);
  const env = appEnv(db.url);
  console.info(`\n[sustained, ${db.label}, ${OPEN_RATE} deliveries/s for ${SUSTAINED_S} s, worker on] load average ${load()}`);
  const app = await startAppServer(env);
  const before = cpuMs(app.pid);
  const result = await openLoop(app.url, env.SHOPIFY_API_SECRET!, { rate: OPEN_RATE, seconds: SUSTAINED_S, sample: async () => (await db.counts()).backlog });
  const drained = await drain(db, [app]);
  const cpu = cpuMs(app.pid) - before;
  await app.stop();
  const delays = (await db.delays()).sort((a, b) => a - b);
  await db.close();
  const done = delays.filter(Number.isFinite);
  const late = delays.filter((d) => d > GOAL_JOB_DONE_MS).length;
  const within = delays.length - late;
  console.info(`  intake p50 ${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms, ${result.errors} errors; queue at most ${int(result.queueMax)} (sampled each second); ${int(drained.left)} jobs left ${fmt(DRAIN_LIMIT_S, 0)} s after the load`);
  console.info(`  delivery -> processed (${int(done.length)} of ${int(delays.length)} processed): p50 ${fmt(percentile(done, 0.5))} ms, p99 ${fmt(percentile(done, 0.99))} ms, max ${fmt(done.at(-1) ?? NaN)} ms; ${int(late)} not done within ${GOAL_JOB_DONE_MS / 1000} s; CPU ${fmt(cpu / result.ok, 2)} ms per delivery, intake and job`);
  report(`${db.label} sustained ${OPEN_RATE}/s for ${SUSTAINED_S} s: ${int(within)} of ${int(delays.length)} jobs done within ${GOAL_JOB_DONE_MS / 1000} s (goal: all) ${verdict(late === 0 && delays.length === result.ok && result.errors === 0)}; queue max ${int(result.queueMax)}; intake p99 ${fmt(result.p99)} ms; ${fmt(cpu / result.ok, 2)} ms CPU per delivery`);
}

async function main(): Promise<void> {
  if (!process.env.BENCH_SKIP_BUILD_CHECK) {
    const built = spawnSync(process.execPath, ["-e", "require('node:fs').accessSync('build/index.js')"], { cwd: ROOT });
    if (built.status !== 0) {
      console.info("build/index.js is missing: running remix build");
      if (spawnSync(join(ROOT, "node_modules/.bin/remix"), ["build"], { cwd: ROOT, stdio: "inherit" }).status !== 0) throw new Error("remix build failed");
    }
  }
  const started = performance.now();
  console.info(`node ${process.version}, ${cpus().length} cores, load average ${load()}; work under ${work}`);
  try {
    if ((phases.includes("throughput") || phases.includes("two")) && ensureWrk()) {
      if (phases.includes("throughput")) await throughputPhase("sqlite");
      await throughputPhase("postgres");
    }
    if (phases.includes("open")) await openPhase();
    if (phases.includes("sustained")) {
      await sustainedPhase("postgres");
      await sustainedPhase("sqlite");
    }
  } finally {
    for (const child of children) child.kill("SIGKILL");
    if (postgresServer) stopCluster(clusterDir, { remove: true });
    rmSync(work, { recursive: true, force: true });
  }
  console.info(`\nsummary (load average at the end ${load()}, ${fmt((performance.now() - started) / 1000)} s):`);
  for (const line of summary) console.info(`  ${line}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  for (const child of children) child.kill("SIGKILL");
  process.exitCode = 1;
});
