// Which language the admin speaks: Shopify's `locale` (the staff member's admin language) negotiated
// against the catalogs the app has, with the shared core's tag matching (de-DE → de, pt → pt-BR). Pure.
import { matchLocale } from "../../../platform/i18n/locales";

export const ADMIN_LOCALES = ["en", "de", "fr", "es", "it", "nl", "ja", "pt-BR"] as const;
export type AdminLocale = (typeof ADMIN_LOCALES)[number];
/** Accented, ~30 % longer English for layout checks; development and tests only, never offered to merchants. */
export const PSEUDO_LOCALE = "en-XA";
export type AdminUiLocale = AdminLocale | typeof PSEUDO_LOCALE;
export const DEFAULT_ADMIN_LOCALE: AdminLocale = "en";

const isAdminLocale = (value: unknown): value is AdminLocale => (ADMIN_LOCALES as readonly unknown[]).includes(value);

/** "de-DE" → de, "pt" / "pt-PT" → pt-BR, "en-XA" → en-XA when allowed, anything else → null. */
export function matchAdminLocale(tag: unknown, allowPseudo = false): AdminUiLocale | null {
  if (typeof tag !== "string" || tag.length === 0 || tag.length > 35) return null;
  if (tag.trim().replaceAll("_", "-").toLowerCase() === PSEUDO_LOCALE.toLowerCase()) return allowPseudo ? PSEUDO_LOCALE : null;
  const match = matchLocale(tag);
  return isAdminLocale(match) ? match : null;
}

/** The first candidate that matches (query parameter, then the staff member's Shopify locale), else en. */
export function negotiateAdminLocale(candidates: readonly unknown[], allowPseudo = false): AdminUiLocale {
  for (const candidate of candidates) {
    const match = matchAdminLocale(candidate, allowPseudo);
    if (match) return match;
  }
  return DEFAULT_ADMIN_LOCALE;
}

/** The BCP 47 tag for Intl and <html lang> (the pseudo-locale formats dates as English). */
export function intlLocale(locale: AdminUiLocale): string {
  return locale === PSEUDO_LOCALE ? "en" : locale;
}
