// Every catalog of every namespace against English: the same keys (plural forms as each
// language needs them), the same placeholders, and a translation wherever English is not the
// right answer. Runs on the JSON as shipped, so a missing or untranslated string fails here.
import { describe, expect, it } from "vitest";
import { catalog, NAMESPACES, type Catalog } from "./catalogs";
import { SUPPORTED_LOCALES, type Locale } from "./locales";
import { translator } from "./translator.server";

const PLURAL = /_(zero|one|two|few|many|other)$/;

/**
 * The only values allowed to equal English: names of laws (proper names, the same in every
 * language) and words a language shares with English. Per namespace: key -> locales ("*" all).
 */
const US_AND_OTHER_LAWS = ["uk_gdpr", "ccpa", "us_va", "us_co", "us_ct", "us_ut", "us_tx", "us_or", "lgpd", "pipeda"].map((k) => [`laws.${k}`, "*"] as const);
export const SAME_AS_ENGLISH: Record<string, Record<string, "*" | Locale[]>> = {
  shopper: { ...Object.fromEntries(US_AND_OTHER_LAWS), "page.status": ["de"] },
  email: {},
};

function allowedSame(ns: string, key: string, locale: Locale): boolean {
  const entry = SAME_AS_ENGLISH[ns]?.[key];
  return entry === "*" || (entry?.includes(locale) ?? false);
}

function leaves(tree: Catalog, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

/** The keys a locale must have for one English key: plural keys take that language's categories. */
function expectedKeys(key: string, locale: Locale): string[] {
  const stem = key.replace(PLURAL, "");
  if (stem === key) return [key];
  return new Intl.PluralRules(locale).resolvedOptions().pluralCategories.map((c) => `${stem}_${c}`);
}

describe.each(NAMESPACES)("namespace %s", (ns) => {
  const english = leaves(catalog(ns, "en") ?? {});

  it.each(SUPPORTED_LOCALES)("%s has every key, with the placeholders English has, translated", (locale) => {
    const own = catalog(ns, locale);
    expect(own, `no ${ns} catalog for ${locale}`).toBeDefined();
    const values = leaves(own ?? {});
    const wanted = new Set([...english.keys()].flatMap((k) => expectedKeys(k, locale)));
    expect([...wanted].filter((k) => !values.has(k)), "missing keys").toEqual([]);
    const stems = new Set([...english.keys()].map((k) => k.replace(PLURAL, "")));
    expect([...values.keys()].filter((k) => !wanted.has(k) && !(PLURAL.test(k) && stems.has(k.replace(PLURAL, "")))), "keys English does not have").toEqual([]);
    for (const [key, value] of values) {
      const source = english.get(key) ?? english.get(key.replace(PLURAL, "_other")) ?? "";
      expect(value.trim(), `${locale} ${ns}:${key} is empty`).not.toBe("");
      expect(placeholders(value), `${locale} ${ns}:${key} placeholders`).toEqual(placeholders(source));
      if (locale !== "en" && value === source) expect(allowedSame(ns, key, locale), `${locale} ${ns}:${key} is still English: "${value}"`).toBe(true);
    }
  });
});

describe("translator", () => {
  it("keeps one instance per locale (no shared language switch) and applies each language's plural rules", () => {
    const en = translator("en", "email");
    expect(en("code.expires", { count: 1 })).toBe("The code expires in 1 minute.");
    expect(en("code.expires", { count: 15 })).toBe("The code expires in 15 minutes.");
    expect(translator("en", "shopper")("rights.erasure")).toBe("Right to erasure");
  });
});
