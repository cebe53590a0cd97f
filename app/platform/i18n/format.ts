// Dates and times for people: in their language and the shop's time zone, the zone always named
// (a deadline "14 January, 23:59" means nothing without it). Pure.
import type { Locale } from "./locales";

function zoneOrUtc(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** "14. Januar 2027, 23:59 (Europe/Berlin)": long date and 24/12-hour time as the locale writes it. */
export function formatDateTime(value: Date, locale: Locale, timeZone: string): string {
  const zone = zoneOrUtc(timeZone);
  return `${new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: zone }).format(value)} (${zone})`;
}

/** "14. Januar 2027 (Europe/Berlin)": the calendar day in the zone, the zone named. */
export function formatDate(value: Date, locale: Locale, timeZone: string): string {
  const zone = zoneOrUtc(timeZone);
  return `${new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: zone }).format(value)} (${zone})`;
}
