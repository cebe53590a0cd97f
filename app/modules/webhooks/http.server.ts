import type { IncomingMessage, ServerResponse } from "node:http";
import { errorFields, log } from "../../platform/logger.server";
import { DRAIN_LIMIT } from "../../platform/http/body.server";
import { WEBHOOK_BODY_LIMIT, WEBHOOK_ENDPOINTS, receiveDelivery, type WebhookAnswer } from "./intake.server";

/**
 * Answers Shopify's webhook endpoints straight from node:http, before Express and Remix (ADR 0006):
 * the same verification, storage and statuses as the Remix routes, which stay for any other path
 * shape. Returns false for every other request.
 */
export function serveWebhook(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "").split("?", 1)[0]!;
  const accepted = Object.hasOwn(WEBHOOK_ENDPOINTS, path) ? WEBHOOK_ENDPOINTS[path] : undefined;
  if (!accepted) return false;
  if (req.method !== "POST") {
    answer(res, { status: 405, text: "Method not allowed", headers: { Allow: "POST" } });
    req.resume();
    return true;
  }
  readBody(req, (body) => {
    if (body === "too large") {
      answer(res, { status: 413, text: "Payload too large", headers: { Connection: "close" } });
      return;
    }
    const headers = new Headers();
    const raw = req.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    receiveDelivery({ method: "POST", headers, body }, accepted).then(
      (result) => answer(res, result),
      (error: unknown) => {
        // The reference is the X-Request-Id server/start.mjs set on this response.
        const requestId = String(res.getHeader("X-Request-Id") ?? "-");
        log.error("webhook intake failed", { requestId, ...errorFields(error) });
        answer(res, { status: 500, text: `Internal error. Reference: ${requestId}` });
      },
    );
  });
  return true;
}

function answer(res: ServerResponse, { status, text, headers }: WebhookAnswer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers });
  res.end(text);
}

/**
 * The body up to WEBHOOK_BODY_LIMIT. An oversized one is drained without keeping it, so the 413
 * reaches the client (closing while it still sends makes its kernel reset the connection), unless
 * it is absurdly large (declared or sent), then the 413 goes out at once with Connection: close.
 */
function readBody(req: IncomingMessage, done: (body: Buffer | "too large") => void): void {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > DRAIN_LIMIT) {
    done("too large");
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (body: Buffer | "too large") => {
    if (finished) return;
    finished = true;
    done(body);
  };
  req.on("data", (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size > DRAIN_LIMIT) {
      req.removeAllListeners("data");
      req.pause();
      finish("too large");
      return;
    }
    if (size <= WEBHOOK_BODY_LIMIT) chunks.push(chunk);
  });
  req.on("end", () => finish(size > WEBHOOK_BODY_LIMIT ? "too large" : Buffer.concat(chunks, size)));
  req.on("error", () => {
    finished = true; // the client went away: nothing to answer
  });
}
