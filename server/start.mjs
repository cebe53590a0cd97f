// Production entry (`npm start`): validate configuration, apply pending migrations, serve the
// built Remix app, run background work, shut down gracefully on SIGTERM/SIGINT.
//
// This is always production: Remix and Express run in production mode whatever NODE_ENV says, so
// no response carries a stack trace or an exception message (ADR 0009). Requests no route could
// answer sensibly (methods outside HTTP's usual set, targets that are not valid percent-encoding,
// absurdly long targets) are refused here with a short 4xx before Express or Remix see them.
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { resolve } from "node:path";
import { migrate } from "./migrate.mjs";
import { fail, loadBuild, root } from "./load-build.mjs";


function logLine(level, message, fields = {}) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.info(line);
}

const build = await loadBuild();
const env = build.entry.module.loadEnv();

try {
  await migrate(env.DATABASE_URL);
} catch (error) {
  fail(error.message);
}

const { requestStarted, requestEnded, serveWebhook, edgeRefusal, DEFAULT_RESPONSE_HEADERS, DRAIN_LIMIT, forwardedFor, withServerTiming } = build.entry.module;

const app = express();
app.set("env", "production");
app.disable("x-powered-by");
app.use(build.publicPath, express.static(resolve(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(resolve(root, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: (req) => ({ requestId: req.requestId }) }));
// Express's own errors (a static file it could not read, a body it could not decode): the status it
// chose if it is a client error, else 500; never its message.
app.use((error, req, res, _next) => {
  const status = Number.isInteger(error?.status) && error.status >= 400 && error.status < 500 ? error.status : 500;
  logLine(status >= 500 ? "error" : "warn", "request failed in express", { requestId: req.requestId, status, errorName: error?.name ?? typeof error });
  if (res.headersSent) return void res.destroy();
  res.status(status).type("text/plain").set("Cache-Control", "no-store").send(`${status >= 500 ? "Something went wrong" : "Bad request"}. Reference: ${req.requestId}`);
});

/** Fills in the headers every response carries unless the handler set its own. */
function withDefaultHeaders(res) {
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    for (const [name, value] of Object.entries(DEFAULT_RESPONSE_HEADERS)) if (!this.hasHeader(name)) this.setHeader(name, value);
    return writeHead.apply(this, args);
  };
}

/**
 * A response sent before the request body was read (a 405, 401 or 302 that had no use for it):
 * the rest of the body is read and thrown away, as Node does when no handler touched the body (the
 * Remix adapter did, so Node leaves it). Otherwise it sits unread in front of the next request on
 * a kept-alive connection, and closing instead makes the client's kernel reset the connection
 * while it still sends, which can destroy the answer. Past DRAIN_LIMIT the connection is cut.
 */
function drainUnreadBody(req, res) {
  res.once("finish", () => {
    if (req.complete || req.destroyed) return;
    let size = 0;
    req.removeAllListeners("data");
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT) req.socket.destroy();
    });
    req.resume();
  });
}

// Shopify's webhook endpoints are answered before Express and Remix (ADR 0006); the job worker
// yields to whatever is in flight.
const server = http.createServer((req, res) => {
  requestStarted();
  res.once("close", requestEnded);
  const requestId = randomBytes(8).toString("hex");
  req.requestId = requestId;
  res.setHeader("X-Request-Id", requestId);
  withDefaultHeaders(res);
  drainUnreadBody(req, res);
  const refusal = edgeRefusal(req.method, req.url);
  if (refusal) {
    logLine("warn", "request refused", { requestId, status: refusal.status, reason: refusal.reason });
    // No "Connection: close": a client still sending a body would be reset and could lose this
    // answer; the body is drained instead (drainUnreadBody, cut past DRAIN_LIMIT).
    res.writeHead(refusal.status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...refusal.headers });
    res.end(`${refusal.text}. Reference: ${requestId}`);
    return;
  }
  // This server is the last hop: it appends the address it sees, as a proxy would, and the rate
  // limits read the client from the right through TRUST_PROXY_HOPS (app/platform/http/client-address.ts).
  req.headers["x-forwarded-for"] = forwardedFor(req.headers["x-forwarded-for"], req.socket.remoteAddress);
  // Each request's phases are timed into its Server-Timing header (app/platform/http/server-timing.server.ts).
  if (!serveWebhook(req, res)) withServerTiming(() => app(req, res));
});
server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  logLine("info", "listening", { url: `http://${address.address}:${address.port}` });
});
server.keepAliveTimeout = 65_000;
const stopBackgroundWork = build.entry.module.startBackgroundWork();

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  logLine("info", "shutting down", { signal });
  server.close();
  server.closeIdleConnections?.();
  await stopBackgroundWork();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
