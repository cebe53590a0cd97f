// The languages the app speaks to shoppers, and how a request's language is chosen. Pure.

/** The storefront extension's locales (extensions/privacy-consent/locales): what the shopper saw first. */
export const SUPPORTED_LOCALES = ["da", "de", "en", "es", "fr", "it", "ja", "nl", "pl", "pt-BR", "sv"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

export const DEFAULT_LOCALE: Locale = "en";

// A language without a region of its own here falls back to the one region we speak
// (pt, pt-PT -> pt-BR); every other region falls back to its language (de-AT -> de, en-GB -> en).
const LANGUAGE_DEFAULT: Record<string, Locale> = { pt: "pt-BR" };

export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

// BCP 47-ish: language, then up to three subtags. Anything else (markup, Liquid, overlong) is no locale.
const TAG = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}$/;

/** The supported locale a tag such as "de-AT", "pt", "PT_br" or "en-GB" stands for, or null. */
export function matchLocale(tag: unknown): Locale | null {
  if (typeof tag !== "string" || tag.length > 35 || !TAG.test(tag.trim())) return null;
  const parts = tag.trim().replaceAll("_", "-").split("-");
  const language = (parts[0] ?? "").toLowerCase();
  const region = parts.find((p, i) => i > 0 && /^[A-Za-z]{2}$|^[0-9]{3}$/.test(p))?.toUpperCase();
  const exact = SUPPORTED_LOCALES.find((l) => l === (region ? `${language}-${region}` : language));
  if (exact) return exact;
  if (LANGUAGE_DEFAULT[language]) return LANGUAGE_DEFAULT[language];
  return SUPPORTED_LOCALES.find((l) => l === language) ?? null;
}

/**
 * The first candidate that names a supported locale, in order of precedence: what the shopper's
 * storefront sent with this request (request.locale / the proxy's locale parameter), then the
 * locale stored with their request, then the shop's primary locale; English when none does.
 */
export function negotiateLocale(...candidates: Array<string | null | undefined>): Locale {
  for (const candidate of candidates) {
    const locale = matchLocale(candidate);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
