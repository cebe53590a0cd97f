// Worker-only instance (`npm run worker`): applies pending migrations, then runs the durable job
// queue and the schedule (retention, digest) without serving HTTP. Pair it with web-only instances
// (`JOB_WORKER=off npm start`) on one PostgreSQL; see the README's "Several instances" section.
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { migrate } from "./migrate.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function fail(message) {
  console.error(message);
  process.exit(1);
}

// This process exists to run jobs, whatever JOB_WORKER says for the web instances.
process.env.JOB_WORKER = "on";
let build;
try {
  build = await import(pathToFileURL(resolve(root, "build/index.js")).href);
  build.entry.module.loadEnv();
} catch (error) {
  if (error?.name === "ConfigurationError") fail(error.message);
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("build/index.js")) fail("The app is not built: run npm run build first.");
  throw error;
}
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
