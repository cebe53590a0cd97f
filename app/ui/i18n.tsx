import { useMatches, useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext, useMemo, useRef, type ReactNode } from "react";
import { translate, type TranslateValues } from "../platform/i18n/client-translate";

export type Translate = (key: string, values?: TranslateValues) => string;

interface I18nValue {
  lang: string;
  t: Translate;
}

/** Outside the app layout (root error page, login) the admin speaks English with the keys' fallback. */
const fallback: I18nValue = { lang: "en", t: (key) => key };
const I18nContext = createContext<I18nValue>(fallback);

type Messages = Record<string, string>;

/** The `pageMessages` each matched route's loader sent (pageMessages() in admin-i18n), outermost first. */
function useRouteMessages(): Messages[] {
  const parts: Messages[] = [];
  for (const match of useMatches()) {
    const data = match.data as { pageMessages?: unknown } | null | undefined;
    if (data && typeof data === "object" && data.pageMessages && typeof data.pageMessages === "object") parts.push(data.pageMessages as Messages);
  }
  return parts;
}

/**
 * The current locale's `admin` catalog behind one `t()`: the layout's shared keys (`messages`) and
 * the keys each matched page's loader sent (ADR 0019, per-page catalogs).
 */
export function I18nProvider({ lang, messages, children }: { lang: string; messages: Messages; children: ReactNode }) {
  const parts = useRouteMessages();
  // Same parts (by identity) as the last render: keep the merged catalog, and with it t()'s identity.
  const merged = useRef<{ parts: Messages[]; messages: Messages; all: Messages } | null>(null);
  const last = merged.current;
  const all = last && last.messages === messages && last.parts.length === parts.length && last.parts.every((p, i) => p === parts[i]) ? last.all : Object.assign({}, messages, ...parts);
  if (all !== last?.all) merged.current = { parts, messages, all };
  const value = useMemo<I18nValue>(
    () => ({
      lang,
      // An unknown key shows as itself: visible in the pseudo-locale check, never a crash.
      t: (key, values) => translate(all, lang, key, values),
    }),
    [lang, all],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): Translate {
  return useContext(I18nContext).t;
}

/** BCP 47 tag of the admin's language, for Intl formatting. */
export function useLang(): string {
  const context = useContext(I18nContext);
  const layout = useRouteLoaderData<{ i18n?: { lang: string } }>("routes/app");
  return context === fallback ? (layout?.i18n?.lang ?? "en") : context.lang;
}
