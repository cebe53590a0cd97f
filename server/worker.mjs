// Worker-only instance (`npm run worker`): applies pending migrations, then runs the durable job
// queue and the schedule (retention, digest) without serving HTTP. Pair it with web-only instances
// (`JOB_WORKER=off npm start`) on one PostgreSQL; see the README's "Several instances" section.
import { migrate } from "./migrate.mjs";
import { fail, loadBuild } from "./load-build.mjs";


// This process exists to run jobs, whatever JOB_WORKER says for the web instances.
process.env.JOB_WORKER = "on";
const build = await loadBuild();
const env = build.entry.module.loadEnv();
if (env.databaseProvider === "sqlite") {
  // Two processes on one SQLite file contend for its write lock (ADR 0006): run the worker in the web process.
  fail("npm run worker needs PostgreSQL (DATABASE_URL=postgres://...); on SQLite the web process runs the jobs.");
}
try {
  await migrate(env.DATABASE_URL);
} catch (error) {
  fail(error.message);
}

const stopBackgroundWork = build.entry.module.startBackgroundWork();
console.info(JSON.stringify({ time: new Date().toISOString(), level: "info", message: "worker started" }));

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.info(JSON.stringify({ time: new Date().toISOString(), level: "info", message: "shutting down", signal }));
  await stopBackgroundWork();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
