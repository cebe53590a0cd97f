import type { LoaderFunctionArgs } from "@remix-run/node";
import { negotiateLocale } from "../platform/i18n/locales";
import { shopTimeZoneForShopper } from "../modules/shop-profile/shop-profile.server";
import { isReference } from "../modules/storefront/rules/forms";
import { isResultKey, notFoundPage, statusPage } from "../modules/storefront/rules/pages";
import { requestStatus } from "../modules/storefront/storefront.server";
import { jsonAnswer, liquidAnswer, methodNotAllowed, proxyEndpoint } from "../modules/storefront/proxy.server";

// GET {proxy}/requests/{reference}: status only, never personal data.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  proxyEndpoint(request, "lookup", async (ctx) => {
    const reference = params.reference ?? "";
    const found = isReference(reference) ? await requestStatus(ctx.shop, reference) : null;
    if (ctx.json) return found ? jsonAnswer(200, { reference: found.reference, status: found.status }) : jsonAnswer(404, { error: "not_found" });
    if (!found) return liquidAnswer(404, notFoundPage(negotiateLocale(ctx.locale)));
    const result = new URL(request.url).searchParams.get("result");
    return liquidAnswer(200, statusPage({ ...found, locale: negotiateLocale(ctx.locale, found.locale), timeZone: await shopTimeZoneForShopper(ctx.shop), pathPrefix: ctx.pathPrefix, result: isResultKey(result) ? result : null }));
  });

export const action = () => methodNotAllowed("GET");
