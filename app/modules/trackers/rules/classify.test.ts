import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PRESETS, TRACKERS } from "../presets";
import { classifyHost, classifyName, nameMatches, parseCookieDatabaseCsv } from "./classify";

const CSV = `ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match
256c0b3c-1,Acme Ads,Marketing,acme_uid,acme-ads.example (3rd party),"Identifies the visitor, for ads",1 year,Acme,https://acme.example/privacy,0
256c0b3c-2,Acme Ads,Marketing,acme_seg_,acme-ads.example (3rd party),Audience segment,30 days,Acme,,1
256c0b3c-3,Shopify,Functional,_ga,shop.example,"A row that must not win over the app's own list",1 year,Shopify,,0
256c0b3c-4,Odd,Unknown kind,odd,odd.example,?,?,Odd,,0
`;

describe("tracker classification", () => {
  it("matches wildcard names", () => {
    expect(nameMatches("_hjSession_*", "_hjSession_3901234")).toBe(true);
    expect(nameMatches("_hjSession_*", "_hjSessionUser_1")).toBe(false);
    expect(nameMatches("ytidb::*", "ytidb::LAST_RESULT_ENTRY_KEY")).toBe(true);
    expect(nameMatches("_ga", "_ga_X")).toBe(false);
  });

  it("classifies hosts and names from the app's list, unknown ones unclassified", () => {
    expect(classifyHost("connect.facebook.net")).toMatchObject({ category: "marketing", preset: "meta-pixel", source: "app" });
    expect(classifyHost("www.googletagmanager.com")).toMatchObject({ category: "analytics", preset: "gtm" });
    expect(classifyHost("notfacebook.com").category).toBe("unclassified");
    expect(classifyName("_ga_SANDBOX1")).toMatchObject({ category: "analytics", provider: "Google Analytics 4" });
    expect(classifyName("_hjSessionUser_3901234")).toMatchObject({ category: "analytics", preset: "hotjar" });
    expect(classifyName("_tracking_consent")).toMatchObject({ category: "necessary", provider: "Shopify" });
    expect(classifyName("mystery_cookie")).toEqual({ category: "unclassified", provider: null, purpose: null, retention: null, source: null, preset: null });
  });

  it("loads the Open Cookie Database CSV format and uses it after the app's list, wildcards as prefixes", () => {
    const rows = parseCookieDatabaseCsv(CSV);
    expect(rows.map((r) => r.name)).toEqual(["acme_uid", "acme_seg_", "_ga"]);
    expect(rows[0]).toMatchObject({ category: "marketing", provider: "Acme Ads", purpose: "Identifies the visitor, for ads", retention: "1 year", wildcard: false });
    expect(classifyName("acme_uid", rows)).toMatchObject({ category: "marketing", source: "open-cookie-database" });
    expect(classifyName("acme_seg_42", rows)).toMatchObject({ category: "marketing", provider: "Acme Ads" });
    expect(classifyName("acme_uid_2", rows).category).toBe("unclassified");
    expect(classifyName("_ga", rows)).toMatchObject({ category: "analytics", source: "app" });
    expect(parseCookieDatabaseCsv("nothing,useful\n1,2")).toEqual([]);
  });

  it("keeps the storefront blocker's host list in step with the presets", () => {
    // The readable source; tests/storefront/extension.test.ts checks the shipped snippet is built from it.
    const source = readFileSync(fileURLToPath(new URL("../../../../extensions-src/privacy-consent/consent-blocker.js", import.meta.url)), "utf8");
    const hosts = /HOSTS = \{([^}]+)\}/.exec(source)?.[1] ?? "";
    const blocker = [...hosts.matchAll(/(\w+): '([^']+)'/g)].flatMap((m) => m[2]!.split(" ").map((h) => `${h} ${m[1]}`));
    const presets = PRESETS.flatMap((t) => t.hosts.map((h) => `${h} ${t.category}`));
    expect(blocker.sort()).toEqual(presets.sort());
    expect(TRACKERS.filter((t) => t.preset).map((t) => t.id)).toEqual(expect.arrayContaining(["gtm", "ga4", "meta-pixel", "tiktok-pixel", "pinterest-tag", "snap-pixel", "hotjar", "clarity", "microsoft-uet", "klaviyo", "youtube", "vimeo"]));
  });
});
