// Generates both Prisma clients (SQLite into @prisma/client, PostgreSQL into
// node_modules/.prisma/client-postgres) from the committed schemas. Runs on npm install.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { root } from "./local-env.mjs";

const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
for (const [provider, url] of [["sqlite", "file:./.local/generate.sqlite"], ["postgres", "postgresql://generate@127.0.0.1:5432/generate"]]) {
  const result = spawnSync(process.execPath, [cli, "generate", "--schema", `prisma/${provider}/schema.prisma`], {
    cwd: root,
    // Prisma's chatter ("Loaded Prisma config ...") only when something went wrong.
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    console.error(`prisma generate failed for prisma/${provider}/schema.prisma`);
    process.exit(result.status ?? 1);
  }
}
console.info("prisma clients generated (sqlite, postgres)");
