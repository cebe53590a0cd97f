// Compliance-webhook intake and redaction, measured against the real built app (`node server/start.mjs`).
//
// 1. Closed loop: CLIENTS concurrent clients post signed customers/redact deliveries (distinct webhook,
//    event and customer ids) to /webhooks/compliance as fast as answers come back. Baseline, same run,
//    same client code: a bare node:http server in its own process (baseline-server.mjs) that checks the same HMAC with
//    timingSafeEqual and does ONE durable better-sqlite3 insert (WAL, synchronous=FULL) per delivery.
// 2. Open loop: OPEN_RATE req/s on a timer (sends do not wait for replies); latency runs from each
//    request's scheduled send time to its answer, so a stall is charged to every request it delays.
// 3. Redaction cost vs shop size: one customers/redact, delivery -> WebhookEvent.status = processed, in a
//    shop holding ~1,000 rows and one holding ~1,000,000 rows (spread over PrivacyRequest, ExportFile,
//    ConsentRecord, RequestMessage, VerificationCode, WebhookEvent, all for OTHER customers), seeded
//    with better-sqlite3 into the migrated database while the app is stopped.
//
// A diagnostic run of the same app with JOB_WORKER=off (a web-only instance) shows intake on its own,
// and the server's CPU time per answered request (from /proc) shows where the cost is.
//
// Prints ratios and OK/MISSED against the goals; exits non-zero only when the bench itself fails.
// Usage: node scripts/bench.mjs webhooks   (it runs under vite-node: it imports the shared TypeScript helpers)
//        BENCH_PHASES=intake|redact runs one part; BENCH_BIG_RECORDS=50000 seeds a smaller big shop.
import Database from "better-sqlite3";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
// TypeScript helpers shared with the tests and the sandbox: this bench runs under vite-node (scripts/bench.mjs).
import { ADMIN_API_VERSION } from "../../app/platform/shopify/api-version.ts";
import { webhookHeaders } from "../../sandbox/signing/webhook.ts";
import { customerRedactPayload, dataRequestPayload } from "../../tests/fixtures/webhooks.ts";
import { testAppEnv } from "../../tests/helpers/test-env.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PATH = "/webhooks/compliance";

const CLIENTS = 32;
const WARMUP_MS = 2_000;
const MEASURE_MS = 8_000;
const OPEN_RATE = 200;
const OPEN_MS = 8_000;
const OPEN_GIVE_UP_MS = 20_000; // after the last scheduled send
const SMALL_RECORDS = 1_000;
const BIG_RECORDS = Number(process.env.BENCH_BIG_RECORDS ?? 1_000_000);
const REDACT_RUNS = 5;

// USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every mainstream Linux build).
const CLOCK_TICKS = 100;

const GOAL_THROUGHPUT_RATIO = 0.5;
const GOAL_OPEN_P99_MS = 50;
const GOAL_REDACT_RATIO = 2;

// ---------------------------------------------------------------------------------------------------
// Processes

const children = new Set();

/** Starts `node <args>` with exactly `env` (plus PATH) and resolves once it logs its listening URL. */
async function startNode(args, env, { timeoutMs = 90_000 } = {}) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  const exited = new Promise((resolve) => child.on("exit", (code) => (children.delete(child), resolve(code))));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /"message":"listening","url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid,
    logs: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      const code = await exited;
      if (code !== 0) throw new Error(`${args[0]} exited with ${code} on SIGTERM:\n${output.slice(-2000)}`);
    },
  };
}

/** The app's environment: the tests' own (fresh random secrets, loopback), quieter. */
const appEnv = (databaseUrl) => testAppEnv(databaseUrl, { LOG_LEVEL: "warn" });

