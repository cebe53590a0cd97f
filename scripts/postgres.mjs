// A private PostgreSQL cluster for tests and benchmarks: its own data directory, 127.0.0.1 only,
// started and stopped by whoever asked for it. Uses Debian's `postgresql` package binaries.
//   node scripts/postgres.mjs start <dir> [port]   prints the connection URL
//   node scripts/postgres.mjs stop <dir>
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export function findPostgresBin() {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, "bin", "pg_ctl"))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], "bin") : undefined;
}

const isRoot = process.getuid?.() === 0;

function pgUser() {
  // initdb refuses to run as root; Debian's package creates the postgres user.
  return isRoot ? "postgres" : undefined;
}

function run(bin, args) {
  const user = pgUser();
  const [cmd, argv] = user ? ["runuser", ["-u", user, "--", bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
}

/** `durable: true` keeps fsync and full_page_writes on (benchmarks compare against real commits). */
export function startCluster(dir, port = 54329, { durable = false } = {}) {
  const bin = findPostgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install -y postgresql)");
  const data = resolve(dir);
  mkdirSync(data, { recursive: true });
  if (isRoot) chownSync(data, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()), Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()));
  if (!existsSync(join(data, "PG_VERSION"))) {
    run(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  }
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${data}`,
    "-c max_connections=300",
    // A disposable test cluster: durability of the cluster itself is not under test.
    ...(durable ? [] : ["-c fsync=off", "-c full_page_writes=off"]),
  ].join(" ");
  run(join(bin, "pg_ctl"), ["-D", data, "-l", join(data, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}

export function stopCluster(dir, { remove = false } = {}) {
  const bin = findPostgresBin();
  const data = resolve(dir);
  if (bin && existsSync(join(data, "postmaster.pid"))) {
    run(join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
  }
  if (remove) rmSync(data, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, dir, port] = process.argv.slice(2);
  if (!dir || (command !== "start" && command !== "stop")) {
    console.error("usage: node scripts/postgres.mjs start|stop <dir> [port]");
    process.exit(2);
  }
  if (command === "start") console.log(startCluster(dir, port ? Number(port) : undefined));
  else stopCluster(dir);
}
