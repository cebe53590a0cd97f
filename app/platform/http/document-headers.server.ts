import { env } from "../env.server";
import { frameAncestors } from "./frame-policy";
import { shopFromAdminHmac, shopFromSessionToken } from "./shop-proof";

/**
 * The shop a request proves it comes from: a session token (Authorization header, or `id_token` as
 * Shopify admin puts it in the iframe URL) or a `shop` parameter covered by a valid admin HMAC.
 * Never the bare `shop` parameter: anyone can write that.
 */
export function verifiedShop(request: Request, nowSeconds = Math.floor(Date.now() / 1000)): string | null {
  const { SHOPIFY_API_KEY, SHOPIFY_API_SECRET } = env();
  const url = new URL(request.url);
  const bearer = /^Bearer (\S+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  for (const token of [bearer, url.searchParams.get("id_token")]) {
    const shop = token ? shopFromSessionToken(token, SHOPIFY_API_KEY, SHOPIFY_API_SECRET, nowSeconds) : null;
    if (shop) return shop;
  }
  return shopFromAdminHmac(url.searchParams, SHOPIFY_API_SECRET, nowSeconds);
}

/** CSP frame-ancestors (and App Bridge preload) for an HTML document the app renders. */
export function setDocumentHeaders(request: Request, headers: Headers): void {
  const shop = verifiedShop(request);
  headers.set("Content-Security-Policy", frameAncestors(shop));
  if (shop) headers.set("Link", '<https://cdn.shopify.com/shopifycloud/app-bridge.js>; rel="preload"; as="script"');
  else headers.delete("Link");
}
