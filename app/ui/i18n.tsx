import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { translate, type TranslateValues } from "../platform/i18n/client-translate";

export type Translate = (key: string, values?: TranslateValues) => string;

interface I18nValue {
  lang: string;
  t: Translate;
}

/** Outside the app layout (root error page, login) the admin speaks English with the keys' fallback. */
const fallback: I18nValue = { lang: "en", t: (key) => key };
const I18nContext = createContext<I18nValue>(fallback);

/** The current locale's `admin` catalog (sent by the app layout's loader) behind one `t()`. */
export function I18nProvider({ lang, messages, children }: { lang: string; messages: Record<string, string>; children: ReactNode }) {
  const value = useMemo<I18nValue>(
    () => ({
      lang,
      // An unknown key shows as itself: visible in the pseudo-locale check, never a crash.
      t: (key, values) => translate(messages, lang, key, values),
    }),
    [lang, messages],
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
