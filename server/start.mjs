// Production entry (`npm start`): validate configuration, apply pending migrations, serve the
// built Remix app, run background work, shut down gracefully on SIGTERM/SIGINT.
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import http from "node:http";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { migrate } from "./migrate.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function fail(message) {
  console.error(message);
  process.exit(1);
}

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

try {
  await migrate(env.DATABASE_URL);
} catch (error) {
  fail(error.message);
}

const app = express();
app.disable("x-powered-by");
app.use(build.publicPath, express.static(resolve(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(resolve(root, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: env.NODE_ENV }));

const { requestStarted, requestEnded, serveWebhook } = build.entry.module;
// Shopify's webhook endpoints are answered before Express and Remix (ADR 0006); the job worker
// yields to whatever is in flight.
const server = http.createServer((req, res) => {
  requestStarted();
  res.once("close", requestEnded);
  if (!serveWebhook(req, res)) app(req, res);
});
server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  console.info(JSON.stringify({ time: new Date().toISOString(), level: "info", message: "listening", url: `http://${address.address}:${address.port}` }));
});
server.keepAliveTimeout = 65_000;
const stopBackgroundWork = build.entry.module.startBackgroundWork();

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.info(JSON.stringify({ time: new Date().toISOString(), level: "info", message: "shutting down", signal }));
  server.close();
  server.closeIdleConnections?.();
  await stopBackgroundWork();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
