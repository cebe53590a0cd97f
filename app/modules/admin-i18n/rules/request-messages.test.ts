import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { admin } from "../../../locales/admin";
import { translate } from "../../../platform/i18n/client-translate";
import { flatten } from "./catalog";
import { ADMIN_LOCALES, intlLocale } from "./locale";
import { REQUEST_FIELD_KEYS, REQUEST_MESSAGE_KEYS, requestMessage } from "./request-messages";

const REQUESTS_DIR = join(__dirname, "..", "..", "requests");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") && !name.endsWith(".test.ts") ? [readFileSync(path, "utf8")] : [];
  });
}

/** Every literal RequestError text and refusalOf reason in the request module, and its do-not-sell outcomes. */
function moduleTexts(): { literals: string[]; templates: string[] } {
  const literals = new Set<string>();
  const templates = new Set<string>();
  for (const source of sources(REQUESTS_DIR)) {
    for (const m of source.matchAll(/new RequestError\("\w+",\s*(?:"([^"]+)"|`([^`]+)`)/g)) {
      if (m[1]) literals.add(m[1]);
      if (m[2]) templates.add(m[2]);
    }
    const refusals = /export function refusalOf[\s\S]*?\n}\n/.exec(source)?.[0];
    if (refusals) for (const m of refusals.matchAll(/"([a-z][^"]* [^"]+)"/g)) literals.add(m[1]!);
    for (const m of source.matchAll(/\? "((?:Opted out|No Shopify customer)[^"]+)"\s*: "([^"]+)"/g)) literals.add(m[1]!).add(m[2]!);
  }
  return { literals: [...literals], templates: [...templates] };
}

const sayIn = (locale: (typeof ADMIN_LOCALES)[number]) => {
  const catalog = { ...flatten(admin.en), ...flatten(admin[locale]) };
  return (key: string, values?: Record<string, string | number>) => translate(catalog, intlLocale(locale), key, values);
};

describe("request refusals and outcomes in the admin's language", () => {
  it("every literal the request module throws or answers has a key, translated in every admin locale", () => {
    const { literals } = moduleTexts();
    expect(literals.length).toBeGreaterThanOrEqual(25);
    for (const text of literals) expect(REQUEST_MESSAGE_KEYS[text], text).toBeDefined();
    for (const locale of ADMIN_LOCALES) {
      const t = sayIn(locale);
      for (const text of literals) {
        const said = requestMessage(t, text);
        expect(said).not.toMatch(/^requestAnswer\.|\{\{/);
        // English reads as before (a sentence of the module's text); the others are translated.
        if (locale === "en") expect(said.toLowerCase().replace(/\.$/, "")).toBe(text.toLowerCase().replace(/\.$/, ""));
        else expect(said, `${locale}: ${text}`).not.toBe(requestMessage(sayIn("en"), text));
      }
    }
  });

  it("the texts built from values name the law and the statuses in the admin's words", () => {
    const { templates } = moduleTexts();
    // The module's templates, each matched by a pattern here (a new one fails until it is).
    expect(templates.sort()).toEqual([
      "${ruleLabel(regulation, type)}: the law allows no extension",
      "a request cannot go from ${from} to ${to}",
      "moving a request to ${to} needs a reason",
      "this request is already under ${REGULATION_RULES[regulation].name}",
    ]);
    const de = sayIn("de");
    expect(requestMessage(de, "this request is already under GDPR")).toBe("Diese Anfrage fällt bereits unter DSGVO.");
    expect(requestMessage(de, "a request cannot go from completed to verified")).toBe("Eine Anfrage kann nicht von „Abgeschlossen“ zu „Bestätigt“ wechseln.");
    expect(requestMessage(de, "moving a request to rejected needs a reason")).toBe("Für den Wechsel zu „Abgelehnt“ ist eine Begründung nötig.");
    expect(requestMessage(de, "GDPR (art. 17): 1 month: the law allows no extension")).toBe("Das anwendbare Gesetz erlaubt keine Fristverlängerung.");
    expect(requestMessage(sayIn("en"), "a request cannot go from completed to verified")).toBe("A request cannot go from Completed to Verified.");
  });

  it("a text the table does not know stays English, as a sentence", () => {
    expect(requestMessage(sayIn("de"), "something new happened")).toBe("Something new happened.");
  });
});

describe("the request page's form checks in the admin's language", () => {
  it("every sentence request-actions.server.ts's schemas give has a key, translated in every admin locale", () => {
    const source = readFileSync(join(REQUESTS_DIR, "request-actions.server.ts"), "utf8");
    const schemas = source.slice(source.indexOf("export const RectifySchema"), source.indexOf("export type RequestAction"));
    const sentences = [...schemas.matchAll(/"([A-Z][^"]*\.)"/g)].map((m) => m[1]!);
    expect(sentences.length).toBeGreaterThanOrEqual(8);
    for (const text of sentences) expect(REQUEST_FIELD_KEYS[text], text).toBeDefined();
    const en = sayIn("en");
    for (const text of sentences) expect(en(REQUEST_FIELD_KEYS[text]!)).toBe(text);
    for (const locale of ADMIN_LOCALES.filter((l) => l !== "en")) {
      const t = sayIn(locale);
      for (const text of sentences) expect(t(REQUEST_FIELD_KEYS[text]!), `${locale}: ${text}`).not.toBe(text);
    }
  });
});
