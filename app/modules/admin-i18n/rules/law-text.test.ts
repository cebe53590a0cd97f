import { describe, expect, it } from "vitest";
import { admin } from "../../../locales/admin";
import { translate } from "../../../platform/i18n/client-translate";
import { REGULATIONS, ruleLabel, type RequestType } from "../../requests/rules";
import { flatten } from "./catalog";
import { allRuleTexts, lawLabel, lawNotice } from "./law-text";
import { ADMIN_LOCALES, intlLocale } from "./locale";

const TYPES: RequestType[] = ["access", "portability", "rectification", "erasure", "do_not_sell"];
const tOf = (locale: (typeof ADMIN_LOCALES)[number]) => {
  const messages = { ...flatten(admin.en), ...flatten(admin[locale]) };
  return (key: string, values?: Record<string, string | number>) => translate(messages, intlLocale(locale), key, values);
};

describe("law texts in the admin's language", () => {
  it("English says exactly what the rules say (ruleLabel), for every law and right", () => {
    const t = tOf("en");
    for (const regulation of REGULATIONS) for (const type of TYPES) {
      const english = ruleLabel(regulation, type).replace(/^[^(]+/, "");
      expect(lawLabel(t, regulation, type).replace(/^[^(]+/, "")).toBe(english);
    }
    for (const notice of allRuleTexts().notices) expect(lawNotice(t, notice)?.toLowerCase()).toBe(notice.toLowerCase());
  });

  it("every notice and label is said in every admin language, with no placeholder or key left", () => {
    for (const locale of ADMIN_LOCALES) {
      const t = tOf(locale);
      for (const notice of allRuleTexts().notices) {
        const text = lawNotice(t, notice);
        expect(text, `${locale}: ${notice}`).not.toBeNull();
        expect(text).not.toMatch(/\{\{|law\.notice/);
      }
      for (const regulation of REGULATIONS) for (const type of TYPES) expect(lawLabel(t, regulation, type)).not.toMatch(/\{\{|law\.|regulation\./);
    }
  });

  it("German uses the DSGVO's name and German periods; an unknown notice is not guessed", () => {
    const t = tOf("de");
    expect(lawLabel(t, "gdpr", "access")).toBe("DSGVO (art. 15): 1 Monat, einmal verlängerbar um 2 Monate");
    expect(lawLabel(t, "lgpd", "access")).toMatch(/: 15 Tage, keine Verlängerung$/);
    expect(lawLabel(t, "ccpa", "do_not_sell")).toMatch(/: 15 Werktage, keine Verlängerung$/);
    expect(lawNotice(t, "something new: do it")).toBeNull();
  });
});
