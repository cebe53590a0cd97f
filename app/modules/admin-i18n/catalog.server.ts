import { createRequire } from "node:module";
import type { AppProviderProps } from "@shopify/polaris";
import { admin } from "../../locales/admin";
import { env } from "../../platform/env.server";
import { flatten, type FlatCatalog, type NestedCatalog } from "./rules/catalog";
import { intlLocale, negotiateAdminLocale, PSEUDO_LOCALE, type AdminLocale, type AdminUiLocale } from "./rules/locale";
import { trimPolaris } from "./rules/polaris";
import { pseudoCatalog, pseudoNested } from "./rules/pseudo";

const CATALOGS: Record<AdminLocale, NestedCatalog> = admin;
const flat = new Map<AdminUiLocale, FlatCatalog>();
const polaris = new Map<AdminUiLocale, AppProviderProps["i18n"] | null>();
const require = createRequire(import.meta.url);

/** The pseudo-locale exists outside production only. */
export const pseudoAllowed = () => env().NODE_ENV !== "production";

/** The admin catalog of one locale, flat (i18next's plural keys kept); a key missing there falls back to English. */
export function adminMessages(locale: AdminUiLocale): FlatCatalog {
  let messages = flat.get(locale);
  if (!messages) {
    const english = flatten(admin.en);
    messages = locale === PSEUDO_LOCALE ? pseudoCatalog(english) : { ...english, ...flatten(CATALOGS[locale]) };
    flat.set(locale, messages);
  }
  return messages;
}

/**
 * Polaris's own strings for the locale, only the components the admin uses (rules/polaris.ts); null
 * for English (the AppProvider bundles those already).
 */
export function polarisTranslations(locale: AdminUiLocale): AppProviderProps["i18n"] | null {
  if (locale === "en") return null;
  if (!polaris.has(locale)) {
    const english = require("@shopify/polaris/locales/en.json") as NestedCatalog;
    const own = locale === PSEUDO_LOCALE ? (pseudoNested(english) as NestedCatalog) : (require(`@shopify/polaris/locales/${locale}.json`) as NestedCatalog);
    polaris.set(locale, trimPolaris(own) as AppProviderProps["i18n"]);
  }
  return polaris.get(locale) ?? null;
}

export interface AdminI18n {
  locale: AdminUiLocale;
  /** For Intl and <html lang>. */
  lang: string;
  messages: FlatCatalog;
  polaris: AppProviderProps["i18n"] | null;
}

/** The request's admin language: Shopify's `locale` parameter, then the staff member's Shopify locale, else English. */
export function adminI18n(request: Request, staffLocale?: string | null): AdminI18n {
  const locale = negotiateAdminLocale([new URL(request.url).searchParams.get("locale"), staffLocale], pseudoAllowed());
  return { locale, lang: intlLocale(locale), messages: adminMessages(locale), polaris: polarisTranslations(locale) };
}
