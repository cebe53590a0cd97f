import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signSessionToken } from "../../../sandbox/signing/session-token";
import { shopFromAdminHmac, shopFromSessionToken } from "./shop-proof";

const KEY = "api-key";
const SECRET = "s".repeat(40);
const SHOP = "demo-shop.myshopify.com";
const NOW = 1_800_000_000;

function signedQuery(params: Record<string, string>, secret = SECRET): URLSearchParams {
  const sorted = Object.entries(params).sort(([a], [b]) => a.localeCompare(b));
  const hmac = createHmac("sha256", secret).update(new URLSearchParams(sorted).toString()).digest("hex");
  return new URLSearchParams({ ...params, hmac });
}

describe("shopFromSessionToken", () => {
  it("returns the shop of a token signed with the app secret for this app", () => {
    expect(shopFromSessionToken(signSessionToken({ apiKey: KEY, apiSecret: SECRET, shop: SHOP, issuedAt: NOW }), KEY, SECRET, NOW)).toBe(SHOP);
  });

  it("refuses another secret, another app, an expired token and garbage", () => {
    expect(shopFromSessionToken(signSessionToken({ apiKey: KEY, apiSecret: "x".repeat(40), shop: SHOP, issuedAt: NOW }), KEY, SECRET, NOW)).toBeNull();
    expect(shopFromSessionToken(signSessionToken({ apiKey: "other", apiSecret: SECRET, shop: SHOP, issuedAt: NOW }), KEY, SECRET, NOW)).toBeNull();
    expect(shopFromSessionToken(signSessionToken({ apiKey: KEY, apiSecret: SECRET, shop: SHOP, issuedAt: NOW - 600 }), KEY, SECRET, NOW)).toBeNull();
    for (const junk of ["", "a.b.c", "x".repeat(5000), "....."]) expect(shopFromSessionToken(junk, KEY, SECRET, NOW)).toBeNull();
  });
});

describe("shopFromAdminHmac", () => {
  it("returns the shop of a query Shopify signed within 90 s", () => {
    expect(shopFromAdminHmac(signedQuery({ shop: SHOP, host: "YWRtaW4", timestamp: String(NOW) }), SECRET, NOW + 30)).toBe(SHOP);
  });

  it("refuses a forged or stale signature, a changed shop and a missing timestamp", () => {
    expect(shopFromAdminHmac(signedQuery({ shop: SHOP, timestamp: String(NOW) }, "y".repeat(40)), SECRET, NOW)).toBeNull();
    expect(shopFromAdminHmac(signedQuery({ shop: SHOP, timestamp: String(NOW) }), SECRET, NOW + 600)).toBeNull();
    const changed = signedQuery({ shop: SHOP, timestamp: String(NOW) });
    changed.set("shop", "evil-shop.myshopify.com");
    expect(shopFromAdminHmac(changed, SECRET, NOW)).toBeNull();
    expect(shopFromAdminHmac(signedQuery({ shop: SHOP }), SECRET, NOW)).toBeNull();
    expect(shopFromAdminHmac(new URLSearchParams({ shop: SHOP }), SECRET, NOW)).toBeNull();
  });
});
