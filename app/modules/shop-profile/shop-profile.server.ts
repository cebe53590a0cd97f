import { db, type Tx } from "../../platform/db.server";
import { errorFields, log } from "../../platform/logger.server";
import { adminGraphql } from "../../platform/shopify/admin-client.server";
import { SHOP_TIMEZONE } from "../../platform/shopify/operations";
import { FALLBACK_TIME_ZONE, validTimeZone } from "./rules/time-zone";

// After a failed or empty answer, the admin shows UTC and asks Shopify again only after this long,
// so a Shopify outage does not slow every page.
const RETRY_MS = 10 * 60_000;
const retryAfter = new Map<string, number>();
// Shops without a Shop row yet (installed before the row existed): remembered for this process.
const unstored = new Map<string, string>();

/**
 * The shop's IANA time zone for showing times: stored on the Shop row, fetched once from the Admin
 * API (`shop { ianaTimezone }`) on the first admin load after install; UTC until Shopify answers.
 */
export async function shopTimeZone(shop: string, now = Date.now()): Promise<string> {
  const row = await db().shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } });
  const stored = validTimeZone(row?.ianaTimezone) ?? unstored.get(shop);
  if (stored) return stored;
  if ((retryAfter.get(shop) ?? 0) > now) return FALLBACK_TIME_ZONE;
  try {
    const result = await adminGraphql<{ shop: { ianaTimezone: string | null } | null }>(shop, "ShopTimezone", SHOP_TIMEZONE, {});
    const zone = validTimeZone(result.data.shop?.ianaTimezone);
    if (zone) {
      const { count } = await db().shop.updateMany({ where: { domain: shop }, data: { ianaTimezone: zone } });
      if (count === 0) unstored.set(shop, zone);
      return zone;
    }
    log.warn("shop time zone unknown, showing UTC", { shop });
  } catch (error) {
    log.warn("shop time zone could not be read, showing UTC", { shop, ...errorFields(error) });
  }
  retryAfter.set(shop, now + RETRY_MS);
  return FALLBACK_TIME_ZONE;
}

/**
 * The stored zone only, with no call to Shopify: for emails queued inside a transaction (the
 * admin's first load stores the zone; until then, UTC, named as such).
 */
export async function storedShopTimeZone(tx: Pick<Tx, "shop">, shop: string): Promise<string> {
  const row = await tx.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } });
  return validTimeZone(row?.ianaTimezone) ?? unstored.get(shop) ?? FALLBACK_TIME_ZONE;
}

/** The stored zone for a shopper's page (no call to Shopify on a storefront request). */
export function shopTimeZoneForShopper(shop: string): Promise<string> {
  return storedShopTimeZone(db(), shop);
}
