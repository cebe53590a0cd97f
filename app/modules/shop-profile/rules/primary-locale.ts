/** The primary locale among Shopify's `shopLocales` (a shop has exactly one), or null. Pure. */
export function primaryLocaleOf(locales: ReadonlyArray<{ locale: string; primary: boolean }> | null | undefined): string | null {
  const primary = locales?.find((l) => l.primary)?.locale;
  return typeof primary === "string" && primary.length > 0 && primary.length <= 35 ? primary : null;
}
