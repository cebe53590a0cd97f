import { db } from "../../platform/db.server";
import { canonicalCategories, type ConsentInput } from "../storefront/rules/forms";
import type { ProxyQuery } from "../storefront/rules/proxy-query";
import { env } from "../../platform/env.server";
import { matchLocale } from "../../platform/i18n/locales";
import { identityRefs } from "../requests/requests.server";

/** Appends one proof of consent. No IP, no user agent: the visitor id is the only handle. */
export async function recordConsent(ctx: ProxyQuery, input: ConsentInput, now: Date): Promise<void> {
  const { customerRef } = identityRefs(env().keyRing, ctx.shop, { customerId: ctx.customerId });
  await db().consentRecord.create({
    data: {
      shopDomain: ctx.shop,
      visitorId: input.visitorId,
      customerRef,
      noticeVersion: input.noticeVersion,
      categories: canonicalCategories(input.categories),
      action: input.action,
      region: input.region || null,
      gpc: input.gpc,
      // A supported locale only (what later pages and emails can speak); the proxy's own when the body has none.
      locale: matchLocale(input.locale) ?? ctx.locale,
      recordedAt: now,
    },
  });
}
