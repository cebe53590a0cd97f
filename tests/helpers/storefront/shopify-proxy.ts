// A storefront that stands where Shopify stands: it serves a page rendered from the theme blocks
// plus the extension's assets, and forwards `/apps/privacy/*` to the app's `/proxy/*` the way
// Shopify's app proxy does (cookies stripped; shop, logged_in_customer_id, path_prefix, timestamp
// and signature appended; method and body passed through; the app's answer relayed).
import { Recorder } from "../recorder";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { PATH_PREFIX, signedProxyUrl } from "../app-proxy";
import { ASSETS_DIR, DEFAULT_ASSET_BASE } from "./render";

export interface ForwardedCall {
  method: string;
  /** The storefront path and query the browser asked for. */
  path: string;
  /** The app's status. */
  status: number;
  contentType: string;
}

export interface ShopifyStorefront {
  url: string;
  /** Replaces the page served at "/"; `customerId` is who Shopify says is signed in (null: a guest). */
  setPage(html: string, options?: { customerId?: string | null }): void;
  forwarded: ForwardedCall[];
  /** Resolves once a forwarded call (with the app's answer) matches. */
  waitForForward(match: (c: ForwardedCall) => boolean, timeoutMs?: number): Promise<ForwardedCall>;
  close(): Promise<void>;
}

export interface ShopifyProxyOptions {
  appUrl: string;
  secret: string;
  shop: string;
}

const ASSET_TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };
// Request headers Shopify passes on; Cookie (and everything tied to the storefront's own session) is not among them.
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "accept-language", "user-agent"];
const RELAYED_RESPONSE_HEADERS = ["content-type", "location", "cache-control", "retry-after"];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function serveAsset(res: ServerResponse, pathname: string): Promise<void> {
  const name = decodeURIComponent(pathname.slice(DEFAULT_ASSET_BASE.length + 1));
  const type = ASSET_TYPES[path.extname(name)];
  const content = type && !name.includes("/") && !name.includes("..") ? await readFile(path.join(ASSETS_DIR, name)).catch(() => null) : null;
  res.writeHead(content ? 200 : 404, content && type ? { "Content-Type": type, "Cache-Control": "no-store" } : {});
  res.end(content ?? "");
}

export async function startShopifyStorefront(options: ShopifyProxyOptions): Promise<ShopifyStorefront> {
  let page = "<!doctype html><title>empty</title>";
  let customerId: string | null = null;
  const recorder = new Recorder<ForwardedCall>("forwarded call");
  const forwarded = recorder.items;

  async function forward(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const body = await readBody(req);
    const target = signedProxyUrl(
      options.appUrl,
      url.pathname.slice(PATH_PREFIX.length),
      { shop: options.shop, customerId: customerId ?? "", pathPrefix: PATH_PREFIX, query: [...url.searchParams] },
      options.secret,
    );
    const headers: Record<string, string> = { "X-Forwarded-For": req.socket.remoteAddress ?? "127.0.0.1" };
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const answer = await fetch(target, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : new Uint8Array(body), redirect: "manual" });
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
    recorder.push({ method, path: url.pathname + url.search, status: answer.status, contentType });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handled =
      url.pathname === "/"
        ? Promise.resolve(res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(page))
        : url.pathname.startsWith(`${DEFAULT_ASSET_BASE}/`)
          ? serveAsset(res, url.pathname)
          : url.pathname.startsWith(`${PATH_PREFIX}/`)
            ? forward(req, res, url)
            : Promise.resolve(res.writeHead(404).end());
    handled.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(`storefront proxy failed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    setPage(html, next = {}) {
      page = html;
      customerId = next.customerId ?? null;
    },
    forwarded,
    waitForForward(match, timeoutMs = 10_000) {
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
