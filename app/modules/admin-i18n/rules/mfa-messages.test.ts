import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { admin } from "../../../locales/admin";
import { translate } from "../../../platform/i18n/client-translate";
import { MfaError } from "../../mfa/rules/errors";
import { flatten } from "./catalog";
import { ADMIN_LOCALES, intlLocale } from "./locale";
import { MFA_MESSAGE_KEYS, mfaErrorMessage } from "./mfa-messages";
import { STEP_UP_ANSWER_KEYS } from "./step-up-messages";
import { StepUpError } from "../../mfa/rules/policy";

const MFA_DIR = join(__dirname, "..", "..", "mfa");
/** Every literal message given to `new MfaError(...)` in the module (the text after the code). */
function thrownMessages(): string[] {
  const sources = readdirSync(MFA_DIR).filter((f) => f.endsWith(".server.ts")).map((f) => readFileSync(join(MFA_DIR, f), "utf8"));
  const found = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(/new MfaError\("(\w+)",\s*([\s\S]*?)(?:,\s*\w+)?\)/g)) {
      if (match[1] === "LOCKED_OUT") continue;
      for (const literal of match[2]!.matchAll(/"((?:[^"\\]|\\.)+)"/g)) if (literal[1]!.includes(" ")) found.add(literal[1]!); // not the reason codes it compares
    }
  }
  return [...found];
}

describe("MFA messages in the admin's language", () => {
  it("every message the MFA module throws has a key, in every admin locale", () => {
    const messages = thrownMessages();
    expect(messages.length).toBeGreaterThanOrEqual(10);
    for (const message of messages) expect(MFA_MESSAGE_KEYS[message], message).toBeDefined();
    for (const locale of ADMIN_LOCALES) {
      const catalog = { ...flatten(admin.en), ...flatten(admin[locale]) };
      const t = (key: string, values?: Record<string, string | number>) => translate(catalog, intlLocale(locale), key, values);
      for (const message of messages) {
        const said = mfaErrorMessage(t, new MfaError("INVALID_CODE", message));
        expect(said).not.toMatch(/^mfa\.|\{\{/);
        if (locale === "en") expect(said).toBe(message);
        else expect(said).not.toBe(message);
      }
      expect(mfaErrorMessage(t, new MfaError("LOCKED_OUT", "x", 90))).toMatch(/2/);
    }
  });

  it("a message the table does not know is passed through, not lost", () => {
    expect(mfaErrorMessage((k) => k, new MfaError("NOT_ENROLLED", "Something new."))).toBe("Something new.");
  });
});

describe("step-up refusals in the admin's language", () => {
  it("each reason's sentence: English as StepUpError says it, translated in every other locale", () => {
    const sayIn = (locale: (typeof ADMIN_LOCALES)[number]) => {
      const catalog = { ...flatten(admin.en), ...flatten(admin[locale]) };
      return (key: string) => translate(catalog, intlLocale(locale), key);
    };
    const reasons = ["step_up_required", "enrollment_required"] as const;
    expect(Object.keys(STEP_UP_ANSWER_KEYS).sort()).toEqual([...reasons].sort());
    for (const reason of reasons) {
      const english = new StepUpError(reason).message;
      expect(sayIn("en")(STEP_UP_ANSWER_KEYS[reason])).toBe(english);
      for (const locale of ADMIN_LOCALES.filter((l) => l !== "en")) expect(sayIn(locale)(STEP_UP_ANSWER_KEYS[reason]), `${locale}: ${reason}`).not.toBe(english);
    }
    expect(sayIn("de")(STEP_UP_ANSWER_KEYS.step_up_required)).toBe("Bestätigen Sie, dass Sie es sind: Geben Sie einen Code aus Ihrer Authenticator-App ein.");
  });
});
