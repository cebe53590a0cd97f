// The admin catalogs as shipped: every English key in every admin locale (plural forms as each
// language needs them), the same placeholders, a translation wherever English is not the right
// answer; the client's `t()` gives exactly what i18next gives; the pseudo-locale covers every key.
import { describe, expect, it } from "vitest";
import { admin } from "../../locales/admin";
import { adminTranslator } from "../../platform/i18n/admin-translator.server";
import { translate } from "../../platform/i18n/client-translate";
import { flatten, type NestedCatalog } from "./rules/catalog";
import { ADMIN_LOCALES, intlLocale, matchAdminLocale, negotiateAdminLocale, PSEUDO_LOCALE, type AdminLocale } from "./rules/locale";
import { pseudoCatalog, pseudoMessage } from "./rules/pseudo";

const PLURAL = /_(zero|one|two|few|many|other)$/;
const LAWS = ["uk_gdpr", "ccpa", "us_va", "us_co", "us_ct", "us_ut", "us_tx", "us_or", "lgpd", "pipeda"];

/**
 * The only values allowed to equal English: proper names (laws, Shopify, the app), punctuation,
 * and words a language shares with English. Key -> locales ("*" all).
 */
const SAME_AS_ENGLISH: Record<string, "*" | AdminLocale[]> = {
  ...Object.fromEntries(LAWS.map((law) => [`regulation.${law}`, "*" as const])),
  "regulation.gdpr": ["ja"],
  "requestSource.shopify": "*",
  "streaming.kindName.splunk_hec": "*",
  "streaming.kindName.elasticsearch": "*",
  "request.actor.shopify": "*",
  "request.actor.system": "*",
  "error.end": "*",
  "breach.clock.span": ["fr", "es", "it", "pt-BR"],
  "nav.team": ["de", "it", "nl"],
  "setup.team.action": ["de", "it", "nl"],
  "requests.filter.status": ["de", "nl", "pt-BR"],
  "requests.column.status": ["de", "nl", "pt-BR"],
  "overview.consent.region": ["de"],
  "requestType.rectification": ["fr"],
  "requests.filter.type": ["fr"],
  "requests.column.type": ["fr"],
  "rights.message": ["fr"],
  "request.message.note": ["fr"],
  "request.exports.title": ["fr", "nl"],
  "rights.field.email": ["it"],
  "rights.current.email": ["it"],
  "webhooks.column.problem": ["de"],
  "audit.column.action": ["fr"],
  "breaches.resource.singular": ["fr", "nl"],
  "breaches.resource.plural": ["fr"],
  "breachCategory.account": ["it", "nl"],
  "breach.page.incident": ["fr", "nl"],
  "breach.page.notifications": ["fr"],
  "consentCategory.marketing": ["de", "fr", "es", "it", "nl", "pt-BR"],
  "common.no": ["es", "it"],
  "scanner.scan": ["de", "nl"],
  "scanner.column.name": ["de"],
  "scanner.column.hosts": ["de", "es", "nl", "pt-BR"],
  "scanner.kind.cookie": "*",
  "scanner.column.preset": ["it"],
  "settings.notifications": ["fr"],
  "stepUp.code": ["de", "fr", "nl"],
  "audit.actorType.shopify": "*",
  "audit.actorType.system": ["de"],
  "audit.subjectType.shop": ["de"],
  "trackerCategory.marketing": ["de", "fr", "es", "it", "nl", "pt-BR"],
  "alert.filter.open": ["nl"],
  "alert.column.status": ["de", "nl", "pt-BR"],
  "streaming.name": ["de"],
  "streaming.field.host": ["de", "es", "it", "nl", "pt-BR"],
  "streaming.field.port": ["de", "fr"],
  "streaming.field.index": ["de", "fr", "nl"],
  "streaming.field.indexOptional": ["de"],
};

const sameAllowed = (key: string, locale: AdminLocale) => {
  const entry = SAME_AS_ENGLISH[key];
  return entry === "*" || (entry?.includes(locale) ?? false);
};

const english = flatten(admin.en as NestedCatalog);
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

function expectedKeys(key: string, locale: AdminLocale): string[] {
  const stem = key.replace(PLURAL, "");
  if (stem === key) return [key];
  return new Intl.PluralRules(locale).resolvedOptions().pluralCategories.map((c) => `${stem}_${c}`);
}

/** Sample values for a message: every placeholder filled, `count` as given. */
function sampleValues(key: string, count: number): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const name of placeholders(english[key] ?? english[`${key}_other`] ?? "")) values[name!] = `<${name}>`;
  values.count = count;
  return values;
}

