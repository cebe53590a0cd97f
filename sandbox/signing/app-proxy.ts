// Requests as Shopify's app proxy forwards them: query parameters added and signed with the app
// secret (drop `signature`; `key=value` per parameter, repeated values joined by ","; sort;
// concatenate with no separator; hex HMAC-SHA256).
import { createHmac } from "node:crypto";

export const PATH_PREFIX = "/apps/privacy";

export function proxySignature(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped].map(([key, values]) => `${key}=${values.join(",")}`).sort().join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface ProxyParams {
  shop: string;
  /** A signed-in customer's numeric id; omitted or "" for a guest. */
  customerId?: string;
  /** Seconds since the epoch; now unless given. */
  timestamp?: number;
  pathPrefix?: string;
  /** The storefront's own query parameters (e.g. reference), signed along with Shopify's. */
  query?: [string, string][];
}

export function proxyQuery(p: ProxyParams): URLSearchParams {
  const params = new URLSearchParams(p.query ?? []);
  params.append("shop", p.shop);
  params.append("logged_in_customer_id", p.customerId ?? "");
  params.append("path_prefix", p.pathPrefix ?? PATH_PREFIX);
  params.append("timestamp", String(p.timestamp ?? Math.floor(Date.now() / 1000)));
  return params;
}

/** `{app}/proxy{route}?...&signature=...` as Shopify would call it. */
export function signedProxyUrl(appUrl: string, route: string, p: ProxyParams, secret: string): URL {
  const params = proxyQuery(p);
  params.append("signature", proxySignature(params, secret));
  const url = new URL(`/proxy${route}`, appUrl);
  url.search = params.toString();
  return url;
}
