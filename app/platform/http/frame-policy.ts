// Who may frame the app's pages, and where /auth/exit-iframe may send the top window (ADR 0009).
// Pure: the shop passed in must already be verified (document-headers.server.ts).

const SHOP = /^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/;

export function isShopDomain(value: string | null | undefined): value is string {
  return typeof value === "string" && SHOP.test(value);
}

/** frame-ancestors for a document: the shop's admin (both of its hosts), or nobody. */
export function frameAncestors(shop: string | null): string {
  return isShopDomain(shop) ? `frame-ancestors https://${shop} https://admin.shopify.com` : "frame-ancestors 'none'";
}

/**
 * The URL /auth/exit-iframe may open in the top window, or null (answered 400): a path of this app,
 * an absolute URL on this app's origin, or the admin of the shop named in the request
 * (https://{shop}/admin/... or https://admin.shopify.com/store/{handle}/...). Anything else would
 * make the app's own origin a redirector for phishing.
 */
export function exitIframeDestination(raw: string | null, appUrl: string, shop: string | null): string | null {
  if (!raw || raw.length > 2048 || /[\s\\]/.test(raw) || [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  const app = new URL(appUrl);
  if (raw.startsWith("/")) {
    if (raw.startsWith("//")) return null;
    return new URL(raw, app).toString();
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.origin === app.origin) return url.toString();
  if (url.protocol !== "https:" || !isShopDomain(shop) || url.port) return null;
  if (url.hostname === shop && (url.pathname === "/admin" || url.pathname.startsWith("/admin/"))) return url.toString();
  const handle = shop.slice(0, -".myshopify.com".length);
  if (url.hostname === "admin.shopify.com" && (url.pathname === `/store/${handle}` || url.pathname.startsWith(`/store/${handle}/`))) return url.toString();
  return null;
}
