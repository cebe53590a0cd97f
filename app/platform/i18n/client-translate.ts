// The admin's client-side `t()`: i18next's lookup rules for a flat catalog of one locale and
// namespace — `{{name}}` interpolation (no escaping: React escapes) and plural keys by the
// language's CLDR category (`key_one`, `key_other`, …, via Intl.PluralRules, as i18next does).
// i18next itself is ~16 KB gzip in the browser; this is a few hundred bytes, and
// app/modules/admin-i18n/client-translate.test.ts checks it against i18next for every admin key (ADR 0019).
// Pure; safe in the browser bundle.

export type TranslateValues = Record<string, string | number | null | undefined>;

const rules = new Map<string, Intl.PluralRules>();

function category(lang: string, count: number): string {
  let found = rules.get(lang);
  if (!found) {
    found = new Intl.PluralRules(lang);
    rules.set(lang, found);
  }
  return found.select(count);
}

/** The message for `key` (its plural form when `values.count` is a number), interpolated; the key itself if the catalog lacks it. */
export function translate(messages: Record<string, string>, lang: string, key: string, values: TranslateValues = {}): string {
  const count = values.count;
  const message = (typeof count === "number" ? (messages[`${key}_${category(lang, count)}`] ?? messages[`${key}_other`]) : undefined) ?? messages[key];
  if (message === undefined) return key;
  return message.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined || value === null ? whole : String(value);
  });
}
