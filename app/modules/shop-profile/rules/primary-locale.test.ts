import { describe, expect, it } from "vitest";
import { primaryLocaleOf } from "./primary-locale";

describe("primaryLocaleOf", () => {
  it("picks the primary locale, whatever the order", () => {
    expect(primaryLocaleOf([{ locale: "en", primary: false }, { locale: "de", primary: true }])).toBe("de");
    expect(primaryLocaleOf([{ locale: "pt-BR", primary: true }])).toBe("pt-BR");
  });

  it("is null without a primary locale or an answer", () => {
    expect(primaryLocaleOf([{ locale: "en", primary: false }])).toBeNull();
    expect(primaryLocaleOf([])).toBeNull();
    expect(primaryLocaleOf(null)).toBeNull();
    expect(primaryLocaleOf([{ locale: "x".repeat(40), primary: true }])).toBeNull();
  });
});
