// One i18next instance per locale, created on first use and kept: a request never switches a
// shared instance's language (two shoppers in two languages at once would race). Catalogs are
// bundled into the server build only; no catalog is sent to a browser by this module.
import i18next, { type i18n, type TFunction } from "i18next";
import { CATALOGS, NAMESPACES, type Namespace } from "./catalogs";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale } from "./locales";

const instances = new Map<Locale, i18n>();

function instance(locale: Locale): i18n {
  let found = instances.get(locale);
  if (!found) {
    found = i18next.createInstance();
    void found.init({
      lng: locale,
      supportedLngs: [...SUPPORTED_LOCALES],
      // A missing key shows the English text rather than a key name; the catalog tests fail on it.
      fallbackLng: DEFAULT_LOCALE,
      ns: [...NAMESPACES],
      defaultNS: NAMESPACES[0],
      resources: CATALOGS,
      initAsync: false,
      returnNull: false,
      // Plain text out: callers escape for HTML (and Liquid) where they put the text into markup.
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    } as Parameters<i18n["init"]>[0]);
    instances.set(locale, found);
  }
  return found;
}

/** A translator for one locale and namespace: `t("key", { count, name })`. */
export function translator(locale: Locale, namespace: Namespace): TFunction {
  return instance(locale).getFixedT(locale, namespace);
}

/** Whether the locale's own catalog has the key (no fallback): for the catalog tests. */
export function hasOwnKey(locale: Locale, namespace: Namespace, key: string): boolean {
  return instance(locale).exists(key, { lng: locale, ns: namespace, fallbackLng: false });
}
