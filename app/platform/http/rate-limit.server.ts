import { createHmac, randomBytes } from "node:crypto";
import { FixedWindowLimiter, type LimitDecision } from "./rate-window";
import { env } from "../env.server";
import { clientAddress } from "./client-address";

/**
 * Per-IP and per-shop limits for the storefront endpoints, kept in this process's memory.
 *
 * Why memory is acceptable: the limits only blunt floods and form spam; what must hold exactly
 * (5 attempts per code, 3 codes per request) is counted in the database. With several instances
 * each enforces its own window, so the effective limit is at most N times the setting. A shared
 * store would cost a database write on every consent beacon.
 *
 * The IP is never stored or logged: the key is an HMAC under a random key created at start-up and
 * never written anywhere, so the map holds values nobody can link back to an address.
 */
const ADDRESS_KEY = randomBytes(32);
const WINDOW_MS = 60_000;

export type LimitClass = "consent" | "request" | "lookup" | "verify" | "resend" | "download";

// Consent beacons come once per visitor decision on every page of a busy store: allow more per shop.
const SHOP_FACTOR: Record<LimitClass, number> = { consent: 10, request: 1, lookup: 1, verify: 1, resend: 1, download: 1 };

const limiters = new Map<string, FixedWindowLimiter>();

function limiter(name: string, limit: number): FixedWindowLimiter {
  let found = limiters.get(name);
  if (!found) {
    found = new FixedWindowLimiter(limit, WINDOW_MS);
    limiters.set(name, found);
  }
  return found;
}

/**
 * Keyed hash of the client's address (client-address.ts): X-Forwarded-For is read only through the
 * TRUST_PROXY_HOPS proxies in front of the app, plus Shopify's app proxy for the storefront
 * endpoints (they run after the proxy signature was verified). Null when it cannot be known.
 */
export function addressHash(request: Request, viaShopifyProxy: boolean): string | null {
  const address = clientAddress(request.headers.get("x-forwarded-for"), env().TRUST_PROXY_HOPS + (viaShopifyProxy ? 1 : 0));
  if (!address) return null;
  return createHmac("sha256", ADDRESS_KEY).update(address).digest("base64url").slice(0, 22);
}

export function checkRateLimit(kind: LimitClass, shop: string, request: Request, nowMs = Date.now()): LimitDecision {
  const config = env();
  // An unknown address has no per-address window; the per-shop (per-endpoint) ceiling still holds.
  const address = addressHash(request, kind !== "download");
  if (address) {
    const byAddress = limiter(`${kind}:ip`, config.PROXY_RATE_LIMIT_PER_MINUTE).hit(address, nowMs);
    if (!byAddress.allowed) return byAddress;
  }
  return limiter(`${kind}:shop`, config.PROXY_SHOP_RATE_LIMIT_PER_MINUTE * SHOP_FACTOR[kind]).hit(shop, nowMs);
}
