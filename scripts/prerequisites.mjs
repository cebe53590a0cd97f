// What `npm test` needs beyond node_modules: the system Chromium (browser tests) and PostgreSQL
// (the PostgreSQL pass). On a fresh Debian machine as root it installs them with apt-get; otherwise
// it stops with one line naming the exact command. `planPrerequisites` is the pure decision.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { findPostgresBin } from "./postgres.mjs";

export const APT_PACKAGES = { chromium: "chromium", postgres: "postgresql", rsyslog: "rsyslog", rsyslogTls: "rsyslog-openssl" };

/**
 * @param {{ needChromium: boolean, needPostgres: boolean, hasChromium: boolean, hasPostgres: boolean, isRoot: boolean, hasAptGet: boolean, needRsyslog?: boolean, hasRsyslog?: boolean }} state
 * @returns {{ action: "ready" } | { action: "install", packages: string[] } | { action: "stop", message: string }}
 */
export function planPrerequisites(state) {
  const missing = [];
  if (state.needChromium && !state.hasChromium) missing.push(APT_PACKAGES.chromium);
  if (state.needPostgres && !state.hasPostgres) missing.push(APT_PACKAGES.postgres);
  // The audit streaming tests run a private rsyslogd with a TLS listener (openssl driver).
  if (state.needRsyslog && !state.hasRsyslog) missing.push(APT_PACKAGES.rsyslog, APT_PACKAGES.rsyslogTls);
  if (missing.length === 0) return { action: "ready" };
  const command = `apt-get install -y ${missing.join(" ")}`;
  if (state.isRoot && state.hasAptGet) return { action: "install", packages: missing };
  const what = missing
    .filter((p) => p !== APT_PACKAGES.rsyslogTls)
    .map((p) => (p === APT_PACKAGES.chromium ? "Chromium (or set CHROMIUM_PATH)" : p === APT_PACKAGES.rsyslog ? "rsyslog with its TLS driver" : "PostgreSQL (or set TEST_POSTGRES_URL)"))
    .join(" and ");
  return { action: "stop", message: `npm test needs ${what}: run \`${state.isRoot ? "" : "sudo "}${command}\`, then npm test again.` };
}

export function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

function hasCommand(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

/** Returns true when everything needed is there (installing it if allowed); prints one line and returns false otherwise. */
export function hasRsyslogTls() {
  return existsSync("/usr/sbin/rsyslogd") && spawnSync("sh", ["-c", "ls /usr/lib/*/rsyslog/lmnsd_ossl.so"], { stdio: "ignore" }).status === 0;
}

export function ensurePrerequisites({ needChromium, needPostgres, needRsyslog = needPostgres }) {
  const state = () => ({
    needChromium,
    needPostgres,
    needRsyslog,
    hasRsyslog: hasRsyslogTls(),
    hasChromium: existsSync(chromiumPath()),
    hasPostgres: Boolean(process.env.TEST_POSTGRES_URL) || Boolean(findPostgresBin()),
    isRoot: process.getuid?.() === 0,
    hasAptGet: hasCommand("apt-get"),
  });
  const plan = planPrerequisites(state());
  if (plan.action === "ready") return true;
  if (plan.action === "stop") {
    console.error(plan.message);
    return false;
  }
  console.info(`\n=== installing ${plan.packages.join(", ")} (apt-get, running as root)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  // A fresh machine has empty package lists; update first.
  for (const args of [["update"], ["install", "-y", ...plan.packages]]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) {
      console.error(`apt-get ${args.join(" ")} failed: install them yourself (apt-get install -y ${plan.packages.join(" ")}), then npm test again.`);
      return false;
    }
  }
  const after = planPrerequisites(state());
  if (after.action !== "ready") {
    console.error(`still missing after apt-get: ${plan.packages.join(", ")} (Chromium is expected at ${chromiumPath()}).`);
    return false;
  }
  return true;
}
