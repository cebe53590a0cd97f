// Issue 15: a shopper whose own language is not known (a request Shopify opened with
// customers/data_request) is written to in the shop's primary storefront locale, which the app reads
// from the Admin API (`shopLocales`, scope read_locales) on the first admin load and stores.
import { describe, expect, it } from "vitest";
import { cipherContext } from "../../app/platform/protected-data/registry";
import { decryptField } from "../../app/platform/crypto";
import { createSandboxSeed, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { useSandboxShopApp } from "../helpers/app-fixture";
import { adminHeaders } from "../helpers/admin-session";
import { keyRingOf } from "../helpers/keys";
import { deliverCompliance } from "../helpers/webhooks";
import { dataRequestPayload } from "../fixtures/webhooks";
import { htmlTexts, langOf } from "../helpers/i18n-checks";

const SHOP = SANDBOX_SHOP_DOMAIN;
const fixture = useSandboxShopApp({
  standin: {
    seed: createSandboxSeed({
      locales: [
        { locale: "en", primary: false, published: true },
        { locale: "de", primary: true, published: true },
      ],
    }),
  },
});

describe("the shop's primary locale", () => {
  it("is stored on the first admin load and speaks for a customer Shopify asked for", async () => {
    const { app, db, env, standin } = fixture;
    await db.shop.upsert({ where: { domain: SHOP }, create: { domain: SHOP }, update: { primaryLocale: null } });
    const page = await fetch(new URL("/app", app.url), { headers: adminHeaders(env, SHOP) });
    expect(page.status).toBe(200);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).primaryLocale).toBe("de");
    expect(standin.requests.filter((r) => r.operationName === "ShopPrimaryLocale").length).toBe(1);

    // Stored: the next load does not ask Shopify again.
    await fetch(new URL("/app", app.url), { headers: adminHeaders(env, SHOP) });
    expect(standin.requests.filter((r) => r.operationName === "ShopPrimaryLocale").length).toBe(1);

    const event = await deliverCompliance(fixture, "customers/data_request", SHOP, dataRequestPayload({ shop: SHOP, customerId: 402, email: "ines.example@example.com", requestId: 31 }));
    expect(event.status).toBe("processed");
    const request = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP, shopifyDataRequestId: "31" } });
    expect(request.locale).toBe("de");
    const file = await db.exportFile.findFirstOrThrow({ where: { requestId: request.id, format: "html" } });
    const html = decryptField(keyRingOf(env), file.contentCipher, cipherContext.exportFile(file.id));
    expect(langOf(html)).toBe("de");
    expect(htmlTexts(html).join("\n")).toMatch(/Ihre|Daten/);
  });
});
