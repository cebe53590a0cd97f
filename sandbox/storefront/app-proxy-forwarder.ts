// What Shopify's app proxy does with `/apps/privacy/*` on a storefront: cookies stripped; shop,
// logged_in_customer_id, path_prefix, timestamp and signature appended; method and body passed
// through; the app's answer relayed. Used by the sandbox storefront and the browser tests.
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { PATH_PREFIX, signedProxyUrl } from "../signing/app-proxy";
import { ASSETS_DIR, DEFAULT_ASSET_BASE } from "./render";

export interface AppProxyTarget {
  appUrl: string;
  secret: string;
  shop: string;
}

export interface ForwardedCall {
  method: string;
  /** The storefront path and query the browser asked for. */
  path: string;
  /** The app's status. */
  status: number;
  contentType: string;
}

const ASSET_TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };
// Request headers Shopify passes on; Cookie (and everything tied to the storefront's own session) is not among them.
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "accept-language", "user-agent"];
const RELAYED_RESPONSE_HEADERS = ["content-type", "location", "cache-control", "retry-after"];
const MAX_BODY_BYTES = 1024 * 1024;

export function isAppProxyPath(pathname: string): boolean {
  return pathname.startsWith(`${PATH_PREFIX}/`);
}

export function isExtensionAssetPath(pathname: string): boolean {
  return pathname.startsWith(`${DEFAULT_ASSET_BASE}/`);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      // Shopify's proxy caps bodies too; the app answers 413 for what passes this.
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Serves the theme app extension's own assets the way `asset_url` points at them. */
export async function serveExtensionAsset(res: ServerResponse, pathname: string): Promise<void> {
  const name = decodeURIComponent(pathname.slice(DEFAULT_ASSET_BASE.length + 1));
  const type = ASSET_TYPES[path.extname(name)];
  const content = type && !name.includes("/") && !name.includes("..") ? await readFile(path.join(ASSETS_DIR, name)).catch(() => null) : null;
  res.writeHead(content ? 200 : 404, content && type ? { "Content-Type": type, "Cache-Control": "no-store" } : {});
  res.end(content ?? "");
}

/** Forwards one storefront request under PATH_PREFIX to the app, signed, and relays the answer. */
export async function forwardToAppProxy(target: AppProxyTarget, customerId: string | null, req: IncomingMessage, res: ServerResponse, url: URL): Promise<ForwardedCall> {
  const method = req.method ?? "GET";
  const body = await readBody(req);
  const signed = signedProxyUrl(
    target.appUrl,
    url.pathname.slice(PATH_PREFIX.length),
    { shop: target.shop, customerId: customerId ?? "", pathPrefix: PATH_PREFIX, query: [...url.searchParams] },
    target.secret,
  );
  const headers: Record<string, string> = { "X-Forwarded-For": req.socket.remoteAddress ?? "127.0.0.1" };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  const answer = await fetch(signed, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : new Uint8Array(body), redirect: "manual" });
  const payload = Buffer.from(await answer.arrayBuffer());
  const relayed: Record<string, string> = {};
  for (const name of RELAYED_RESPONSE_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) relayed[name] = value;
  }
  const contentType = answer.headers.get("content-type") ?? "";
  // Shopify renders application/liquid inside the theme; the HTML itself is what matters here.
  if (contentType.startsWith("application/liquid")) relayed["content-type"] = "text/html; charset=utf-8";
  res.writeHead(answer.status, relayed);
  res.end(payload);
  return { method, path: url.pathname + url.search, status: answer.status, contentType };
}
