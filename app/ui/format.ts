import { useRouteLoaderData } from "@remix-run/react";
import { FALLBACK_TIME_ZONE, formatInZone } from "../modules/shop-profile/rules/time-zone";
import { formatDateTime } from "../platform/i18n/format";
import type { Locale } from "../platform/i18n/locales";
import { useLang } from "./i18n";

/**
 * "2026-12-01 14:05 Europe/Berlin" in English; in another admin language as that language writes it
 * ("1. Dezember 2026 um 14:05 (Europe/Berlin)"). UTC unless a zone is given. Pages use useFormatDate (the shop's zone).
 */
export function formatDate(value: string | Date | null | undefined, timeZone: string = FALLBACK_TIME_ZONE, lang = "en"): string {
  if (!value) return "—";
  if (lang === "en") return formatInZone(value, timeZone);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  return formatDateTime(date, lang as Locale, timeZone);
}

/** The shop's time zone, from the app layout's loader (UTC until Shopify has told the app). */
export function useShopTimeZone(): string {
  return useRouteLoaderData<{ timeZone?: string }>("routes/app")?.timeZone ?? FALLBACK_TIME_ZONE;
}

/** formatDate in the shop's time zone and the admin's language, the zone named. */
export function useFormatDate(): (value: string | Date | null | undefined) => string {
  const timeZone = useShopTimeZone();
  const lang = useLang();
  return (value) => formatDate(value, timeZone, lang);
}

export function humanise(value: string): string {
  return value.replaceAll("_", " ").replace(/^\w/, (c) => c.toUpperCase());
}
