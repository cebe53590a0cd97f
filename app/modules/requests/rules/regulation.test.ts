import { describe, expect, it } from "vitest";
import { storefrontRegulation } from "./regulation";

describe("storefrontRegulation", () => {
  it.each([
    [null, "gdpr"],
    ["gdpr,uk_gdpr,ccpa,lgpd", "gdpr"],
    ["ccpa,uk_gdpr", "uk_gdpr"],
    ["lgpd,ccpa", "ccpa"],
    ["lgpd", "lgpd"],
    ["", "gdpr"],
    ["shopify", "gdpr"],
    ["nonsense", "gdpr"],
  ])("%s -> %s", (setting, expected) => {
    expect(storefrontRegulation(setting)).toBe(expected);
  });
});