function ensureBuilt() {
  if (existsSync(join(ROOT, "build", "index.js"))) return;
  console.info("build/index.js is missing: running remix build");
  const result = spawnSync(join(ROOT, "node_modules", ".bin", "remix"), ["build"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`remix build failed with ${result.status}`);
}

// ---------------------------------------------------------------------------------------------------
// Deliveries and the HTTP client (shared by app and baseline runs)

let nextCustomerId = 5_000_000;

/** A delivery signed exactly as the sandbox and the tests sign Shopify's (sandbox/signing/webhook.ts). */
function signed(secret, shop, topic, payload) {
  const body = JSON.stringify(payload);
  const webhookId = randomUUID();
  const headers = { ...webhookHeaders({ topic, shop, body, webhookId }, secret), "Content-Length": String(Buffer.byteLength(body)) };
  return { body, headers, webhookId };
}

function redactDelivery(secret, shop, customerId = nextCustomerId++) {
  return signed(secret, shop, "customers/redact", customerRedactPayload({ shop, customerId, email: `customer.${customerId}@example.com`, orders: [customerId * 10 + 1, customerId * 10 + 2, customerId * 10 + 3] }));
}

function dataRequestDelivery(secret, shop, customerId) {
  return signed(secret, shop, "customers/data_request", dataRequestPayload({ shop, customerId, email: `customer.${customerId}@example.com`, requestId: customerId, orders: [customerId * 10 + 1] }));
}

/** POSTs a delivery; resolves with the status code (0 on a network error). */
function poster(baseUrl, agent) {
  const { hostname, port } = new URL(baseUrl);
  return ({ body, headers }) =>
    new Promise((resolve) => {
      const req = http.request({ hostname, port, path: PATH, method: "POST", agent, headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      });
      req.on("error", () => resolve(0));
      req.end(body);
    });
}

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function summary(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

/** CLIENTS clients, each sending its next delivery as soon as the previous one is answered. */
async function closedLoop(baseUrl, next, { clients = CLIENTS, warmupMs = WARMUP_MS, measureMs = MEASURE_MS } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const post = poster(baseUrl, agent);
  const t0 = performance.now();
  const from = t0 + warmupMs;
  const to = from + measureMs;
  const latencies = [];
  const errors = {};
  let ok = 0;
  const client = async () => {
    while (performance.now() < to) {
      const delivery = next();
      const start = performance.now();
      const status = await post(delivery);
      const done = performance.now();
      if (done < from || done > to) continue;
      if (status === 200) {
        ok += 1;
        latencies.push(done - start);
      } else errors[status] = (errors[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  agent.destroy();
  return { rps: ok / (measureMs / 1000), ok, errors, ...summary(latencies) };
}

/** Sends at a fixed rate on a timer; latency counts from the scheduled send time. */
async function openLoop(baseUrl, next, { rate = OPEN_RATE, durationMs = OPEN_MS } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const post = poster(baseUrl, agent);
  const interval = 1000 / rate;
  const total = Math.round((rate * durationMs) / 1000);
  const start = performance.now() + 20;
  const latencies = [];
  const errors = {};
  const inFlight = [];
  let sent = 0;
  let maxSendLag = 0;
  let gaveUp = false;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const scheduled = start + sent * interval;
        sent += 1;
        maxSendLag = Math.max(maxSendLag, now - scheduled);
        inFlight.push(
          post(next()).then((status) => {
            if (status === 200) latencies.push(performance.now() - scheduled);
            else {
              const key = status === 0 && gaveUp ? "gave up" : status;
              errors[key] = (errors[key] ?? 0) + 1;
            }
          }),
        );
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  // An overloaded server could keep the bench waiting for minutes: give up on answers after a while.
  const giveUp = setTimeout(() => {
    gaveUp = true;
    agent.destroy();
  }, OPEN_GIVE_UP_MS);
  await Promise.all(inFlight);
  clearTimeout(giveUp);
  agent.destroy();
  return { sent, ok: latencies.length, errors, maxSendLag, ...summary(latencies) };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(probe, what, { timeoutMs = 120_000, intervalMs = 20 } = {}) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const int = (n) => Math.round(n).toLocaleString("en-US");
const verdict = (ok) => (ok ? "OK" : "MISSED");
const errorText = (errors) => {
  const entries = Object.entries(errors);
  return entries.length ? entries.map(([status, count]) => `${count}x ${status === "gave up" ? `not answered ${OPEN_GIVE_UP_MS / 1000} s after the last send` : status === "0" ? "network error" : `HTTP ${status}`}`).join(", ") : "0 errors";
};

// ---------------------------------------------------------------------------------------------------
// Phase 1 and 2: intake throughput and latency

/** CPU time (user + system, ms) a process has used so far; null where /proc is not available. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Runs `fn` and reports how much CPU `pid` used per answered request meanwhile. */
async function withCpu(pid, fn) {
  const before = cpuMs(pid);
  const result = await fn();
  const after = cpuMs(pid);
  return { ...result, cpuPerRequest: before === null || after === null || !result.answered ? NaN : (after - before) / result.answered };
}

async function loadRun(label, { env, secret, file, worker }) {
  const shop = "bench-load.myshopify.com";
  const next = () => redactDelivery(secret, shop);
  const server = file
    ? await startNode([join(ROOT, "server", "start.mjs")], { ...env, JOB_WORKER: worker ? "on" : "off" })
    : await startNode([join(ROOT, "scripts", "bench", "baseline-server.mjs")], env); // shared with scale.bench.ts
  const reader = file ? new Database(file, { readonly: true, fileMustExist: true }) : null;
  const backlog = () => reader?.prepare(`SELECT count(*) FROM "Job" WHERE "status" IN ('pending', 'running')`).pluck().get() ?? 0;
  const drain = async () => {
    if (!worker) return { jobs: 0, seconds: 0 };
    const started = performance.now();
    const jobs = backlog();
    await waitUntil(() => backlog() === 0, `the ${label} job queue to drain`);
    return { jobs, seconds: (performance.now() - started) / 1000 };
  };
  try {
    // Warm-up (JIT, Prisma's first queries, keep-alive sockets), not recorded.
    await closedLoop(server.url, next, { warmupMs: 1_500, measureMs: 1 });
    await drain();
    const open = await withCpu(server.pid, async () => {
      const r = await openLoop(server.url, next);
      return { ...r, answered: r.ok };
    });
    const openDrain = await drain();
    const closed = await withCpu(server.pid, async () => {
      const r = await closedLoop(server.url, next);
      return { ...r, answered: r.ok };
    });
    const closedBacklog = backlog();
    if (reader) {
      const failed = reader.prepare(`SELECT count(*) FROM "Job" WHERE "status" = 'dead' OR "lastError" IS NOT NULL`).pluck().get();
      if (failed > 0) throw new Error(`${failed} jobs failed during the ${label} run:\n${server.logs().slice(-3000)}`);
    }
    return { open, openDrain, closed, closedBacklog };
  } finally {
    reader?.close();
    await server.stop();
  }
}

async function intakePhase(work) {
  const env = appEnv(`file:${join(work, "load", "app.sqlite")}`);
  mkdirSync(join(work, "baseline"), { recursive: true });
  const secret = env.SHOPIFY_API_SECRET;
  const app = await loadRun("app", { env, secret, file: join(work, "load", "app.sqlite"), worker: true });
  // Diagnostic: the same app with JOB_WORKER=off (web-only instance), so intake alone is visible.
  const webOnlyFile = join(work, "web-only", "app.sqlite");
  const webOnly = await loadRun("web-only app", { env: { ...env, DATABASE_URL: `file:${webOnlyFile}` }, secret, file: webOnlyFile, worker: false });
  const base = await loadRun("baseline", { env: { BASELINE_SECRET: secret, BASELINE_DB: join(work, "baseline", "baseline.sqlite") }, secret });

  const cpu = (r) => (Number.isFinite(r.cpuPerRequest) ? `, server CPU ${fmt(r.cpuPerRequest, 2)} ms/req` : "");
  console.info(`\nclosed loop: ${CLIENTS} clients, ${WARMUP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured, signed customers/redact to ${PATH}`);
  const row = (name, r) => `  ${name.padEnd(28)} ${int(r.rps).padStart(6)} req/s   p50 ${fmt(r.p50).padStart(6)} ms   p99 ${fmt(r.p99).padStart(7)} ms   max ${fmt(r.max)} ms   (${r.ok} answered 200, ${errorText(r.errors)}${cpu(r)})`;
  console.info(row("app", app.closed));
  console.info(row("baseline", base.closed));
  console.info(row("diagnostic: app JOB_WORKER=off", webOnly.closed));
  console.info(`  app job queue when the closed loop ended: ${app.closedBacklog} jobs not done yet`);
  const ratio = app.closed.rps / base.closed.rps;
  console.info(`throughput: app ${int(app.closed.rps)} req/s vs baseline ${int(base.closed.rps)} req/s = ${fmt(ratio, 2)}x (goal >= ${GOAL_THROUGHPUT_RATIO}x) ${verdict(ratio >= GOAL_THROUGHPUT_RATIO)}`);
  console.info(`latency p50 (closed loop): app ${fmt(app.closed.p50)} ms vs baseline ${fmt(base.closed.p50)} ms = ${fmt(app.closed.p50 / base.closed.p50, 2)}x`);
  console.info(`latency p99 (closed loop): app ${fmt(app.closed.p99)} ms vs baseline ${fmt(base.closed.p99)} ms = ${fmt(app.closed.p99 / base.closed.p99, 2)}x`);
  console.info(`diagnostic: intake alone (JOB_WORKER=off) ${int(webOnly.closed.rps)} req/s = ${fmt(webOnly.closed.rps / base.closed.rps, 2)}x baseline`);

  console.info(`\nopen loop: ${OPEN_RATE} req/s for ${OPEN_MS / 1000} s, latency from each request's scheduled send time to its answer`);
  const openRow = (name, r) =>
    `  ${name.padEnd(28)} p50 ${fmt(r.p50).padStart(7)} ms   p99 ${fmt(r.p99).padStart(7)} ms   max ${fmt(r.max)} ms   (${r.ok}/${r.sent} answered 200, ${errorText(r.errors)}, client send lag max ${fmt(r.maxSendLag)} ms${cpu(r)})`;
  console.info(openRow("app", app.open));
  console.info(openRow("baseline", base.open));
  console.info(openRow("diagnostic: app JOB_WORKER=off", webOnly.open));
  console.info(`  app worker finished the ${app.openDrain.jobs} redact jobs still queued after the open loop in ${fmt(app.openDrain.seconds, 2)} s`);
  const openOk = app.open.p99 < GOAL_OPEN_P99_MS && app.open.ok === app.open.sent;
  console.info(`open-loop latency: app p50 ${fmt(app.open.p50)} ms, p99 ${fmt(app.open.p99)} ms (goal p99 < ${GOAL_OPEN_P99_MS} ms) ${verdict(openOk)}`);
}

// ---------------------------------------------------------------------------------------------------
// Phase 3: redaction cost vs shop size

const hex = (bytes) => randomBytes(bytes).toString("hex");

/** How Prisma's SQLite adapter stored a DateTime, read back from a row the app wrote. */
function dateFormat(db) {
  const sample = db.prepare(`SELECT typeof("receivedAt") AS type, "receivedAt" AS value FROM "WebhookEvent" LIMIT 1`).get();
  if (!sample) throw new Error("no WebhookEvent row to learn the DateTime format from");
  if (sample.type === "integer") return { describe: `INTEGER epoch ms (e.g. ${sample.value})`, write: (ms) => ms };
  if (sample.type === "text" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/.test(sample.value)) {
    return { describe: `TEXT ISO-8601 with +00:00 (e.g. ${sample.value})`, write: (ms) => new Date(ms).toISOString().replace("Z", "+00:00") };
  }
  if (sample.type === "text" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(sample.value)) {
    return { describe: `TEXT ISO-8601 with Z (e.g. ${sample.value})`, write: (ms) => new Date(ms).toISOString() };
  }
  throw new Error(`unexpected DateTime storage ${sample.type} ${sample.value}: teach the bench this format`);
}

/** Look-alike of an AES-GCM field token (v1.<key>.<iv>.<ciphertext>.<tag>): never decrypted, only stored. */
function fakeCiphers(count, plainBytes) {
  return Array.from({ length: count }, () =>
    ["v1", "t1", randomBytes(12).toString("base64url"), randomBytes(plainBytes).toString("base64url"), randomBytes(16).toString("base64url")].join("."),
  );
}

/** cuid-like ids: time-ordered prefix, random tail (Prisma's cuid() is roughly insertion-ordered too). */
function idMaker(prefix) {
  let n = 0;
  const base = Date.now() * 1000;
  return () => `${prefix}${(base + n++).toString(36)}${randomBytes(4).toString("hex")}`;
}

const MIX = [
  ["ConsentRecord", 0.4],
  ["WebhookEvent", 0.2],
  ["RequestMessage", 0.15],
  ["PrivacyRequest", 0.1],
  ["VerificationCode", 0.1],
  ["ExportFile", 0.05],
];

function statements(db) {
  return {
    request: db.prepare(`INSERT INTO "PrivacyRequest" ("id","shopDomain","reference","type","status","source","regulation","clockStartsAt","dueAt","customerRef","emailRef","phoneRef","customerIdCipher","emailCipher","phoneCipher","nameCipher","integrityHash","receivedAt","verifiedAt","closedAt","closeReason","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
    message: db.prepare(`INSERT INTO "RequestMessage" ("id","shopDomain","requestId","customerRef","kind","bodyCipher","authorId","createdAt") VALUES (?,?,?,?,?,?,?,?)`),
    code: db.prepare(`INSERT INTO "VerificationCode" ("id","shopDomain","requestId","customerRef","codeHash","expiresAt","attempts","consumedAt","createdAt") VALUES (?,?,?,?,?,?,?,?,?)`),
    exportFile: db.prepare(`INSERT INTO "ExportFile" ("id","shopDomain","requestId","customerRef","format","contentCipher","sha256","bytes","createdAt","expiresAt") VALUES (?,?,?,?,?,?,?,?,?,?)`),
    consent: db.prepare(`INSERT INTO "ConsentRecord" ("id","shopDomain","visitorId","customerRef","noticeVersion","categories","action","region","gpc","locale","recordedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?)`),
    webhook: db.prepare(`INSERT INTO "WebhookEvent" ("id","shopDomain","topic","webhookId","eventId","apiVersion","triggeredAt","receivedAt","payloadCipher","payloadSha256","payloadBytes","status","problem","processedAt","customerRef") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
  };
}

/** `total` rows for other customers of `shop`, spread over the six tables a redact touches. */
function seedShop(db, shop, total, date) {
  const s = statements(db);
  const counts = Object.fromEntries(MIX.map(([table, share]) => [table, Math.floor(total * share)]));
  counts.ConsentRecord += total - Object.values(counts).reduce((a, b) => a + b, 0);
  const now = Date.now();
  const when = () => now - Math.floor(Math.random() * 365 * 86_400_000);
  const pick = (array) => array[Math.floor(Math.random() * array.length)];
  const nextId = idMaker("c");
  // About five rows per customer; blind indexes are 64 hex chars (HMAC-SHA256).
  const customerRefs = Array.from({ length: Math.max(20, Math.floor(total / 5)) }, () => hex(32));
  const ciphers = { short: fakeCiphers(64, 24), payload: fakeCiphers(64, 420), file: fakeCiphers(16, 1200) };
  const requestIds = [];
  const requestRefs = [];
  for (let i = 0; i < counts.PrivacyRequest; i++) {
    const id = `req_${hex(12)}`;
    const ref = pick(customerRefs);
    const received = when();
    const closed = Math.random() < 0.7;
    s.request.run(id, shop, `PR-S${i.toString(32).toUpperCase().padStart(13, "0")}`, pick(["access", "erasure", "portability", "do_not_sell"]), closed ? "completed" : "in_progress", pick(["shopify", "storefront", "admin"]), pick(["gdpr", "ccpa", "shopify"]), date(received), date(received + 30 * 86_400_000), ref, hex(32), Math.random() < 0.5 ? hex(32) : null, pick(ciphers.short), pick(ciphers.short), pick(ciphers.short), pick(ciphers.short), hex(32), date(received), date(received), closed ? date(received + 86_400_000) : null, closed ? "done" : null, date(received), date(received));
    requestIds.push(id);
    requestRefs.push(ref);
  }
  const forRequest = () => {
    const i = Math.floor(Math.random() * requestIds.length);
    return [requestIds[i] ?? `req_${hex(12)}`, requestRefs[i] ?? pick(customerRefs)];
  };
  for (let i = 0; i < counts.RequestMessage; i++) {
    const [requestId, ref] = forRequest();
    s.message.run(nextId(), shop, requestId, ref, pick(["note", "requester_message", "notice_sent"]), pick(ciphers.short), null, date(when()));
  }
  for (let i = 0; i < counts.VerificationCode; i++) {
    const [requestId, ref] = forRequest();
    const created = when();
    s.code.run(nextId(), shop, requestId, ref, hex(32), date(created + 900_000), Math.floor(Math.random() * 3), Math.random() < 0.6 ? date(created + 60_000) : null, date(created));
  }
  for (let i = 0; i < counts.ExportFile; i++) {
    const [requestId, ref] = forRequest();
    const created = when();
    s.exportFile.run(nextId(), shop, requestId, ref, i % 2 ? "csv" : "json", pick(ciphers.file), hex(32), 900, date(created), date(created + 7 * 86_400_000));
  }
  const categories = JSON.stringify({ analytics: true, marketing: false, preferences: true, sale_of_data: false });
  for (let i = 0; i < counts.ConsentRecord; i++) {
    s.consent.run(nextId(), shop, randomUUID(), Math.random() < 0.3 ? pick(customerRefs) : null, "3", categories, pick(["accept_all", "reject_all", "custom"]), pick(["DE", "FR", "US-CA", "GB", null]), Math.random() < 0.1 ? 1 : 0, "en", date(when()));
  }
  for (let i = 0; i < counts.WebhookEvent; i++) {
    const received = when();
    const stillHeld = Math.random() < 0.5; // data requests keep their payload; redacted ones dropped it
    s.webhook.run(nextId(), shop, stillHeld ? "CUSTOMERS_DATA_REQUEST" : "CUSTOMERS_REDACT", randomUUID(), randomUUID(), ADMIN_API_VERSION, date(received), date(received), stillHeld ? pick(ciphers.payload) : null, hex(32), 310, "processed", null, date(received + 1_000), stillHeld ? pick(customerRefs) : null);
  }
  return counts;
}

/** The target customer's own rows besides what their customers/data_request created. */
function seedOwnRows(db, shop, ref, requestId, date) {
  const s = statements(db);
  const nextId = idMaker("c");
  const now = Date.now();
  const categories = JSON.stringify({ analytics: true, marketing: true, preferences: true, sale_of_data: false });
  for (let i = 0; i < 3; i++) s.consent.run(nextId(), shop, randomUUID(), ref, "3", categories, "accept_all", "DE", 0, "de", date(now - i * 86_400_000));
  for (let i = 0; i < 2; i++) s.message.run(nextId(), shop, requestId, ref, "requester_message", fakeCiphers(1, 80)[0], null, date(now - i * 3_600_000));
  s.code.run(nextId(), shop, requestId, ref, hex(32), date(now + 900_000), 1, date(now), date(now));
  for (let i = 0; i < 2; i++) s.webhook.run(nextId(), shop, "CUSTOMERS_DATA_REQUEST", randomUUID(), randomUUID(), ADMIN_API_VERSION, date(now - 86_400_000), date(now - 86_400_000), fakeCiphers(1, 300)[0], hex(32), 300, "processed", null, date(now - 86_300_000), ref);
}

function ownRowsLeft(db, shop, target) {
  const count = (sql, ...args) => db.prepare(sql).pluck().get(...args);
  return {
    consent: count(`SELECT count(*) FROM "ConsentRecord" WHERE "shopDomain" = ? AND "customerRef" = ?`, shop, target.ref),
    messages: count(`SELECT count(*) FROM "RequestMessage" WHERE "requestId" = ?`, target.requestId),
    codes: count(`SELECT count(*) FROM "VerificationCode" WHERE "requestId" = ?`, target.requestId),
    exports: count(`SELECT count(*) FROM "ExportFile" WHERE "requestId" = ?`, target.requestId),
    webhookPayloads: count(`SELECT count(*) FROM "WebhookEvent" WHERE "shopDomain" = ? AND "customerRef" = ?`, shop, target.ref),
    requestIdentifiers: count(`SELECT count(*) FROM "PrivacyRequest" WHERE "id" = ? AND ("customerRef" IS NOT NULL OR "emailCipher" IS NOT NULL OR "anonymisedAt" IS NULL)`, target.requestId),
  };
}

async function redactionPhase(work) {
  const file = join(work, "redact", "app.sqlite");
  const env = appEnv(`file:${file}`);
  const secret = env.SHOPIFY_API_SECRET;
  const shops = [
    { name: "small", domain: "bench-small.myshopify.com", records: SMALL_RECORDS, targets: [] },
    { name: "big", domain: "bench-big.myshopify.com", records: BIG_RECORDS, targets: [] },
  ];
  let customerId = 7_000_000;
  // One warm-up redact per shop, then REDACT_RUNS measured ones; each customer is redacted once.
  for (const shop of shops) shop.targets = Array.from({ length: REDACT_RUNS + 1 }, () => ({ customerId: customerId++ }));

  // 1. The app creates each target customer's request, transitions and export files (customers/data_request).
  let app = await startNode([join(ROOT, "server", "start.mjs")], env);
  const agent = new http.Agent({ keepAlive: true });
  const post = poster(app.url, agent);
  try {
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    const status = reader.prepare(`SELECT "status" FROM "WebhookEvent" WHERE "webhookId" = ?`).pluck();
    await Promise.all(
      shops.flatMap((shop) =>
        shop.targets.map(async (target) => {
          const delivery = dataRequestDelivery(secret, shop.domain, target.customerId);
          const code = await post(delivery);
          if (code !== 200) throw new Error(`customers/data_request answered ${code}`);
          target.dataRequestWebhookId = delivery.webhookId;
        }),
      ),
    );
    await waitUntil(() => shops.every((shop) => shop.targets.every((t) => status.get(t.dataRequestWebhookId) === "processed")), "the data requests to be processed", { timeoutMs: 60_000 });
    reader.close();
  } finally {
    await app.stop();
  }

  // 2. App stopped: seed the shops directly into the migrated database.
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF"); // seeding only; the app reopens with its own pragmas
  const date = dateFormat(db);
  console.info(`\nredaction cost vs shop size: Prisma stored DateTime as ${date.describe}; raw rows use the same format`);
  for (const shop of shops) {
    for (const target of shop.targets) {
      target.ref = db.prepare(`SELECT "customerRef" FROM "WebhookEvent" WHERE "webhookId" = ?`).pluck().get(target.dataRequestWebhookId);
      target.requestId = db.prepare(`SELECT "id" FROM "PrivacyRequest" WHERE "shopDomain" = ? AND "customerRef" = ?`).pluck().get(shop.domain, target.ref);
      if (!target.ref || !target.requestId) throw new Error(`data request for customer ${target.customerId} left no request`);
    }
  }
  for (const shop of shops) {
    const t = performance.now();
    const counts = db.transaction(() => {
      const c = seedShop(db, shop.domain, shop.records, date.write);
      for (const target of shop.targets) seedOwnRows(db, shop.domain, target.ref, target.requestId, date.write);
      return c;
    })();
    const seconds = (performance.now() - t) / 1000;
    shop.seedSeconds = seconds;
    console.info(`  seeded ${shop.domain}: ${int(shop.records)} rows for other customers in ${fmt(seconds, 1)} s (${int(shop.records / seconds)} rows/s): ${Object.entries(counts).map(([k, v]) => `${k} ${int(v)}`).join(", ")}`);
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  // The query planner gets no ANALYZE statistics, as in a real deployment (the app never runs ANALYZE).
  db.close();

  // 3. Restart the app and time the redacts: delivery -> the event's status is processed.
  app = await startNode([join(ROOT, "server", "start.mjs")], env);
  const post2 = poster(app.url, agent);
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  const status = reader.prepare(`SELECT "status" FROM "WebhookEvent" WHERE "webhookId" = ?`).pluck();
  const redactOnce = async (shop, target) => {
    const delivery = redactDelivery(secret, shop.domain, target.customerId);
    const t0 = performance.now();
    const code = await post2(delivery);
    const acked = performance.now() - t0;
    if (code !== 200) throw new Error(`customers/redact answered ${code}`);
    await waitUntil(() => status.get(delivery.webhookId) === "processed", `redact of customer ${target.customerId} in ${shop.domain}`, { timeoutMs: 60_000, intervalMs: 1 });
    const processed = performance.now() - t0;
    const left = ownRowsLeft(reader, shop.domain, target);
    if (Object.values(left).some((n) => n !== 0)) throw new Error(`redact left the customer's rows behind: ${JSON.stringify(left)}`);
    return { acked, processed };
  };
  try {
    for (const shop of shops) await redactOnce(shop, shop.targets[0]); // warm-up, not recorded
    for (const shop of shops) shop.runs = [];
    for (let i = 1; i <= REDACT_RUNS; i++) for (const shop of shops) shop.runs.push(await redactOnce(shop, shop.targets[i]));
  } finally {
    reader.close();
    agent.destroy();
    await app.stop();
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  for (const shop of shops) {
    shop.median = median(shop.runs.map((r) => r.processed));
    console.info(`  ${shop.name} shop (${int(shop.records)} rows): median ${fmt(shop.median)} ms delivery -> processed (runs ${shop.runs.map((r) => fmt(r.processed)).join(", ")} ms; acknowledged after median ${fmt(median(shop.runs.map((r) => r.acked)))} ms)`);
  }
  const [small, big] = shops;
  const ratio = big.median / small.median;
  console.info(`redaction: ${int(big.records)}-row shop ${fmt(big.median)} ms vs ${int(small.records)}-row shop ${fmt(small.median)} ms = ${fmt(ratio, 2)}x (goal within ${GOAL_REDACT_RATIO}x) ${verdict(ratio <= GOAL_REDACT_RATIO)}`);
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  ensureBuilt();
  const work = mkdtempSync(join(tmpdir(), "privacy-bench-webhooks-"));
  const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
  console.info(`node ${process.version}, ${cpus().length} cores, load average ${load()}; databases under ${work}; app = node server/start.mjs, LOG_LEVEL=warn`);
  const started = performance.now();
  try {
    // BENCH_PHASES=intake or BENCH_PHASES=redact runs one part only (default: both).
    const phases = (process.env.BENCH_PHASES ?? "intake,redact").split(",");
    if (phases.includes("intake")) await intakePhase(work);
    if (phases.includes("redact")) await redactionPhase(work);
  } finally {
    for (const child of children) child.kill("SIGKILL");
    rmSync(work, { recursive: true, force: true });
  }
  console.info(`\n(webhooks bench took ${fmt((performance.now() - started) / 1000)} s; load average at the end ${load()})`);
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
}
