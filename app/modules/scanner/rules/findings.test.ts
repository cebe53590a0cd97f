import { describe, expect, it } from "vitest";
import { buildFindings, diffFindings, findingsCsv, isViolation, registrableDomain, type Observation } from "./findings";
import { pageUrl, parseExtraPath, parseExtraPaths, sameOrigin } from "./paths";

const AT = new Date("2026-12-01T00:00:00Z");
const obs = (o: Partial<Observation>): Observation => ({ kind: "cookie", name: "x", domain: "shop.example.com", expires: null, pass: "before", page: "/", ...o });

describe("scan findings", () => {
  it("merges passes and pages, classifies, and flags non-necessary trackers seen before consent", () => {
    const findings = buildFindings(
      [
        obs({ name: "_fbp", domain: ".shop.example.com", expires: AT.getTime() / 1000 + 90 * 86400, pass: "after", page: "/" }),
        obs({ name: "_fbp", domain: "shop.example.com", pass: "after", page: "/cart" }),
        obs({ name: "_ga", pass: "before", page: "/" }),
        obs({ name: "_tracking_consent", pass: "before" }),
        obs({ kind: "request", name: "connect.facebook.net", domain: "connect.facebook.net", pass: "before" }),
        obs({ kind: "local_storage", name: "mystery", pass: "after" }),
      ],
      "shop.example.com",
      AT,
    );
    const by = (name: string) => findings.find((f) => f.name === name)!;
    expect(by("_fbp")).toMatchObject({ category: "marketing", firstParty: true, beforeConsent: false, expiresInDays: 90, pages: ["/", "/cart"], preset: "meta-pixel" });
    expect(by("connect.facebook.net")).toMatchObject({ firstParty: false, beforeConsent: true });
    expect(isViolation(by("_ga"))).toBe(true);
    expect(isViolation(by("_tracking_consent"))).toBe(false);
    expect(by("mystery").category).toBe("unclassified");
    // Violations first.
    expect(findings.slice(0, 2).every(isViolation)).toBe(true);
    expect(registrableDomain("www.shop.co.uk")).toBe("shop.co.uk");
  });

  it("diffs against the previous scan and names new violations only", () => {
    const old = buildFindings([obs({ name: "_ga", pass: "after" }), obs({ name: "gone", pass: "after" })], "shop.example.com", AT);
    const now = buildFindings([obs({ name: "_ga", pass: "before" }), obs({ name: "_fbp", pass: "after" })], "shop.example.com", AT);
    const diff = diffFindings(old, now);
    expect(diff.added.map((f) => f.name)).toEqual(["_fbp"]);
    expect(diff.removed.map((f) => f.name)).toEqual(["gone"]);
    expect(diff.newViolations.map((f) => f.name)).toEqual(["_ga"]);
    expect(diffFindings(null, now)).toEqual({ added: [], removed: [], newViolations: [] });
  });

  it("exports CSV with quoting and without spreadsheet formulas", () => {
    const csv = findingsCsv(buildFindings([obs({ name: "=HYPERLINK(1)", pass: "before" }), obs({ name: "a,b", pass: "after" })], "shop.example.com", AT));
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("kind,name,domain,first_party,before_consent,category,provider,purpose,retention,expires_in_days,pages");
    expect(csv).toContain("'=HYPERLINK(1)");
    expect(csv).toContain('"a,b"');
  });

  it("accepts only same-origin extra paths", () => {
    expect(parseExtraPath("/pages/about")).toBe("/pages/about");
    expect(parseExtraPath("/search?q=x")).toBe("/search?q=x");
    for (const bad of ["//evil.example/x", "https://evil.example/", "pages/about", "/a b", "/\\\\evil"]) expect(parseExtraPath(bad)).toBeNull();
    expect(parseExtraPaths("/a\n/b, /a\nhttp://x")).toEqual({ paths: ["/a", "/b"], rejected: ["http://x"] });
    expect(pageUrl("http://127.0.0.1:3001/trackers", "/")).toBe("http://127.0.0.1:3001/trackers");
    expect(pageUrl("https://shop.example.com", "/cart")).toBe("https://shop.example.com/cart");
    expect(sameOrigin("https://shop.example.com", "https://evil.example/")).toBe(false);
  });
});
