import { createHmac, randomBytes } from "node:crypto";
import { FixedWindowLimiter, type LimitDecision } from "./rate-window";
import { env } from "../env.server";
import { clientAddress } from "./client-address";
import { db } from "../db.server";
import { dateOf, hotSql } from "../hot-sql.server";
import { errorFields, log } from "../logger.server";

/**
 * Per-IP and per-shop limits for the storefront endpoints, counted in the database
 * (RateLimitWindow, ADR 0014) so that every instance on one database enforces one limit: windows
 * are aligned to the clock and each hit is one upsert (on SQLite without an fsync: a counter lost
 * in a crash only forgives a few hits). If the database cannot count, this process counts alone.
 * What must hold exactly (5 attempts per code, 3 codes per request) is counted transactionally
 * elsewhere.
 *
 * The IP is never stored or logged: the key is an HMAC under a key derived from BLIND_INDEX_KEY
 * (the same on every instance, never written anywhere); rows are deleted when their minute ends.
 */
const ADDRESS_KEY = process.env.BLIND_INDEX_KEY ? createHmac("sha256", process.env.BLIND_INDEX_KEY).update("rate-limit:address").digest() : randomBytes(32);
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

export async function checkRateLimit(kind: LimitClass, shop: string, request: Request, nowMs = Date.now()): Promise<LimitDecision> {
  const config = env();
  const ipLimit = config.PROXY_RATE_LIMIT_PER_MINUTE;
  const shopLimit = config.PROXY_SHOP_RATE_LIMIT_PER_MINUTE * SHOP_FACTOR[kind];
  // An unknown address has no per-address window; the per-shop (per-endpoint) ceiling still holds.
  const address = addressHash(request, kind !== "download");
  try {
    if (address) {
      const byAddress = await sharedHit(`${kind}:ip:${address}`, ipLimit, nowMs);
      if (!byAddress.allowed) return byAddress;
    }
    return await sharedHit(`${kind}:shop:${shop}`, shopLimit, nowMs);
  } catch (error) {
    log.warn("shared rate limit unavailable", errorFields(error));
    if (address) {
      const byAddress = limiter(`${kind}:ip`, ipLimit).hit(address, nowMs);
      if (!byAddress.allowed) return byAddress;
    }
    return limiter(`${kind}:shop`, shopLimit).hit(shop, nowMs);
  }
}

let nextSweepMs = 0;

/**
 * One hit in the shared window: one upsert that returns the window's count. As the in-memory
 * limiter: a key's window starts at its first hit and lasts WINDOW_MS; a hit after it starts anew.
 */
async function sharedHit(key: string, limit: number, nowMs: number, windowMs = WINDOW_MS): Promise<LimitDecision & { count: number }> {
  const now = new Date(nowMs);
  const sql = await hotSql(db());
  const [row] = await sql.relaxedRows<{ count: number; windowEnds: Date | string }>(
    `INSERT INTO "RateLimitWindow" ("key", "count", "windowEnds") VALUES (?, 1, ?)
     ON CONFLICT ("key") DO UPDATE SET
       "count" = CASE WHEN "RateLimitWindow"."windowEnds" <= ? THEN 1 ELSE "RateLimitWindow"."count" + 1 END,
       "windowEnds" = CASE WHEN "RateLimitWindow"."windowEnds" <= ? THEN excluded."windowEnds" ELSE "RateLimitWindow"."windowEnds" END
     RETURNING "count", "windowEnds"`,
    [key, new Date(nowMs + windowMs), now, now],
  );
  if (nowMs >= nextSweepMs) {
    nextSweepMs = nowMs + WINDOW_MS;
    void sql.relaxedRows(`DELETE FROM "RateLimitWindow" WHERE "windowEnds" <= ?`, [now]).catch(() => undefined);
  }
  const ends = dateOf(row?.windowEnds)?.getTime() ?? nowMs + WINDOW_MS;
  const retryAfterSeconds = Math.max(1, Math.ceil((ends - nowMs) / 1000));
  const count = Number(row?.count ?? 1);
  return { allowed: count <= limit, retryAfterSeconds, count };
}

/**
 * A hit in a shared window of any length (step-up failures, ADR 0017); the same table and sweep.
 * Unlike the storefront limits, this one fails closed: an error reaches the caller.
 */
export function sharedWindowHit(key: string, limit: number, windowMs: number, nowMs: number): Promise<LimitDecision & { count: number }> {
  return sharedHit(key, limit, nowMs, windowMs);
}

/** Hits counted in `key`'s window now (0 when it has none or it has ended), without adding one. */
export async function sharedWindowCount(key: string, nowMs: number): Promise<{ count: number; retryAfterSeconds: number }> {
  const sql = await hotSql(db());
  const [row] = await sql.relaxedRows<{ count: number; windowEnds: Date | string }>(`SELECT "count", "windowEnds" FROM "RateLimitWindow" WHERE "key" = ?`, [key]);
  const ends = dateOf(row?.windowEnds)?.getTime() ?? 0;
  return row && ends > nowMs ? { count: Number(row.count), retryAfterSeconds: Math.max(1, Math.ceil((ends - nowMs) / 1000)) } : { count: 0, retryAfterSeconds: 0 };
}
