import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { admin } from "../../../locales/admin";
import { translate } from "../../../platform/i18n/client-translate";
import { DESTINATION_LABELS, destinationSchema } from "../../audit-stream/rules/destinations";
import { flatten } from "./catalog";
import { ADMIN_LOCALES, intlLocale } from "./locale";
import { STREAM_MESSAGE_KEYS, streamMessage } from "./stream-messages";

const SOURCE = readFileSync(join(__dirname, "..", "..", "audit-stream", "rules", "destinations.ts"), "utf8");

/** Every message literal of the destination schema (labels of the kinds aside). */
function schemaLiterals(): string[] {
  const labels = new Set<string>(Object.values(DESTINATION_LABELS));
  const found = new Set<string>();
  for (const m of SOURCE.matchAll(/(?:message:|error:|\(|,)\s*"([^"]*[ ][^"]*)"/g)) if (!labels.has(m[1]!)) found.add(m[1]!);
  return [...found].sort();
}

/** What the schema answers for bad forms of each kind. */
function schemaAnswers(): string[] {
  const schema = destinationSchema(false);
  const long = "x".repeat(20_001);
  const found = new Set<string>();
  for (const input of [
    { kind: "bogus" },
    { kind: "syslog", name: "", host: "", port: "x", caPem: "nope", clientCertPem: "nope", clientKeyPem: "" },
    { kind: "syslog", name: "x".repeat(81), host: "10.0.0.1", port: "70000", caPem: long, clientCertPem: long, clientKeyPem: long },
    { kind: "splunk_hec", name: "n", url: "", token: "" },
    { kind: "splunk_hec", name: "n", url: "not a url", token: "a b", index: "x".repeat(201) },
    { kind: "splunk_hec", name: "n", url: "http://splunk.example.com", token: "t" },
    { kind: "splunk_hec", name: "n", url: "https://user:pw@splunk.example.com", token: "t" },
    { kind: "splunk_hec", name: "n", url: "https://127.0.0.1:8088", token: "t" },
    { kind: "splunk_hec", name: "n", url: `https://${"a".repeat(2001)}.com`, token: "t" },
    { kind: "elasticsearch", name: "n", url: "https://es.example.com", index: "", username: "u" },
    { kind: "elasticsearch", name: "n", url: "https://es.example.com", index: "Bad Index", apiKey: "k", username: "u", password: "p" },
  ]) {
    const result = schema.safeParse(input);
    if (!result.success) result.error.issues.forEach((i) => found.add(i.message));
  }
  return [...found].sort();
}

const sayIn = (locale: (typeof ADMIN_LOCALES)[number]) => {
  const catalog = { ...flatten(admin.en), ...flatten(admin[locale]) };
  return (key: string, values?: Record<string, string | number>) => translate(catalog, intlLocale(locale), key, values);
};

describe("streaming destination errors in the admin's language", () => {
  it("every message the destination schema can give has a key, translated in every admin locale", () => {
    const literals = schemaLiterals();
    expect(literals.length).toBeGreaterThanOrEqual(20);
    expect(literals.filter((m) => !STREAM_MESSAGE_KEYS[m])).toEqual([]);
    const answers = schemaAnswers();
    expect(answers).toContain("must be at most 80 characters");
    expect(answers).toContain("Choose a kind of destination from the list");
    const all = [...new Set([...literals, ...answers])];
    for (const locale of ADMIN_LOCALES) {
      const t = sayIn(locale);
      for (const message of all) {
        const said = streamMessage(t, message);
        expect(said, message).not.toMatch(/^streamingAnswer\.|\{\{/);
        if (locale === "en") expect(said).toBe(message);
        else expect(said, `${locale}: ${message}`).not.toBe(message);
      }
    }
    expect(streamMessage(sayIn("de"), "must be at most 80 characters")).toBe("darf höchstens 80 Zeichen lang sein");
  });

  it("a text the table does not know stays as written", () => {
    expect(streamMessage(sayIn("de"), "Something new")).toBe("Something new");
  });
});
