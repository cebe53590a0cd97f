import type { ActionFunctionArgs } from "@remix-run/node";
import { negotiateLocale } from "../platform/i18n/locales";
import { isReference } from "../modules/storefront/rules/forms";
import { notFoundPage } from "../modules/storefront/rules/pages";
import { statusPath } from "../modules/storefront/rules/proxy-query";
import { resendCode, type ResendOutcome } from "../modules/storefront/storefront.server";
import { jsonAnswer, liquidAnswer, methodNotAllowed, proxyEndpoint, seeOther } from "../modules/storefront/proxy.server";

// POST {proxy}/requests/{reference}/resend: a new code when the email did not arrive or expired.
export const action = ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("POST");
  return proxyEndpoint(request, "resend", async (ctx) => {
    const reference = params.reference ?? "";
    const outcome: ResendOutcome = isReference(reference) ? await resendCode(ctx.shop, reference, new Date(), ctx.pathPrefix) : { kind: "not_found" };
    if (outcome.kind === "not_found") return ctx.json ? jsonAnswer(404, { error: "not_found" }) : liquidAnswer(404, notFoundPage(negotiateLocale(ctx.locale)));
    if (!ctx.json) {
      const result = outcome.kind === "sent" ? "resent" : outcome.kind === "refused" ? "resend_refused" : undefined;
      return seeOther(statusPath(ctx.pathPrefix, reference, result));
    }
    if (outcome.kind === "refused") return jsonAnswer(429, { error: "rate_limited" });
    return jsonAnswer(200, outcome.view);
  });
};

export const loader = () => methodNotAllowed("POST");
