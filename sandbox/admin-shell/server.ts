/**
 * A loopback "Shopify admin" for a normal browser tab: a reverse proxy in front of the running app.
 *
 *   const shell = await startAdminShell({ appOrigin: app.url, apiKey, apiSecret, shop });
 *   // open shell.url + "/app" in any browser; await shell.close();
 *
 * Every request is forwarded to the app with `Authorization: Bearer <fresh session token>` (what App
 * Bridge's fetch adds inside the real admin), HTML pages get the App Bridge script swapped for a
 * local stub (/__sandbox/app-bridge.js: window.shopify, the <ui-nav-menu> as a visible navigation
 * bar, a "Sandbox — not a real Shopify admin" banner), and nothing is fetched from cdn.shopify.com.
 * Non-HTML answers (exports, downloads) are streamed through untouched.
 *
 * The acting staff user id (the token's `sub`) is `userId` (default "42"), or whatever a browser
 * chose with `?__sandbox_user=<digits>` on any page (kept in a cookie for that browser).
 *
 * It signs tokens for anyone who can reach it: keep it on loopback, never in front of real data.
 */
import { readFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { signSessionToken } from "../signing/session-token";

export interface AdminShellOptions {
  /** Origin of the running app, e.g. `http://127.0.0.1:3000`. */
  appOrigin: string;
  apiKey: string;
  apiSecret: string;
  /** `*.myshopify.com` the session tokens name. */
  shop: string;
  /** Default acting staff user id (numeric string); default "42". */
  userId?: string;
  /** 0 or omitted picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface AdminShell {
  /** Origin of the shell, e.g. `http://127.0.0.1:43121`; open `${url}/app`. */
  url: string;
  close(): Promise<void>;
}

export const APP_BRIDGE_CDN_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
export const APP_BRIDGE_STUB_PATH = "/__sandbox/app-bridge.js";
export const SESSION_TOKEN_PATH = "/__sandbox/session-token";
export const USER_QUERY_PARAM = "__sandbox_user";
const USER_COOKIE = "__sandbox_user";
const USER_ID = /^\d{1,20}$/;
const MAX_HTML_BYTES = 16 * 1024 * 1024;
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

// RFC 9110 hop-by-hop headers, plus those the proxy sets itself.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection"]);

const STUB_SOURCE = readFileSync(new URL("./app-bridge-stub.js", import.meta.url), "utf8");

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/** The request's cookies minus the shell's own: the app never sees sandbox state. */
function withoutShellCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const kept = header
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "" && !part.startsWith(`${USER_COOKIE}=`));
  return kept.length ? kept.join("; ") : undefined;
}

/**
 * Swaps App Bridge for the stub and points any other cdn.shopify.com reference (the root's
 * preconnect) at the shell. Attributes change, elements never move: React hydrates this document.
 */
