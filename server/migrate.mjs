// Applies pending migrations for the database DATABASE_URL names, through the Prisma CLI and
// prisma.config.ts (driver adapters: nothing is downloaded).
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function migrate(databaseUrl = process.env.DATABASE_URL) {
  if (databaseUrl?.startsWith("file:")) {
    const file = databaseUrl.slice("file:".length);
    mkdirSync(dirname(isAbsolute(file) ? file : resolve(root, file)), { recursive: true });
  }
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
    migrate();
    console.info("migrations applied");
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
