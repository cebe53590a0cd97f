import { matchLocale, type Locale } from "../../../platform/i18n/locales";

/** Parameters Shopify adds to every proxied request; each is signed and must appear once. */
export const PROXY_PARAMS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"] as const;

export const TIMESTAMP_TOLERANCE_SECONDS = 90;
export const DEFAULT_PATH_PREFIX = "/apps/privacy";

const SHOP = /^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/;
const CUSTOMER_ID = /^[0-9]{1,20}$/;
// prefix one of a | apps | community | tools, subpath up to 30 of letters, digits, _ and -.
const PATH_PREFIX = /^\/(a|apps|community|tools)\/[A-Za-z0-9_-]{1,30}$/;

export interface ProxyQuery {
  shop: string;
  /** Set only when Shopify says a customer is signed in. */
  customerId: string | null;
  /** Where the storefront reaches the app; every Location is built from it. */
  pathPrefix: string;
  /**
   * The storefront's language when the caller says it (`locale`, signed with the rest of the
   * query: the blocks add `request.locale`), matched to a supported locale; null otherwise.
   */
  locale: Locale | null;
}

/**
 * Checks what the signature check leaves open, for a query whose signature has been verified:
 * each Shopify parameter present once (a repeated one would be read differently by different
 * parsers), a numeric timestamp within 90 s of now, and well-formed values.
 */
export function readProxyQuery(params: URLSearchParams, nowSeconds: number): ProxyQuery | null {
  for (const name of PROXY_PARAMS) if (params.getAll(name).length > 1) return null;
  const timestamp = params.get("timestamp") ?? "";
  if (!/^[0-9]{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) return null;
  if (!params.get("signature")) return null;
  const shop = (params.get("shop") ?? "").toLowerCase();
  if (!SHOP.test(shop)) return null;
  const customer = params.get("logged_in_customer_id") ?? "";
  if (customer !== "" && !CUSTOMER_ID.test(customer)) return null;
  const prefix = params.get("path_prefix") ?? "";
  return { shop, customerId: customer || null, pathPrefix: PATH_PREFIX.test(prefix) ? prefix : DEFAULT_PATH_PREFIX, locale: matchLocale(params.get("locale")) };
}

export function wantsJson(accept: string | null): boolean {
  return (accept ?? "").toLowerCase().includes("application/json");
}

/** The storefront URL of a request's status page. */
export function statusPath(pathPrefix: string, reference: string, result?: string): string {
  return `${pathPrefix}/requests/${encodeURIComponent(reference)}${result ? `?result=${encodeURIComponent(result)}` : ""}`;
}
