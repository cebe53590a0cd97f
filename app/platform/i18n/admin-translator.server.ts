// The `admin` namespace on the server (the staff digest email; the reference the admin's client
// `t()` is tested against). Kept beside the shared core rather than in its BY_NAMESPACE registry
// because the admin speaks 8 of the 11 shopper locales (ADR 0019). Same i18next settings as
// translator.server.ts: one instance per locale, created once, never a language switch per request.
import i18next, { type i18n, type TFunction } from "i18next";
import { admin } from "../../locales/admin";

export type AdminCatalogLocale = keyof typeof admin;
const instances = new Map<AdminCatalogLocale, i18n>();

export function adminTranslator(locale: AdminCatalogLocale): TFunction {
  let found = instances.get(locale);
  if (!found) {
    found = i18next.createInstance();
    void found.init({
      lng: locale,
      fallbackLng: "en",
      ns: ["admin"],
      defaultNS: "admin",
      resources: Object.fromEntries(Object.entries(admin).map(([l, catalog]) => [l, { admin: catalog }])),
      initAsync: false,
      returnNull: false,
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    } as Parameters<i18n["init"]>[0]);
    instances.set(locale, found);
  }
  return found.getFixedT(locale, "admin");
}
