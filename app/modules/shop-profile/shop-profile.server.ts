import { db, type Tx } from "../../platform/db.server";
import { errorFields, log } from "../../platform/logger.server";
import { adminGraphql } from "../../platform/shopify/admin-client.server";
import { SHOP_PRIMARY_LOCALE, SHOP_TIMEZONE } from "../../platform/shopify/operations";
import { FALLBACK_TIME_ZONE, validTimeZone } from "./rules/time-zone";
import { primaryLocaleOf } from "./rules/primary-locale";

// After a failed or empty answer, the admin shows UTC and asks Shopify again only after this long,
// so a Shopify outage (or a scope not yet granted) does not slow every page.
const RETRY_MS = 10 * 60_000;
const retryAfter = new Map<string, number>();
// Shops without a Shop row yet (installed before the row existed): remembered for this process.
const unstored = new Map<string, { ianaTimezone?: string; primaryLocale?: string }>();

/**
 * The shop's IANA time zone for showing times: stored on the Shop row, fetched once from the Admin
 * API (`shop { ianaTimezone }`) on the first admin load after install; UTC until Shopify answers.
 * The same load stores the shop's primary storefront locale (`shopLocales`, scope read_locales), the
 * language of shoppers whose own is not known.
 */
export async function shopTimeZone(shop: string, now = Date.now()): Promise<string> {
  const row = await db().shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true, primaryLocale: true } });
  const known = unstored.get(shop);
  const zone = validTimeZone(row?.ianaTimezone) ?? known?.ianaTimezone;
  const locale = row?.primaryLocale ?? known?.primaryLocale;
  if (zone && locale) return zone;
  if ((retryAfter.get(shop) ?? 0) > now) return zone ?? FALLBACK_TIME_ZONE;
  const [fetchedZone, fetchedLocale] = await Promise.all([zone ? null : fetchTimeZone(shop), locale ? null : fetchPrimaryLocale(shop)]);
  const data = { ...(fetchedZone ? { ianaTimezone: fetchedZone } : {}), ...(fetchedLocale ? { primaryLocale: fetchedLocale } : {}) };
  if (Object.keys(data).length > 0) {
    const { count } = await db().shop.updateMany({ where: { domain: shop }, data });
    if (count === 0) unstored.set(shop, { ...known, ...data });
  }
  if ((!zone && !fetchedZone) || (!locale && !fetchedLocale)) retryAfter.set(shop, now + RETRY_MS);
  return zone ?? fetchedZone ?? FALLBACK_TIME_ZONE;
}

async function fetchTimeZone(shop: string): Promise<string | null> {
  try {
    const result = await adminGraphql<{ shop: { ianaTimezone: string | null } | null }>(shop, "ShopTimezone", SHOP_TIMEZONE, {});
    const zone = validTimeZone(result.data.shop?.ianaTimezone);
    if (zone) return zone;
    log.warn("shop time zone unknown, showing UTC", { shop });
  } catch (error) {
    log.warn("shop time zone could not be read, showing UTC", { shop, ...errorFields(error) });
  }
  return null;
}

async function fetchPrimaryLocale(shop: string): Promise<string | null> {
  try {
    const result = await adminGraphql<{ shopLocales: { locale: string; primary: boolean }[] | null }>(shop, "ShopPrimaryLocale", SHOP_PRIMARY_LOCALE, {});
    const locale = primaryLocaleOf(result.data.shopLocales);
    if (locale) return locale;
    log.warn("shop primary locale unknown", { shop });
  } catch (error) {
    log.warn("shop primary locale could not be read", { shop, ...errorFields(error) });
  }
  return null;
}

/**
 * The stored zone and primary locale, with no call to Shopify (one read): for emails and exports
 * written inside a transaction. The admin's first load stores both; until then UTC, named as such,
 * and no locale.
 */
export async function storedShopProfile(tx: Pick<Tx, "shop">, shop: string): Promise<{ timeZone: string; primaryLocale: string | null }> {
  const row = await tx.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true, primaryLocale: true } });
  const known = unstored.get(shop);
  return {
    timeZone: validTimeZone(row?.ianaTimezone) ?? known?.ianaTimezone ?? FALLBACK_TIME_ZONE,
    primaryLocale: row?.primaryLocale ?? known?.primaryLocale ?? null,
  };
}

/** The stored zone for a shopper's page (no call to Shopify on a storefront request). */
export async function shopTimeZoneForShopper(shop: string): Promise<string> {
  return (await storedShopProfile(db(), shop)).timeZone;
}
