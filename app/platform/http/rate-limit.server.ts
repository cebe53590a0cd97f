import { createHmac, randomBytes } from "node:crypto";
import { FixedWindowLimiter, type LimitDecision } from "./rate-window";
import { env } from "../env.server";

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
 * The shopper's address as Shopify forwards it: the app proxy sets X-Forwarded-For to the client
 * IP. The first entry is used; a hosting proxy in front of the app appends after it.
 */
export function addressHash(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for") ?? "";
  const address = forwarded.split(",")[0]?.trim() || "unknown";
  return createHmac("sha256", ADDRESS_KEY).update(address).digest("base64url").slice(0, 22);
}

export function checkRateLimit(kind: LimitClass, shop: string, request: Request, nowMs = Date.now()): LimitDecision {
  const config = env();
  const byAddress = limiter(`${kind}:ip`, config.PROXY_RATE_LIMIT_PER_MINUTE).hit(addressHash(request), nowMs);
  if (!byAddress.allowed) return byAddress;
  return limiter(`${kind}:shop`, config.PROXY_SHOP_RATE_LIMIT_PER_MINUTE * SHOP_FACTOR[kind]).hit(shop, nowMs);
}
