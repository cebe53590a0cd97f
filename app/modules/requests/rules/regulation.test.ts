import { describe, expect, it } from "vitest";
import { chooseRegulation, enabledRegulations, storefrontRegulation } from "./regulation";
import { lawOfRegion, parseRegion, REGULATION_RULES, REGULATIONS, rightRule } from "./regulations";
import { REQUEST_TYPES } from "./states";

const now = new Date("2026-12-01T12:00:00Z");

describe("storefrontRegulation (the shop's default)", () => {
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

  it("reads no setting as the default four and an unusable one as GDPR", () => {
    expect(enabledRegulations(null)).toEqual(["gdpr", "uk_gdpr", "ccpa", "lgpd"]);
    expect(enabledRegulations("shopify,nonsense")).toEqual(["gdpr"]);
    expect(enabledRegulations("ccpa, lgpd")).toEqual(["ccpa", "lgpd"]);
  });
});

describe("region -> law", () => {
  it.each([
    ["DE", "gdpr"], ["FR", "gdpr"], ["IE", "gdpr"], ["NO", "gdpr"], ["IS", "gdpr"], ["LI", "gdpr"], ["DEBY", "gdpr"],
    ["GB", "uk_gdpr"], ["GBENG", "uk_gdpr"],
    ["CH", "swiss_fadp"],
    ["USCA", "ccpa"], ["US-CA", "ccpa"], ["usca", "ccpa"], ["USVA", "us_va"], ["USCO", "us_co"], ["USCT", "us_ct"], ["USUT", "us_ut"], ["USTX", "us_tx"], ["USOR", "us_or"],
    ["USNY", null], ["US", "unknown"],
    ["BR", "lgpd"], ["BRSP", "lgpd"],
    ["CAON", "pipeda"], ["CABC", "pipeda"], ["CAQC", "quebec"], ["CA", "unknown"],
    ["JP", null], ["AU", null],
  ])("%s -> %s", (region, law) => {
    const parsed = parseRegion(region);
    expect(parsed).not.toBeNull();
    expect(lawOfRegion(parsed!)).toBe(law);
  });

  it.each(["", "X", "1234", "DE<script>", "TOOLONGREGION", "D"])("%j is not a region", (value) => {
    expect(parseRegion(value)).toBeNull();
  });
});

describe("chooseRegulation", () => {
  const ALL = REGULATIONS.filter((r) => r !== "shopify").join(",");
  const choose = (region: string | null, customerCountry: string | null = null, enabled: string | null = ALL, type: (typeof REQUEST_TYPES)[number] = "access") =>
    chooseRegulation({ region, customerCountry, enabled, type, now });

  it("follows a clear region", () => {
    expect(choose("USCA")).toMatchObject({ regulation: "ccpa", basis: "region", region: "USCA" });
    expect(choose("BRSP")).toMatchObject({ regulation: "lgpd", basis: "region" });
    expect(choose("CAQC")).toMatchObject({ regulation: "quebec", basis: "region" });
    expect(choose("GB")).toMatchObject({ regulation: "uk_gdpr", basis: "region" });
    expect(choose("CH")).toMatchObject({ regulation: "swiss_fadp", basis: "region" });
  });

  it("uses the shop's default outside every law, and for a law the shop has not enabled", () => {
    expect(choose("JP")).toMatchObject({ regulation: "gdpr", basis: "shop_default" });
    expect(choose("USNY")).toMatchObject({ regulation: "gdpr", basis: "shop_default" });
    expect(choose("USVA", null, null)).toMatchObject({ regulation: "gdpr", basis: "shop_default" }); // Virginia not among the defaults
    expect(choose("USCA", null, "gdpr,uk_gdpr")).toMatchObject({ regulation: "gdpr", basis: "shop_default" });
    expect(choose("JP", null, "ccpa,uk_gdpr")).toMatchObject({ regulation: "uk_gdpr", basis: "shop_default" });
  });

  it("takes the shortest deadline when the region is unknown: a missing claim cannot lengthen it", () => {
    // LGPD's 15 days is the shortest of every law for every right.
    for (const region of [null, "", "garbage", "US", "CA"]) {
      expect(choose(region)).toMatchObject({ regulation: "lgpd", basis: "unknown_region" });
    }
    // Among GDPR and CCPA: GDPR's month beats 45 days; for an opt-out, 15 business days beat a month.
    expect(choose(null, null, "gdpr,ccpa")).toMatchObject({ regulation: "gdpr", candidates: ["gdpr", "ccpa"] });
    expect(choose(null, null, "gdpr,ccpa", "do_not_sell")).toMatchObject({ regulation: "ccpa" });
    // Quebec and PIPEDA tie on 30 days; the one without an extension wins.
    expect(choose(null, null, "pipeda,quebec")).toMatchObject({ regulation: "quebec" });
  });

  it("takes the shortest deadline when the region and the signed-in customer's country disagree", () => {
    expect(choose("USCA", "DE")).toMatchObject({ regulation: "gdpr", basis: "disputed_region", candidates: ["ccpa", "gdpr"] });
    expect(choose("DE", "BR")).toMatchObject({ regulation: "lgpd", basis: "disputed_region" });
    expect(choose("USVA", "USCA", null, "do_not_sell")).toMatchObject({ regulation: "ccpa", basis: "disputed_region" });
    // A claim of "no law here" against a customer in California: CCPA is shorter than the default for an opt-out.
    expect(choose("JP", "USCA", null, "do_not_sell")).toMatchObject({ regulation: "ccpa", basis: "disputed_region" });
    // Agreement, or only the customer's country known: no dispute.
    expect(choose("DE", "FR")).toMatchObject({ regulation: "gdpr", basis: "region" });
    expect(choose(null, "BR")).toMatchObject({ regulation: "lgpd", basis: "region" });
  });
});

describe("each law's rights", () => {
  it("never asks for identity verification of an opt-out of sale/sharing, always for the other rights (storefront laws)", () => {
    for (const regulation of REGULATIONS.filter((r) => r !== "shopify")) {
      expect(rightRule(regulation, "do_not_sell").verify).toBe(false);
      for (const type of REQUEST_TYPES.filter((t) => t !== "do_not_sell")) expect(rightRule(regulation, type).verify).toBe(true);
    }
  });

  it("knows which rights a law does not give", () => {
    expect(rightRule("us_ut", "rectification").exists).toBe(false);
    expect(rightRule("pipeda", "portability").exists).toBe(false);
    expect(rightRule("pipeda", "erasure").exists).toBe(false);
    expect(rightRule("quebec", "portability").exists).toBe(true);
    expect(rightRule("gdpr", "do_not_sell").exists).toBe(true);
  });

  it("says how an extension must be announced wherever one is allowed", () => {
    for (const regulation of REGULATIONS) {
      for (const type of REQUEST_TYPES) {
        const rule = rightRule(regulation, type);
        expect(rule.extension === null).toBe(rule.extensionNotice === null);
      }
    }
    expect(rightRule("ccpa", "do_not_sell")).toMatchObject({ period: { businessDays: 15 }, extension: null });
    expect(REGULATION_RULES.ccpa.timeZone).toBe("America/Los_Angeles");
    expect(REGULATION_RULES.us_va.cure).toMatch(/30 days/);
  });
});
