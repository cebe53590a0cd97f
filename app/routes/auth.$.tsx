import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "../platform/env.server";
import { errorFields, log } from "../platform/logger.server";
import { plainResponse } from "../platform/http/body.server";
import { verifiedShop } from "../platform/http/document-headers.server";
import { exitIframeDestination, isShopDomain } from "../platform/http/frame-policy";
import { authenticate } from "../platform/shopify/shopify.server";

const EXIT_IFRAME_PATH = "/auth/exit-iframe";

/** What the library renders for exit-iframe (App Bridge, then the top window goes on), for a checked destination. */
function exitIframePage(destination: string, shop: string | null): Response {
  const script = (value: string) => JSON.stringify(value).replaceAll("<", "\\u003c");
  const body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Redirecting</title>
<script data-api-key="${env().SHOPIFY_API_KEY.replace(/[^A-Za-z0-9_-]/g, "")}" src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>
<script>window.open(${script(destination)}, "_top")</script></head><body></body></html>`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": shop ? `frame-ancestors https://${shop} https://admin.shopify.com` : "frame-ancestors https://admin.shopify.com",
    },
  });
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const shopParam = url.searchParams.get("shop");
  const shop = isShopDomain(shopParam) ? shopParam : null;
  // The library opens any http(s) URL in the top window from here; only the app itself and the
  // shop's admin are destinations (ADR 0009).
  if (url.pathname === EXIT_IFRAME_PATH) {
    const destination = exitIframeDestination(url.searchParams.get("exitIframe"), env().SHOPIFY_APP_URL, shop);
    if (!destination) return plainResponse(400, "Bad request: not a destination this app redirects to");
    return exitIframePage(destination, shop);
  }
  try {
    await authenticate.admin(request);
    return null;
  } catch (thrown) {
    if (!(thrown instanceof Response)) {
      // These paths only read the URL (shop, host, tokens); what the library cannot parse is bad input.
      log.warn("auth path refused", errorFields(thrown));
      return plainResponse(400, "Bad request");
    }
    if (!(thrown.headers.get("content-type") ?? "").startsWith("text/html")) throw thrown;
    // The library's App Bridge pages (session-token bounce, exit-iframe) must load inside the shop's
    // admin before a session token exists; they show nothing of the app, so the shop named in the
    // URL may frame them. Only that shop and Shopify's admin, never the library's extra hosts.
    const headers = new Headers(thrown.headers);
    const framer = verifiedShop(request) ?? shop;
    headers.set("Content-Security-Policy", framer ? `frame-ancestors https://${framer} https://admin.shopify.com` : "frame-ancestors https://admin.shopify.com");
    throw new Response(thrown.body, { status: thrown.status, headers });
  }
};
