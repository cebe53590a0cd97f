// Every namespace's catalogs, bundled into the server build (static imports: the Remix classic
// compiler inlines the JSON; no file is read at run time). A namespace is one module under
// app/locales/ mapping each supported locale to its JSON; add a namespace here in one line.
import type { Resource } from "i18next";
import { email } from "../../locales/email";
import { shopper } from "../../locales/shopper";
import type { Locale } from "./locales";

export type Catalog = { [key: string]: string | Catalog };

const BY_NAMESPACE = { shopper, email } satisfies Record<string, Partial<Record<Locale, Catalog>>>;

export type Namespace = keyof typeof BY_NAMESPACE;
export const NAMESPACES = Object.keys(BY_NAMESPACE) as Namespace[];

/** A namespace's catalog for a locale (undefined while a locale has none yet). */
export function catalog(namespace: Namespace, locale: Locale): Catalog | undefined {
  return (BY_NAMESPACE[namespace] as Partial<Record<Locale, Catalog>>)[locale];
}

/** i18next's shape: locale -> namespace -> catalog. */
export const CATALOGS: Resource = (() => {
  const out: Resource = {};
  for (const ns of NAMESPACES) {
    for (const [locale, entries] of Object.entries(BY_NAMESPACE[ns] as Partial<Record<Locale, Catalog>>)) {
      out[locale] = { ...(out[locale] ?? {}), [ns]: entries as Catalog };
    }
  }
  return out;
})();