export function rewriteHtml(html: string): string {
  const hasAppBridge = html.includes(APP_BRIDGE_CDN_URL);
  let out = html.replaceAll(APP_BRIDGE_CDN_URL, APP_BRIDGE_STUB_PATH).replace(/https:\/\/cdn\.shopify\.com\/[^"'\s)]*/g, "/");
  // Pages without App Bridge still get the banner. React tolerates extra nodes at the end of <body>.
  const end = out.lastIndexOf("</body>");
  if (!hasAppBridge && end >= 0) out = `${out.slice(0, end)}<script src="${APP_BRIDGE_STUB_PATH}"></script>${out.slice(end)}`;
  return out;
}

/** The app's `Link: <https://cdn.shopify.com/.../app-bridge.js>; rel="preload"` points at the stub. */
export function rewriteLinkHeader(value: string): string {
  return value.replaceAll(`<${APP_BRIDGE_CDN_URL}>`, `<${APP_BRIDGE_STUB_PATH}>`);
}

function stubScript(shop: string, apiKey: string, userId: string): string {
  const config = JSON.stringify({ shop, apiKey, userId, tokenPath: SESSION_TOKEN_PATH, userParam: USER_QUERY_PARAM }).replaceAll("<", "\\u003c");
  return `window.__SANDBOX_ADMIN__ = ${config};\n${STUB_SOURCE}`;
}

function send(res: ServerResponse, status: number, type: string, body: string, extra: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store", ...extra });
  res.end(body);
}

export async function startAdminShell(options: AdminShellOptions): Promise<AdminShell> {
  const app = new URL(options.appOrigin);
  if (app.protocol !== "http:") throw new Error(`appOrigin must be an http:// origin, got ${options.appOrigin}`);
  if (!SHOP_DOMAIN.test(options.shop)) throw new Error(`shop must be a *.myshopify.com domain, got ${options.shop}`);
  const defaultUser = options.userId ?? "42";
  if (!USER_ID.test(defaultUser)) throw new Error("userId must be a numeric string");
  if (!options.apiKey || !options.apiSecret) throw new Error("apiKey and apiSecret are required");
  let shellOrigin = "";

  const actingUser = (req: IncomingMessage): string => {
    const chosen = cookieValue(req.headers.cookie, USER_COOKIE);
    return chosen && USER_ID.test(chosen) ? chosen : defaultUser;
  };
  const token = (userId: string) => signSessionToken({ apiKey: options.apiKey, apiSecret: options.apiSecret, shop: options.shop, userId });

  const forward = (req: IncomingMessage, res: ServerResponse, userId: string) => {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name) || name === "host" || name === "cookie" || name === "accept-encoding") continue;
      headers[name] = value;
    }
    const cookie = withoutShellCookie(req.headers.cookie);
    if (cookie) headers.cookie = cookie;
    headers.host = app.host;
    // Uncompressed, so HTML can be rewritten; this is loopback.
    headers["accept-encoding"] = "identity";
    if (!req.headers.authorization) headers.authorization = `Bearer ${token(userId)}`;

    const upstream = httpRequest({ hostname: app.hostname, port: app.port || 80, method: req.method, path: req.url, headers }, (answer) => relay(answer, res));
    upstream.on("error", (error) => {
      if (res.headersSent) res.destroy(error);
      else send(res, 502, "text/plain; charset=utf-8", `The admin shell could not reach the app at ${app.origin}: ${error.message}\n`);
    });
    req.on("aborted", () => upstream.destroy());
    req.pipe(upstream);
  };

  const relay = (answer: IncomingMessage, res: ServerResponse) => {
    const headers = responseHeaders(answer.headers);
    const html = String(answer.headers["content-type"] ?? "").startsWith("text/html");
    if (!html) {
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
      res.on("close", () => answer.destroy());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    answer.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_HTML_BYTES) {
        answer.destroy();
        if (!res.headersSent) send(res, 502, "text/plain; charset=utf-8", "The app's HTML page is too large for the admin shell.\n");
        return;
      }
      chunks.push(chunk);
    });
    answer.on("end", () => {
      if (res.headersSent) return;
      const body = rewriteHtml(Buffer.concat(chunks).toString("utf8"));
      delete headers["content-length"];
      res.writeHead(answer.statusCode ?? 502, { ...headers, "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
    answer.on("error", (error) => res.destroy(error));
  };

  const responseHeaders = (incoming: IncomingHttpHeaders): OutgoingHttpHeaders => {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(incoming)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      headers[name] = value;
    }
    const link = incoming.link;
    if (typeof link === "string") headers.link = rewriteLinkHeader(link);
    const location = incoming.location;
    if (typeof location === "string" && location.startsWith(app.origin)) headers.location = shellOrigin + location.slice(app.origin.length);
    return headers;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://shell.invalid");
    if (url.pathname === APP_BRIDGE_STUB_PATH && (req.method === "GET" || req.method === "HEAD")) {
      send(res, 200, "text/javascript; charset=utf-8", stubScript(options.shop, options.apiKey, actingUser(req)));
      return;
    }
    if (url.pathname === SESSION_TOKEN_PATH) {
      if (req.method !== "GET") return send(res, 405, "text/plain; charset=utf-8", "GET only\n", { Allow: "GET" });
      // No CORS headers: only pages served by the shell can read a token.
      return send(res, 200, "application/json; charset=utf-8", JSON.stringify({ token: token(actingUser(req)) }));
    }
    if (url.pathname.startsWith("/__sandbox/")) return send(res, 404, "text/plain; charset=utf-8", "Not found\n");
    const chosen = url.searchParams.get(USER_QUERY_PARAM);
    if (chosen !== null) {
      if (!USER_ID.test(chosen)) return send(res, 400, "text/plain; charset=utf-8", `${USER_QUERY_PARAM} must be a numeric staff user id\n`);
      url.searchParams.delete(USER_QUERY_PARAM);
      const target = `${url.pathname}${url.search}`;
      return send(res, 303, "text/plain; charset=utf-8", `Acting as user ${chosen}\n`, {
        Location: target,
        "Set-Cookie": `${USER_COOKIE}=${chosen}; Path=/; HttpOnly; SameSite=Lax`,
      });
    }
    forward(req, res, actingUser(req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  shellOrigin = `http://${host}:${address.port}`;
  return {
    url: shellOrigin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
