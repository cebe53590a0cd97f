// Messages the server writes for staff (action results, form field errors) in the admin's language.
// The language is the one the page was loaded in: a form posted from the page keeps its URL's
// `locale` (Remix's default form action keeps the search), else the staff member's Shopify locale
// from the stored online session, else English — the same negotiation as the app layout (ADR 0019).
import type { TOptions } from "i18next";
import { adminTranslator } from "../../platform/i18n/admin-translator.server";
import { translate, type TranslateValues } from "../../platform/i18n/client-translate";
import { requestAdminI18n } from "./admin-i18n.server";
import { adminMessages } from "./catalog.server";
import { PSEUDO_LOCALE } from "./rules/locale";

export type StaffTranslate = (key: string, values?: TranslateValues) => string;

export async function staffTranslator(request: Request, staff: { shop: string; staffId: string | null }): Promise<StaffTranslate> {
  const { locale, lang } = await requestAdminI18n(request, staff);
  if (locale === PSEUDO_LOCALE) {
    const messages = adminMessages(locale);
    return (key, values) => translate(messages, lang, key, values);
  }
  const t = adminTranslator(locale);
  return (key, values) => String(t(key, (values ?? {}) as TOptions));
}