describe("admin catalogs", () => {
  it("English has the keys the admin uses and plain {{placeholders}} only", () => {
    expect(Object.keys(english).length).toBeGreaterThan(200);
    for (const [key, value] of Object.entries(english)) expect(value.replace(/\{\{\s*[\w.]+\s*\}\}/g, ""), key).not.toMatch(/[{}]/);
  });

  it.each(ADMIN_LOCALES.filter((l) => l !== "en"))("%s has every key, with English's placeholders, translated", (locale) => {
    const own = flatten(admin[locale] as NestedCatalog);
    const wanted = new Set(Object.keys(english).flatMap((k) => expectedKeys(k, locale)));
    expect([...wanted].filter((k) => !(k in own)), "missing keys").toEqual([]);
    expect(Object.keys(own).filter((k) => !wanted.has(k)), "keys English does not have").toEqual([]);
    for (const [key, value] of Object.entries(own)) {
      const source = english[key] ?? english[key.replace(PLURAL, "_other")] ?? "";
      expect(value.trim(), `${locale} ${key} is empty`).not.toBe("");
      expect(placeholders(value), `${locale} ${key} placeholders`).toEqual(placeholders(source));
      if (value === source) expect(sameAllowed(key.replace(PLURAL, ""), locale), `${locale} ${key} is still English: "${value}"`).toBe(true);
    }
  });

  it("uses each language's official GDPR wording for the rights and the law", () => {
    const de = flatten(admin.de as NestedCatalog);
    const fr = flatten(admin.fr as NestedCatalog);
    expect([de["requestType.erasure"], de["requestType.rectification"], de["requestType.portability"], de["regulation.gdpr"]]).toEqual(["Löschung", "Berichtigung", "Datenübertragbarkeit", "DSGVO"]);
    expect([fr["requestType.erasure"], fr["requestType.access"], fr["regulation.gdpr"]]).toEqual(["Effacement", "Accès", "RGPD"]);
  });
});

describe("the admin's client t()", () => {
  it.each(ADMIN_LOCALES)("%s: gives what i18next gives for every key, plural counts included", (locale) => {
    const t = adminTranslator(locale);
    const messages = flatten(admin[locale] as NestedCatalog);
    const stems = new Set(Object.keys(english).map((k) => k.replace(PLURAL, "")));
    for (const key of stems) {
      for (const count of [0, 1, 2, 5, 21, 1_000_000]) {
        const values = sampleValues(key, count);
        expect(translate(messages, locale, key, values), `${locale} ${key} count=${count}`).toBe(t(key, values));
      }
    }
  });

  it("chooses plural forms by the language's rules and shows an unknown key as itself", () => {
    const de = flatten(admin.de as NestedCatalog);
    const fr = flatten(admin.fr as NestedCatalog);
    expect(translate(de, "de", "request.countdown.left", { count: 1 })).toBe("noch 1 Tag");
    expect(translate(de, "de", "request.countdown.left", { count: 12 })).toBe("noch 12 Tage");
    expect(translate(fr, "fr", "common.days", { count: 0 })).toBe("0 jour");
    expect(translate(english, "en", "common.days", { count: 0 })).toBe("0 days");
    expect(translate(english, "en", "no.such.key")).toBe("no.such.key");
  });
});

describe("the pseudo-locale", () => {
  const pseudo = pseudoCatalog(english);

  it("covers every English key, accented, about a third longer, placeholders intact", () => {
    expect(Object.keys(pseudo).sort()).toEqual(Object.keys(english).sort());
    for (const [key, value] of Object.entries(english)) {
      const out = pseudo[key]!;
      expect(placeholders(out), key).toEqual(placeholders(value));
      const visible = (s: string) => s.replace(/\{\{[^}]*\}\}/g, "").length;
      expect(visible(out), key).toBeGreaterThanOrEqual(Math.floor(visible(value) * 1.3));
      expect(out.replace(/\{\{[^}]*\}\}/g, ""), key).not.toMatch(/[A-Za-z]/);
    }
    expect(pseudoMessage("Hello {{name}}, {count}")).toMatch(/^\[Ĥéĺĺö \{\{name\}\}, \{count\} .+\]$/);
  });

  it("is never offered unless allowed (development and tests only)", () => {
    expect(matchAdminLocale(PSEUDO_LOCALE, false)).toBeNull();
    expect(negotiateAdminLocale([PSEUDO_LOCALE], false)).toBe("en");
    expect(negotiateAdminLocale([PSEUDO_LOCALE], true)).toBe(PSEUDO_LOCALE);
    expect(intlLocale(PSEUDO_LOCALE)).toBe("en");
  });
});

describe("admin locale negotiation", () => {
  it.each([
    ["de-DE", "de"],
    ["de", "de"],
    ["pt", "pt-BR"],
    ["pt-PT", "pt-BR"],
    ["PT_br", "pt-BR"],
    ["ja-JP", "ja"],
    ["fr-CA", "fr"],
    ["nl-BE", "nl"],
    ["sv", "en"],
    ["zh-CN", "en"],
    ["<script>", "en"],
    ["", "en"],
  ])("%s -> %s", (tag, want) => {
    expect(negotiateAdminLocale([tag])).toBe(want);
  });

  it("takes the first candidate that matches (the URL's locale before the staff member's)", () => {
    expect(negotiateAdminLocale([null, "it-IT"])).toBe("it");
    expect(negotiateAdminLocale(["es", "it"])).toBe("es");
    expect(negotiateAdminLocale(["xx", "nl"])).toBe("nl");
  });
});
