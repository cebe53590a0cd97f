import { useRouteLoaderData } from "@remix-run/react";
import { FALLBACK_TIME_ZONE, formatInZone } from "../modules/shop-profile/rules/time-zone";

/** "2026-12-01 14:05 Europe/Berlin"; UTC unless a zone is given. Pages use useFormatDate (the shop's zone). */
export function formatDate(value: string | Date | null | undefined, timeZone: string = FALLBACK_TIME_ZONE): string {
  if (!value) return "—";
  return formatInZone(value, timeZone);
}

/** The shop's time zone, from the app layout's loader (UTC until Shopify has told the app). */
export function useShopTimeZone(): string {
  return useRouteLoaderData<{ timeZone?: string }>("routes/app")?.timeZone ?? FALLBACK_TIME_ZONE;
}

/** formatDate in the shop's time zone, the zone named. */
export function useFormatDate(): (value: string | Date | null | undefined) => string {
  const timeZone = useShopTimeZone();
  return (value) => formatDate(value, timeZone);
}

export function humanise(value: string): string {
  return value.replaceAll("_", " ").replace(/^\w/, (c) => c.toUpperCase());
}
