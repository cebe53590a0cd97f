// Alert evaluation inside audit appends (app/modules/alerts, ADR 0015): what it adds to the cost of
// appending an entry. Baseline in the same run: the same appends with evaluation switched off
// (setAlertEvaluation(false)), rounds interleaved on/off so drift and noise hit both alike.
// Mixes: "typical" (1 in 6 entries is watched by a rule: a staff download, which counts in a window
// and checks working hours, or a failed code, counted per source) and "unwatched" (no rule: the
// Map lookup only); each one entry per transaction (durable commit) and 100 per transaction.
// Goal: evaluation adds <= 10 % to the CPU time per append for the typical mix (the process's own CPU
// time, unaffected by other load on a shared machine; wall-clock figures are printed beside it).
// Usage: node scripts/bench.mjs alerts   (vite-node scripts/bench/alerts.bench.ts)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { JsonValue } from "../../app/modules/audit/rules";
import { testAppEnv } from "../../tests/helpers/test-env";

const ROOT = join(import.meta.dirname, "..", "..");
const ROUNDS = 7;
const PER_ROUND_SINGLE = 200;
const PER_ROUND_BATCHED = 1000;
const BATCH = 100;
const GOAL_OVERHEAD = 0.1;

const work = mkdtempSync(join(tmpdir(), "privacy-bench-alerts-"));
const file = join(work, "alerts.sqlite");
// The logger and services read env() on first use: a complete, valid environment before any app import.
Object.assign(process.env, testAppEnv(`file:${file}`, { LOG_LEVEL: "warn", JOB_WORKER: "off" }));

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

type Mix = "typical" | "unwatched";
const PLAIN = ["request.transitioned", "notice.sent", "request.opened", "export.created", "consent.recorded"] as const;

function entry(shopDomain: string, mix: Mix, i: number) {
  const watched = mix === "typical" && i % 6 === 5;
  const base = { shopDomain, subjectType: "privacy_request", subjectId: `c${i.toString(36).padStart(10, "0")}`, occurredAt: new Date() };
  if (watched && i % 12 === 5) return { ...base, actorType: "staff" as const, actorId: String(1000 + (i % 7)), action: "export.downloaded", metadata: { format: "json" } as { [k: string]: JsonValue } };
  if (watched) return { ...base, actorType: "shopper" as const, actorId: null, action: "verification.failed", metadata: { attemptsRemaining: 3, source: `src${i % 50}` } as { [k: string]: JsonValue } };
  return { ...base, actorType: "system" as const, actorId: null, action: PLAIN[i % PLAIN.length]!, metadata: { from: "verified", to: "in_progress" } as { [k: string]: JsonValue } };
}

async function main() {
  console.info(`node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; database ${file}`);
  const migrated = spawnSync(process.execPath, [join(ROOT, "server", "migrate.mjs")], { cwd: ROOT, env: process.env, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`migration failed: ${migrated.stdout}${migrated.stderr}`);
  const { createDb } = await import("../../app/platform/db.server");
  const { appendAudit, verifyShopChain } = await import("../../app/modules/audit/audit.server");
  const { setAlertEvaluation } = await import("../../app/modules/alerts/alerts.server");
  const db = createDb(`file:${file}`);
  // High thresholds: counters are bumped on every watched entry, but no alert (and no email job) is raised.
  const settings = { exportThreshold: 10_000, failureThreshold: 10_000, workingHoursEnabled: true, workStartHour: 0, workEndHour: 24, workDays: "1,2,3,4,5,6,7" };
  let failed = false;
  try {
    for (const mix of ["typical", "unwatched"] as const) {
      for (const batched of [false, true]) {
        const label = `${mix}, ${batched ? `${BATCH} entries per transaction` : "1 entry per transaction"}`;
        const shops = { on: `bench-alerts-on-${mix}-${batched}.myshopify.com`, off: `bench-alerts-off-${mix}-${batched}.myshopify.com` };
        for (const shop of Object.values(shops)) await db.alertSettings.create({ data: { shopDomain: shop, ...settings } });
        const counters = { on: 0, off: 0 };
        const run = async (mode: "on" | "off") => {
          setAlertEvaluation(mode === "on");
          const total = batched ? PER_ROUND_BATCHED : PER_ROUND_SINGLE;
          const start = performance.now();
          const cpu = process.cpuUsage();
          if (batched) {
            for (let done = 0; done < total; done += BATCH)
              await db.$transaction(async (tx) => {
                for (let k = 0; k < BATCH; k++) await appendAudit(tx, entry(shops[mode], mix, counters[mode]++));
              });
          } else for (let k = 0; k < total; k++) await db.$transaction((tx) => appendAudit(tx, entry(shops[mode], mix, counters[mode]++)));
          const used = process.cpuUsage(cpu);
          return { wall: total / ((performance.now() - start) / 1000), cpuUs: (used.user + used.system) / total };
        };
        await run("on");
        await run("off"); // warm-up
        const wallRatios: number[] = [];
        const rates = { on: [] as number[], off: [] as number[] };
        const cpu = { on: [] as number[], off: [] as number[] };
        for (let r = 0; r < ROUNDS; r++) {
          const first = r % 2 === 0 ? "on" : "off";
          const second = first === "on" ? "off" : "on";
          const a = await run(first);
          const b = await run(second);
          const on = first === "on" ? a : b;
          const off = first === "on" ? b : a;
          rates.on.push(on.wall);
          rates.off.push(off.wall);
          cpu.on.push(on.cpuUs);
          cpu.off.push(off.cpuUs);
          wallRatios.push(off.wall / on.wall);
        }
        setAlertEvaluation(true);
        // Added cost per append: CPU time of this process per entry summed over all rounds (robust on a
        // shared machine; single rounds of one-entry transactions vary by +-10 %), and wall time.
        const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
        const cpuAdded = sum(cpu.on) / sum(cpu.off) - 1;
        const wallAdded = median(wallRatios) - 1;
        const goal = mix === "typical" ? cpuAdded <= GOAL_OVERHEAD : true;
        console.info(
          `${label}: CPU per append ${fmt(median(cpu.on))} us with evaluation, ${fmt(median(cpu.off))} us without (medians) = ${fmt(cpuAdded * 100, 1)} % added over all rounds${mix === "typical" ? ` (goal <= ${GOAL_OVERHEAD * 100} %: ${goal ? "OK" : "MISSED"})` : ""}; wall ${fmt(median(rates.on))}/s vs ${fmt(median(rates.off))}/s = ${fmt(wallAdded * 100, 1)} % added (medians of ${ROUNDS} interleaved rounds)`,
        );
        if (!goal) failed = true;
        for (const shop of Object.values(shops)) {
          const check = await verifyShopChain(db, shop);
          if (!check.ok) throw new Error(`chain of ${shop} does not verify`);
        }
      }
    }
    const counted = await db.alertCounter.count();
    const alerts = await db.alert.count();
    console.info(`window counters written: ${counted}; alerts raised: ${alerts} (thresholds set above the bench's counts)`);
    if (counted === 0) throw new Error("evaluation never ran: no counter rows");
  } finally {
    await db.$disconnect();
    rmSync(work, { recursive: true, force: true });
  }
  if (failed) console.info("MISSED: see above");
}

await main();
