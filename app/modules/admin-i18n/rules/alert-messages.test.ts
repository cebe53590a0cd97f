import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { admin } from "../../../locales/admin";
import { translate } from "../../../platform/i18n/client-translate";
import { ALERT_MESSAGE_KEYS, alertMessage } from "./alert-messages";
import { flatten } from "./catalog";
import { ADMIN_LOCALES, intlLocale } from "./locale";

const ALERTS_DIR = join(__dirname, "..", "..", "alerts");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") && !name.endsWith(".test.ts") ? [readFileSync(path, "utf8")] : [];
  });
}

/** Every text the alerts module throws as an AlertError (both sides of a ternary included). */
function moduleTexts(): string[] {
  const texts = new Set<string>();
  for (const source of sources(ALERTS_DIR)) {
    for (const m of source.matchAll(/new AlertError\("\w+",\s*(.+?)\);\s*$/gm)) for (const s of m[1]!.matchAll(/"([^"]+ [^"]+)"/g)) texts.add(s[1]!); // sentences, not the ternary's operands
    expect(source).not.toMatch(/new AlertError\("\w+",\s*`/);
  }
  return [...texts];
}

const sayIn = (locale: (typeof ADMIN_LOCALES)[number]) => {
  const catalog = { ...flatten(admin.en), ...flatten(admin[locale]) };
  return (key: string, values?: Record<string, string | number>) => translate(catalog, intlLocale(locale), key, values);
};

describe("alert refusals in the admin's language", () => {
  it("every text the alerts module throws has a key, translated in every admin locale", () => {
    const texts = moduleTexts();
    expect(texts.length).toBeGreaterThanOrEqual(5);
    for (const text of texts) expect(ALERT_MESSAGE_KEYS[text], text).toBeDefined();
    for (const text of texts) expect(alertMessage(sayIn("en"), text)).toBe(text);
    for (const locale of ADMIN_LOCALES.filter((l) => l !== "en")) {
      const t = sayIn(locale);
      for (const text of texts) expect(alertMessage(t, text), `${locale}: ${text}`).not.toBe(text);
    }
    expect(alertMessage(sayIn("de"), "This alert is already resolved.")).toBe("Dieser Alarm ist bereits erledigt.");
  });
});
