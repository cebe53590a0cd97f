import { describe, expect, it } from "vitest";
import { exitIframeDestination, frameAncestors } from "./frame-policy";

const APP = "https://privacy.example.com";
const SHOP = "demo-shop.myshopify.com";

describe("frameAncestors", () => {
  it("names only the verified shop and Shopify's admin, and nobody without a shop", () => {
    expect(frameAncestors(SHOP)).toBe("frame-ancestors https://demo-shop.myshopify.com https://admin.shopify.com");
    expect(frameAncestors(null)).toBe("frame-ancestors 'none'");
    expect(frameAncestors("evil.example")).toBe("frame-ancestors 'none'");
    expect(frameAncestors("x.myshopify.com https://evil.example")).toBe("frame-ancestors 'none'");
  });
});

describe("exitIframeDestination", () => {
  it("allows this app's paths and origin and the shop's admin", () => {
    expect(exitIframeDestination("/auth?shop=demo-shop.myshopify.com", APP, SHOP)).toBe(`${APP}/auth?shop=demo-shop.myshopify.com`);
    expect(exitIframeDestination(`${APP}/app/requests`, APP, SHOP)).toBe(`${APP}/app/requests`);
    expect(exitIframeDestination(`https://${SHOP}/admin/apps`, APP, SHOP)).toBe(`https://${SHOP}/admin/apps`);
    expect(exitIframeDestination("https://admin.shopify.com/store/demo-shop/apps/x", APP, SHOP)).toBe("https://admin.shopify.com/store/demo-shop/apps/x");
  });

  it("refuses everything else: other hosts, other shops, scripts, protocol-relative and malformed URLs", () => {
    for (const bad of [
      null,
      "",
      "https://evil.example/phish",
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "//evil.example/x",
      "/\\evil.example",
      " https://evil.example",
      "https://demo-shop.myshopify.com.evil.example/admin",
      "https://other-shop.myshopify.com/admin",
      "https://admin.shopify.com/store/other-shop",
      "https://admin.shopify.com/store/demo-shopx",
      `https://${SHOP}/account`,
      `http://${SHOP}/admin`,
      `https://user:pw@${SHOP}/admin`,
      "https://privacy.example.com.evil.example/",
      "x".repeat(3000),
    ]) {
      expect({ bad, got: exitIframeDestination(bad, APP, SHOP) }).toEqual({ bad, got: null });
    }
    expect(exitIframeDestination(`https://${SHOP}/admin`, APP, null)).toBeNull();
  });
});
