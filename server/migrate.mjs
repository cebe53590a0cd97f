// Applies pending migrations for the database DATABASE_URL names, through the Prisma CLI and
// prisma.config.ts (driver adapters: nothing is downloaded).
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// Any constant shared by every instance; distinct from Prisma Migrate's own lock key (72707369).
const MIGRATION_LOCK = 7_400_912_001;

/**
 * On PostgreSQL, instances that start at the same moment take turns: each holds a session-level
 * advisory lock while `prisma migrate deploy` runs, so the second one waits (as long as it takes)
 * and then finds nothing pending. Prisma Migrate's own lock gives up after 10 s.
 * Then, under the same lock, the hot path's functions (prisma/postgres/functions.sql) are created or
 * replaced: Prisma's driver adapter runs a migration split at every ";", which breaks a function body.
 */
export async function migrate(databaseUrl = process.env.DATABASE_URL) {
  if (databaseUrl?.startsWith("file:")) {
    const file = databaseUrl.slice("file:".length);
    const path = isAbsolute(file) ? file : resolve(root, file);
    mkdirSync(dirname(path), { recursive: true });
    await withLockFile(`${path}.migrate-lock`, () => deploy(databaseUrl));
    return;
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`database migration failed: cannot connect (${error.code ?? error.name})`);
  }
  client.on("error", () => undefined);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    // spawnSync blocks this process; the lock is held by the open session meanwhile.
    deploy(databaseUrl);
    try {
      await client.query(readFileSync(resolve(root, "prisma/postgres/functions.sql"), "utf8"));
    } catch (error) {
      throw new Error(`database migration failed: functions.sql (${error.code ?? error.name})`);
    }
  } finally {
    await client.end().catch(() => undefined); // ending the session releases the lock
  }
}

/** SQLite: processes on one file take turns through an exclusively created lock file (stale after 2 min). */
async function withLockFile(lockPath, fn) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      closeSync(openSync(lockPath, "wx"));
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      if (Date.now() > deadline) {
        rmSync(lockPath, { force: true }); // left by a process that died mid-migration
        continue;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

function deploy(databaseUrl) {
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const preload = resolve(root, "server/prisma-cli-preload.cjs");
  const result = spawnSync(process.execPath, ["--require", preload, prismaCli, "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    const detail = `${result.stdout}\n${result.stderr}`.split("\n").filter((l) => /error|P\d{4}/i.test(l)).slice(0, 3).join(" | ");
    throw new Error(`database migration failed: ${detail || `prisma exited with ${result.status}`}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await migrate();
    console.info("migrations applied");
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
