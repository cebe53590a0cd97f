import { describe, expect, it } from "vitest";
import { DEFAULT_PATH_PREFIX, readProxyQuery, statusPath, wantsJson } from "./proxy-query";

const NOW = 1_780_000_000;
const query = (extra: Record<string, string> = {}, ts = NOW) =>
  new URLSearchParams({ shop: "demo.myshopify.com", logged_in_customer_id: "", path_prefix: "/apps/privacy", timestamp: String(ts), signature: "ab".repeat(32), ...extra });

describe("readProxyQuery", () => {
  it("reads shop, customer and path prefix", () => {
    expect(readProxyQuery(query(), NOW)).toEqual({ shop: "demo.myshopify.com", customerId: null, pathPrefix: "/apps/privacy", locale: null });
    expect(readProxyQuery(query({ logged_in_customer_id: "7001", path_prefix: "/a/pd" }), NOW)).toEqual({
      shop: "demo.myshopify.com",
      customerId: "7001",
      pathPrefix: "/a/pd",
      locale: null,
    });
  });

  it("reads the storefront's locale parameter as a supported locale, or none", () => {
    expect(readProxyQuery(query({ locale: "de-AT" }), NOW)?.locale).toBe("de");
    expect(readProxyQuery(query({ locale: "pt" }), NOW)?.locale).toBe("pt-BR");
    expect(readProxyQuery(query({ locale: "{{x}}" }), NOW)?.locale).toBeNull();
    expect(readProxyQuery(query({ locale: "zh-CN" }), NOW)?.locale).toBeNull();
  });

  it("accepts timestamps up to 90 s either way and no further", () => {
    expect(readProxyQuery(query({}, NOW - 90), NOW)).not.toBeNull();
    expect(readProxyQuery(query({}, NOW + 90), NOW)).not.toBeNull();
    expect(readProxyQuery(query({}, NOW - 91), NOW)).toBeNull();
    expect(readProxyQuery(query({}, NOW + 91), NOW)).toBeNull();
  });

  it.each([
    ["a missing timestamp", (q: URLSearchParams) => q.delete("timestamp")],
    ["a non-numeric timestamp", (q: URLSearchParams) => q.set("timestamp", "soon")],
    ["a missing signature", (q: URLSearchParams) => q.delete("signature")],
    ["a repeated shop", (q: URLSearchParams) => q.append("shop", "other.myshopify.com")],
    ["a repeated customer id", (q: URLSearchParams) => q.append("logged_in_customer_id", "1")],
    ["a shop that is not a myshopify domain", (q: URLSearchParams) => q.set("shop", "evil.example.com")],
    ["a non-numeric customer id", (q: URLSearchParams) => q.set("logged_in_customer_id", "gid://shopify/Customer/1")],
  ])("refuses %s", (_name, change) => {
    const q = query();
    change(q);
    expect(readProxyQuery(q, NOW)).toBeNull();
  });

  it("never builds a Location from an unexpected path prefix", () => {
    expect(readProxyQuery(query({ path_prefix: "//evil.example.com" }), NOW)?.pathPrefix).toBe(DEFAULT_PATH_PREFIX);
    expect(readProxyQuery(query({ path_prefix: "/apps/x/../../y" }), NOW)?.pathPrefix).toBe(DEFAULT_PATH_PREFIX);
  });
});

describe("helpers", () => {
  it("detects JSON clients and builds status paths", () => {
    expect(wantsJson("application/json")).toBe(true);
    expect(wantsJson("text/html,*/*")).toBe(false);
    expect(wantsJson(null)).toBe(false);
    expect(statusPath("/apps/privacy", "PR-1")).toBe("/apps/privacy/requests/PR-1");
    expect(statusPath("/apps/privacy", "PR-1", "invalid_code")).toBe("/apps/privacy/requests/PR-1?result=invalid_code");
  });
});
