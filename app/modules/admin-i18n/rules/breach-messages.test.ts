import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { admin } from "../../../locales/admin";
import { translate } from "../../../platform/i18n/client-translate";
import { BREACH_CHANGES, breachRefusal, type BreachState } from "../../breaches/rules/lifecycle";
import { BreachError, BreachIntegrityError, MAX_REASON, MAX_TEXT, notificationTime, recordSchema, text } from "../../breaches/rules/record";
import { flatten } from "./catalog";
import { ADMIN_LOCALES, intlLocale } from "./locale";
import { BREACH_MESSAGE_KEYS, breachFieldErrors, breachMessage } from "./breach-messages";

const NOW = new Date("2026-12-01T12:00:00Z");
const ROUTES = join(__dirname, "..", "..", "..", "routes");
const issues = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.success ? [] : result.error!.issues.map((i) => i.message));

/** Every answer the breach rules give: lifecycle refusals in every state, the service's schemas on bad input, and the routes' own texts. */
function breachTexts(): string[] {
  const found = new Set<string>();
  for (const closed of [false, true])
    for (const authorityNotified of [false, true])
      for (const peopleNotified of [false, true])
        for (const notificationNotNeeded of [false, true]) {
          const state: BreachState = { closed, authorityNotified, peopleNotified, notificationNotNeeded };
          for (const change of BREACH_CHANGES) {
            const refusal = breachRefusal(change, state);
            if (refusal) found.add(refusal);
          }
        }
  const schema = recordSchema(NOW);
  const long = "x".repeat(MAX_TEXT + 1);
  for (const input of [
    {},
    { discoveredAt: new Date(Number.NaN), description: " ", categories: [], approxPeopleAffected: 1.5, containment: long },
    { discoveredAt: new Date(NOW.getTime() + 60_000), description: long, categories: ["bogus"], approxPeopleAffected: -1 },
    { discoveredAt: NOW, description: "x", categories: "contact", approxPeopleAffected: 1e12 },
  ])
    issues(schema.safeParse(input)).forEach((m) => found.add(m));
  for (const [label, max] of [["Reason", MAX_REASON], ["Containment steps", MAX_TEXT]] as const)
    for (const value of [undefined, " ", "x".repeat(max + 1)]) issues(text(label, max).safeParse(value)).forEach((m) => found.add(m));
  const row = { discoveredAt: new Date(NOW.getTime() - 3_600_000) };
  for (const at of [new Date(Number.NaN), new Date(NOW.getTime() + 60_000), new Date(row.discoveredAt.getTime() - 60_000)]) {
    try {
      notificationTime(row, at, NOW, "Notification time");
    } catch (error) {
      Object.values((error as BreachError).fieldErrors).forEach((m) => found.add(m));
    }
  }
  // notificationTime's fallback for an issue without a message.
  found.add("Notification time is not valid");
  found.add(new BreachIntegrityError("b", "breach.closed").message);
  for (const m of readFileSync(join(__dirname, "..", "..", "breaches", "breaches.server.ts"), "utf8").matchAll(/new BreachError\("(\w+)", "([^"]+)"/g)) if (m[1] !== "NOT_FOUND") found.add(m[2]!); // NOT_FOUND: the routes answer 404 without the text
  // The routes' texts: their zod helpers compose "<label> is required" / "<label> must be a date and time".
  for (const file of ["app.breaches._index.tsx", "app.breaches.$id.tsx"]) {
    const source = readFileSync(join(ROUTES, file), "utf8");
    const labels = new Set<string>();
    for (const m of source.matchAll(/required\("([^"]+)"\)/g)) {
      labels.add(m[1]!);
      found.add(`${m[1]} is required`);
    }
    for (const m of source.matchAll(/instant\("([^"]+)"\)/g)) {
      labels.add(m[1]!);
      found.add(`${m[1]} must be a date and time`);
    }
    for (const m of source.matchAll(/"([A-Z][^"]* [^"]*)"/g)) if (!labels.has(m[1]!) && m[1] !== "Not found") found.add(m[1]!);
  }
  return [...found].sort();
}

const sayIn = (locale: (typeof ADMIN_LOCALES)[number]) => {
  const catalog = { ...flatten(admin.en), ...flatten(admin[locale]) };
  return (key: string, values?: Record<string, string | number>) => translate(catalog, intlLocale(locale), key, values);
};

describe("breach answers in the admin's language", () => {
  it("every answer the breach rules and routes give has a key, translated in every admin locale", () => {
    const texts = breachTexts();
    expect(texts.length).toBeGreaterThanOrEqual(30);
    expect(texts.filter((m) => !BREACH_MESSAGE_KEYS[m])).toEqual([]);
    // No stale entries: every key of the table is still an answer the module gives.
    expect(Object.keys(BREACH_MESSAGE_KEYS).filter((m) => !texts.includes(m))).toEqual([]);
    for (const locale of ADMIN_LOCALES) {
      const t = sayIn(locale);
      for (const message of texts) {
        const said = breachMessage(t, message);
        expect(said).not.toMatch(/^breachAnswer\.|\{\{/);
        if (locale !== "en") expect(said, `${locale}: ${message}`).not.toBe(breachMessage(sayIn("en"), message));
      }
    }
  });

  it("translates a form's field errors and leaves an unknown text as written", () => {
    const de = sayIn("de");
    expect(breachFieldErrors(de, { description: "Description is required", at: "Notification time cannot be in the future" })).toEqual({
      description: "Die Beschreibung fehlt",
      at: "Der Meldezeitpunkt darf nicht in der Zukunft liegen",
    });
    expect(breachMessage(de, "Something new")).toBe("Something new");
  });
});
