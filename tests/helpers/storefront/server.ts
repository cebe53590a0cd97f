// A tiny storefront for browser tests: serves one rendered page and the extension's assets, and
// answers the app proxy endpoints the way the real app must (see extensions/privacy-consent/README.md),
// recording every proxy request so tests can assert what the storefront sent.
import { Recorder } from "../recorder";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ASSETS_DIR, DEFAULT_ASSET_BASE } from "../../../sandbox/storefront/render";

export const PROXY_BASE = "/apps/privacy";
export const TEST_REFERENCE = "PR-7KQ2-M9XD";
/** A guest's request still waiting for its emailed code (the status lookup reopens the code step). */
export const WAITING_REFERENCE = "PR-WAIT-CODE";
export const TEST_CODE = "428913";

export interface ProxyRecord {
  method: string;
  path: string;
  contentType: string;
  accept: string;
  body: string;
}

export interface StorefrontServer {
  url: string;
  /** Replaces the HTML served at "/" and forgets what was recorded so far. */
  setPage(html: string, options?: { customerLoggedIn?: boolean }): void;
  records: ProxyRecord[];
  /** Waits until a recorded proxy request matches. */
  waitFor(match: (r: ProxyRecord) => boolean, timeoutMs?: number): Promise<ProxyRecord>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const REQUEST_TYPES = new Set(["access", "portability", "rectification", "erasure", "do_not_sell"]);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(JSON.stringify(body));
}

function wantsJson(req: IncomingMessage): boolean {
  return (req.headers.accept ?? "").includes("application/json");
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location });
  res.end();
}

// The reference implementation of the proxy contract, minus persistence and email.
function answerProxy(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  body: string,
  customerLoggedIn: boolean,
): void {
  const method = req.method ?? "GET";
  if (method === "POST" && route === "/consent") {
    res.writeHead(204);
    res.end();
    return;
  }
  if (method === "POST" && route === "/requests") {
    const form = new URLSearchParams(body);
    const fields: Record<string, string> = {};
    if (!REQUEST_TYPES.has(form.get("type") ?? "")) fields.type = "invalid";
    if (!EMAIL.test(form.get("email") ?? "")) fields.email = "invalid";
    if (Object.keys(fields).length) {
      if (wantsJson(req)) json(res, 422, { error: "invalid", fields });
      else {
        res.writeHead(422, { "Content-Type": "text/html; charset=utf-8" });
        res.end("<!doctype html><title>Check the form</title><p>Please go back and check the form.</p>");
      }
      return;
    }
    // Shopify's logged_in_customer_id already proves who a signed-in customer is: no code step.
    const created = { reference: TEST_REFERENCE, status: customerLoggedIn ? "verified" : "awaiting_verification" };
    if (wantsJson(req)) json(res, 201, created);
    else redirect(res, `${PROXY_BASE}/requests/${TEST_REFERENCE}`);
    return;
  }
  if (method === "GET" && route === "/requests") {
    // The no-JS status lookup form: GET ?reference=... goes to the request's own page.
    const reference = new URL(req.url ?? "/", "http://127.0.0.1").searchParams.get("reference") ?? "";
    redirect(res, `${PROXY_BASE}/requests/${encodeURIComponent(reference.trim())}`);
    return;
  }
  const verify = /^\/requests\/([^/]+)\/verify$/.exec(route);
  if (method === "POST" && verify) {
    const ok = verify[1] === TEST_REFERENCE && new URLSearchParams(body).get("code") === TEST_CODE;
    if (!wantsJson(req)) redirect(res, `${PROXY_BASE}/requests/${verify[1]}`);
    else if (ok) json(res, 200, { reference: TEST_REFERENCE, status: "verified" });
    else json(res, 422, { error: "invalid_code" });
    return;
  }
  const resend = /^\/requests\/([^/]+)\/resend$/.exec(route);
  if (method === "POST" && resend) {
    if (resend[1] === WAITING_REFERENCE) json(res, 200, { reference: WAITING_REFERENCE, status: "awaiting_verification" });
    else json(res, 404, { error: "not_found" });
    return;
  }
  const status = /^\/requests\/([^/]+)$/.exec(route);
  if (method === "GET" && status) {
    const ref = decodeURIComponent(status[1] ?? "");
    if (ref === WAITING_REFERENCE && wantsJson(req)) {
      json(res, 200, { reference: WAITING_REFERENCE, status: "awaiting_verification" });
      return;
    }
    const found = ref === TEST_REFERENCE;
    if (wantsJson(req)) {
      if (found) json(res, 200, { reference: TEST_REFERENCE, status: "in_progress" });
      else json(res, 404, { error: "not_found" });
    } else {
      // The real app renders a Liquid page through the proxy here; a stub is enough for tests.
      res.writeHead(found ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>Request</title><h1>${found ? TEST_REFERENCE : "Not found"}</h1>`);
    }
    return;
  }
  json(res, 404, { error: "not_found" });
}

export async function startStorefront(html = "<!doctype html><title>empty</title>"): Promise<StorefrontServer> {
  let page = html;
  let customerLoggedIn = false;
  const recorder = new Recorder<ProxyRecord>("proxy request");
  const records = recorder.items;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (url.pathname === "/") {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
        res.end(page);
        return;
      }
      if (url.pathname === "/favicon.ico") {
        res.writeHead(204);
        res.end();
        return;
      }
      if (url.pathname.startsWith(`${DEFAULT_ASSET_BASE}/`)) {
        const name = decodeURIComponent(url.pathname.slice(DEFAULT_ASSET_BASE.length + 1));
        const type = TYPES[path.extname(name)];
        if (!type || name.includes("/") || name.includes("..")) {
          res.writeHead(404);
          res.end();
          return;
        }
        const content = await readFile(path.join(ASSETS_DIR, name)).catch(() => null);
        res.writeHead(content ? 200 : 404, { "Content-Type": type, "Cache-Control": "no-store" });
        res.end(content ?? "");
        return;
      }
      if (url.pathname.startsWith(`${PROXY_BASE}/`)) {
        const body = await readBody(req);
        recorder.push({
          method: req.method ?? "GET",
          path: url.pathname + url.search,
          contentType: req.headers["content-type"] ?? "",
          accept: req.headers.accept ?? "",
          body,
        });
        answerProxy(req, res, url.pathname.slice(PROXY_BASE.length), body, customerLoggedIn);
        return;
      }
      res.writeHead(404);
      res.end();
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    setPage(next, options = {}) {
      page = next;
      customerLoggedIn = options.customerLoggedIn ?? false;
      recorder.clear();
    },
    records,
    waitFor(match, timeoutMs = 5_000) {
      return recorder.waitFor(match, timeoutMs);
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
