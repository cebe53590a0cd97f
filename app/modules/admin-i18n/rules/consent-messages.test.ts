import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { admin } from "../../../locales/admin";
import { translate } from "../../../platform/i18n/client-translate";
import { flatten } from "./catalog";
import { CONSENT_MESSAGE_KEYS, consentFilterMessage } from "./consent-messages";
import { ADMIN_LOCALES, intlLocale } from "./locale";

const SOURCE = readFileSync(join(__dirname, "..", "..", "consent", "consent-log.server.ts"), "utf8");

/** Every message the consent filters write: literals, and the `${label}` ones for From and To. */
function moduleTexts(): { texts: string[]; templates: string[] } {
  const texts = new Set<string>();
  const templates = new Set<string>();
  const filters = SOURCE.slice(SOURCE.indexOf("function instant("), SOURCE.indexOf("export type ConsentFilters"));
  for (const m of filters.matchAll(/"([A-Z][^"]* [^"]+)"/g)) texts.add(m[1]!);
  for (const m of filters.matchAll(/`\$\{label\} ([^`]+)`/g)) for (const label of ["From", "To"]) texts.add(`${label} ${m[1]}`);
  for (const m of SOURCE.matchAll(/`(\$\{key\}[^`]+)`/g)) templates.add(m[1]!);
  return { texts: [...texts], templates: [...templates] };
}

const sayIn = (locale: (typeof ADMIN_LOCALES)[number]) => {
  const catalog = { ...flatten(admin.en), ...flatten(admin[locale]) };
  return (key: string, values?: Record<string, string | number>) => translate(catalog, intlLocale(locale), key, values);
};

describe("consent log filter errors in the admin's language", () => {
  it("every message the filters write has a key, English as before, translated in every other locale", () => {
    const { texts, templates } = moduleTexts();
    expect(texts.length).toBeGreaterThanOrEqual(11);
    expect(templates).toEqual(["${key} may be given once"]);
    for (const text of texts) expect(CONSENT_MESSAGE_KEYS[text], text).toBeDefined();
    for (const text of texts) expect(consentFilterMessage(sayIn("en"), text)).toBe(text);
    for (const locale of ADMIN_LOCALES.filter((l) => l !== "en")) {
      const t = sayIn(locale);
      for (const text of [...texts, "gpc may be given once"]) expect(consentFilterMessage(t, text), `${locale}: ${text}`).not.toBe(text);
    }
  });

  it("translates each of several issues, names a repeated parameter as the URL does", () => {
    const de = sayIn("de");
    expect(consentFilterMessage(de, "Visitor id must be 32 hexadecimal characters; From must not be after To")).toBe("Die Besucher-ID muss aus 32 Hexadezimalzeichen bestehen; „Von“ darf nicht nach „Bis“ liegen");
    expect(consentFilterMessage(de, "region may be given once")).toBe("region darf nur einmal angegeben werden");
    expect(consentFilterMessage(sayIn("en"), "region may be given once")).toBe("region may be given once");
    expect(consentFilterMessage(de, "something new")).toBe("something new");
  });
});
