// A storefront that stands where Shopify stands: it serves a page rendered from the theme blocks
// plus the extension's assets, and forwards `/apps/privacy/*` to the app's `/proxy/*` the way
// Shopify's app proxy does (sandbox/storefront/app-proxy-forwarder.ts).
import { Recorder } from "../recorder";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  forwardToAppProxy,
  isAppProxyPath,
  isExtensionAssetPath,
  serveExtensionAsset,
  type AppProxyTarget,
  type ForwardedCall,
} from "../../../sandbox/storefront/app-proxy-forwarder";

export type { ForwardedCall };

export interface ShopifyStorefront {
  url: string;
  /** Replaces the page served at "/"; `customerId` is who Shopify says is signed in (null: a guest). */
  setPage(html: string, options?: { customerId?: string | null }): void;
  forwarded: ForwardedCall[];
  /** Resolves once a forwarded call (with the app's answer) matches. */
  waitForForward(match: (c: ForwardedCall) => boolean, timeoutMs?: number): Promise<ForwardedCall>;
  close(): Promise<void>;
}

export type ShopifyProxyOptions = AppProxyTarget;

export async function startShopifyStorefront(options: ShopifyProxyOptions): Promise<ShopifyStorefront> {
  let page = "<!doctype html><title>empty</title>";
  let customerId: string | null = null;
  const recorder = new Recorder<ForwardedCall>("forwarded call");
  const forwarded = recorder.items;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handled =
      url.pathname === "/"
        ? Promise.resolve(res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(page))
        : isExtensionAssetPath(url.pathname)
          ? serveExtensionAsset(res, url.pathname)
          : isAppProxyPath(url.pathname)
            ? forwardToAppProxy(options, customerId, req, res, url).then((call) => recorder.push(call))
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
