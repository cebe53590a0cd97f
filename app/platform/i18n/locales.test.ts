import { describe, expect, it } from "vitest";
import { matchLocale, negotiateLocale, SUPPORTED_LOCALES } from "./locales";

describe("matchLocale", () => {
  it("keeps every supported locale as it is", () => {
    for (const locale of SUPPORTED_LOCALES) expect(matchLocale(locale)).toBe(locale);
  });
  it("falls back from a region to its language, and from Portuguese to pt-BR", () => {
    expect(matchLocale("de-AT")).toBe("de");
    expect(matchLocale("de-CH")).toBe("de");
    expect(matchLocale("en-GB")).toBe("en");
    expect(matchLocale("fr-CA")).toBe("fr");
    expect(matchLocale("pt")).toBe("pt-BR");
    expect(matchLocale("pt-PT")).toBe("pt-BR");
    expect(matchLocale("pt_br")).toBe("pt-BR");
    expect(matchLocale("PT-br")).toBe("pt-BR");
    expect(matchLocale("zh-Hant-TW")).toBeNull();
    expect(matchLocale("sr-Latn-RS")).toBeNull();
  });
  it("reads nothing else as a locale", () => {
    for (const bad of ["", "x", "{{x}}", "<de>", "de AT", "de-".padEnd(40, "x"), 42, null, undefined]) expect(matchLocale(bad)).toBeNull();
  });
});

describe("negotiateLocale", () => {
  it("takes the first candidate that names a supported locale, else English", () => {
    expect(negotiateLocale("de-AT", "fr", "es")).toBe("de");
    expect(negotiateLocale("", "fr", "es")).toBe("fr");
    expect(negotiateLocale(null, "zh-CN", "es")).toBe("es");
    expect(negotiateLocale(undefined, null, "tlh")).toBe("en");
    expect(negotiateLocale()).toBe("en");
  });
});
