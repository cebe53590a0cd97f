import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { admin } from "../../../locales/admin";
import { translate } from "../../../platform/i18n/client-translate";
import { flatten } from "./catalog";
import { ADMIN_LOCALES, intlLocale } from "./locale";
import { ADMIN_API_ERROR_CODES, type AdminApiErrorCode, exportProblemMessage, exportProblemText, INTERNAL_PROBLEM, OWN_TEXTS, shopifyMessage } from "./shopify-messages";

const APP_DIR = join(__dirname, "..", "..", "..");

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [{ path: relative(APP_DIR, path), text: readFileSync(path, "utf8") }] : [];
  });
}

/** Every AdminApiError the app throws: its code and its text (a template's values as "503"). */
function thrown(): { path: string; code: string; text: string }[] {
  const out: { path: string; code: string; text: string }[] = [];
  for (const { path, text } of sources(APP_DIR)) {
    for (const m of text.matchAll(/new AdminApiError\("(\w+)",\s*(?:"([^"]+)"|`((?:[^`$]|\$\{(?:[^{}]|\{[^}]*\})*\})+)`|([\w.() =>,;"]+))/g)) {
      const literal = m[2] ?? (m[3] ? m[3].replace(/\$\{(?:[^{}]|\{[^}]*\})*\}/g, "503") : null);
      out.push({ path, code: m[1]!, text: literal ?? `<expression ${m[4]}>` });
    }
  }
  return out;
}

const sayIn = (locale: (typeof ADMIN_LOCALES)[number]) => {
  const catalog = { ...flatten(admin.en), ...flatten(admin[locale]) };
  return (key: string, values?: Record<string, string | number>) => translate(catalog, intlLocale(locale), key, values);
};
const en = sayIn("en");

describe("Shopify's Admin API failures in the admin's language", () => {
  it("finds every AdminApiError the app throws, each with a known code", () => {
    const all = thrown();
    expect(all.length).toBeGreaterThanOrEqual(12);
    for (const { path, code } of all) expect(ADMIN_API_ERROR_CODES, path).toContain(code);
    expect(new Set(all.map((e) => e.code))).toEqual(new Set(ADMIN_API_ERROR_CODES));
  });

  it("says no composed text of ours: actions and the export page answer by code, in every locale", () => {
    for (const { path, code, text } of thrown()) {
      if (code === "USER_ERROR") continue;
      const error = { code: code as AdminApiErrorCode, message: text };
      for (const locale of ADMIN_LOCALES) {
        const t = sayIn(locale);
        const stored = exportProblemText(error);
        const pairs = [
          [shopifyMessage(t, error), shopifyMessage(en, error)],
          [exportProblemMessage(t, stored), exportProblemMessage(en, stored)],
        ] as const;
        for (const [said, english] of pairs) {
          expect(said, `${path}: ${text} (${locale})`).not.toMatch(/shopifyAnswer\.|\{\{|503|bulk operation|answered|throttling/);
          expect(said).not.toContain(text);
          if (locale !== "en") expect(said, `${locale}: ${text}`).not.toBe(english);
        }
      }
    }
  });

  it("the export job's own texts about the bulk operation each have their own phrase", () => {
    const composed = thrown().filter((e) => e.path.includes("exports") && e.code !== "USER_ERROR");
    expect(composed.length).toBeGreaterThanOrEqual(5);
    for (const { text } of composed) expect(OWN_TEXTS.some(({ pattern }) => pattern.test(text)), text).toBe(true);
    const de = sayIn("de");
    expect(exportProblemMessage(de, exportProblemText({ code: "GRAPHQL_ERROR", message: "the bulk operation ended FAILED (INTERNAL_SERVER_ERROR)" }))).toBe("Shopify hat das Lesen der Bestellungen des Kunden vorzeitig beendet");
    expect(exportProblemMessage(en, exportProblemText({ code: "GRAPHQL_ERROR", message: "Shopify lost the bulk operation" }))).toBe("Shopify lost track of reading the customer's orders");
    expect(exportProblemMessage(sayIn("ja"), exportProblemText({ code: "HTTP_ERROR", message: "the bulk result download answered 403" }))).toBe("顧客の注文を Shopify からダウンロードできませんでした");
  });

  it("keeps Shopify's own userErrors text, the only one that says what was wrong", () => {
    const refusal = { code: "USER_ERROR" as const, message: "Email has already been taken" };
    expect(shopifyMessage(en, refusal)).toBe("Shopify refused: Email has already been taken");
    expect(shopifyMessage(sayIn("fr"), refusal)).toBe("Shopify a refusé : Email has already been taken");
    expect(exportProblemMessage(sayIn("de"), exportProblemText(refusal))).toBe("Shopify hat abgelehnt: Email has already been taken");
  });

  it("maps each code to its sentence", () => {
    const de = sayIn("de");
    expect(shopifyMessage(de, { code: "NO_SESSION", message: "the app has no access to this shop (reinstall it)" })).toBe("Die App hat keinen Zugriff auf diesen Shop: Installieren Sie sie neu und versuchen Sie es dann noch einmal.");
    for (const code of ["HTTP_ERROR", "THROTTLED", "GRAPHQL_ERROR"] as const) {
      expect(shopifyMessage(en, { code, message: "Field 'x' doesn't exist on type 'Customer'" })).toBe("Shopify could not be reached or did not answer as expected; try again in a few minutes.");
    }
    expect(shopifyMessage(sayIn("pt-BR"), { code: "THROTTLED", message: "Shopify kept throttling the request" })).toBe("Não foi possível contatar a Shopify ou ela não respondeu como esperado; tente de novo em alguns minutos.");
  });

  it("reads problems stored before codes were, and the app's own failures", () => {
    expect(exportProblemMessage(en, "Shopify: the bulk operation did not finish in time")).toBe("Shopify took too long to read the customer's orders");
    expect(exportProblemMessage(en, "Shopify: the app has no access to this shop (reinstall it)")).toBe("the app has no access to this shop: reinstall it");
    expect(exportProblemMessage(en, "Shopify: Throttled")).toBe("Shopify could not be reached or did not answer as expected");
    expect(exportProblemMessage(sayIn("nl"), INTERNAL_PROBLEM)).toBe("een fout aan onze kant");
    expect(exportProblemMessage(en, "anything else")).toBe("an error on our side");
  });
});
