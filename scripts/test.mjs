// `npm test`: everything CI checks. Typecheck, lint, schema drift, build, then the whole suite on
// SQLite and the database-backed suite (tests/integration) again on PostgreSQL. PostgreSQL comes
// from TEST_POSTGRES_URL, or a private cluster this script starts and stops (Debian `postgresql`).
// Chromium and PostgreSQL are installed with apt-get first when missing and running as root
// (scripts/prerequisites.mjs); otherwise it stops with the exact command to run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPostgresBin, startCluster, stopCluster } from "./postgres.mjs";
import { root } from "./local-env.mjs";
import { ensurePrerequisites } from "./prerequisites.mjs";

const bin = (name) => join(root, "node_modules", ".bin", name);
const totals = { passed: 0, failed: 0 };
const failures = [];

function step(title, command, args, env = {}) {
  console.info(`\n=== ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n${title}: failed (exit ${result.status ?? result.signal})`);
    return false;
  }
  return true;
}

function vitest(title, paths, env) {
  const report = join(mkdtempSync(join(tmpdir(), "vitest-report-")), "report.json");
  const ok = step(title, bin("vitest"), ["run", ...paths, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], env);
  try {
    const summary = JSON.parse(readFileSync(report, "utf8"));
    totals.passed += summary.numPassedTests;
    totals.failed += summary.numFailedTests + (ok ? 0 : summary.numFailedTests === 0 ? 1 : 0);
    for (const file of summary.testResults ?? []) {
      const relative = String(file.name).replace(`${root}/`, "");
      for (const test of file.assertionResults ?? []) {
        if (test.status === "failed") failures.push(`${title}: ${relative} > ${test.fullName}\n    ${String(test.failureMessages?.[0] ?? "").split("\n").slice(0, 6).join("\n    ")}`);
      }
      if ((file.assertionResults ?? []).length === 0 && file.status === "failed") failures.push(`${title}: ${relative} (file failed to run)\n    ${String(file.message ?? "").split("\n").slice(0, 6).join("\n    ")}`);
    }
  } catch {
    totals.failed += 1;
  }
  return ok;
}

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith("--"));
const BROWSER_TESTS = /^(tests\/(admin-ui|storefront|sandbox)|sandbox\/admin-shell)/;
if (!ensurePrerequisites({ needChromium: only.length === 0 || only.some((p) => BROWSER_TESTS.test(p)), needPostgres: only.length === 0 || only.some((p) => p.startsWith("tests/integration")) })) {
  process.exit(1);
}
let ok = true;
if (only.length === 0) {
  ok = step("typecheck", bin("tsc"), ["--noEmit"]) && ok;
  ok = step("lint", bin("eslint"), ["--max-warnings", "0", "."]) && ok;
  ok = step("prisma schemas match prisma/models.prisma", process.execPath, ["scripts/prisma-schemas.mjs", "--check"]) && ok;
}
ok = step("build", bin("remix"), ["build"]) && ok;
if (ok) {
  ok = vitest("tests on SQLite", only, { TEST_DATABASE: "sqlite" }) && ok;

  let cluster;
  let postgresUrl = process.env.TEST_POSTGRES_URL;
  if (!postgresUrl && findPostgresBin()) {
    cluster = mkdtempSync(join(tmpdir(), "privacy-pg-"));
    postgresUrl = startCluster(cluster, 54000 + Math.floor(Math.random() * 900));
  }
  if (postgresUrl) {
    try {
      const pgPaths = only.length ? only.filter((p) => p.startsWith("tests/integration")) : ["tests/integration"];
      if (pgPaths.length) ok = vitest("database tests on PostgreSQL", pgPaths, { TEST_DATABASE: "postgres", TEST_POSTGRES_URL: postgresUrl }) && ok;
    } finally {
      if (cluster) {
        stopCluster(cluster);
        rmSync(cluster, { recursive: true, force: true });
      }
    }
  } else if (process.env.CI) {
    console.error("PostgreSQL is required in CI (apt-get install -y postgresql)");
    ok = false;
  } else {
    console.warn("\nPostgreSQL not installed: the PostgreSQL pass was NOT run (apt-get install -y postgresql).");
  }
}
// Repeated last, so that the tail of a CI log names what failed.
if (failures.length) console.error(`\nfailed:\n${failures.join("\n")}`);
console.info(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
