import type { ActionFunctionArgs } from "@remix-run/node";
import { negotiateLocale } from "../platform/i18n/locales";
import { isReference } from "../modules/storefront/rules/forms";
import { notFoundPage, type ResultKey } from "../modules/storefront/rules/pages";
import { statusPath } from "../modules/storefront/rules/proxy-query";
import { failureSource } from "../modules/alerts/source.server";
import { readBodyCapped } from "../platform/http/body.server";
import { verifyCode, type VerifyOutcome } from "../modules/storefront/storefront.server";
import { jsonAnswer, liquidAnswer, methodNotAllowed, proxyEndpoint, seeOther } from "../modules/storefront/proxy.server";

const CODE_BODY_LIMIT = 1024;

// POST {proxy}/requests/{reference}/verify: the guest's emailed code.
export const action = ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("POST");
  return proxyEndpoint(request, "verify", async (ctx) => {
    const reference = params.reference ?? "";
    const code = (new URLSearchParams((await readBodyCapped(request, CODE_BODY_LIMIT)).toString("utf8")).get("code") ?? "").trim();
    const outcome: VerifyOutcome = isReference(reference) ? await verifyCode(ctx.shop, reference, code, new Date(), failureSource(request, true)) : { kind: "not_found" };
    if (outcome.kind === "not_found") return ctx.json ? jsonAnswer(404, { error: "not_found" }) : liquidAnswer(404, notFoundPage(negotiateLocale(ctx.locale)));
    if (!ctx.json) {
      const result: Record<Exclude<VerifyOutcome["kind"], "not_found">, ResultKey> = { verified: "verified", wrong: "invalid_code", expired: "expired", exhausted: "locked" };
      return seeOther(statusPath(ctx.pathPrefix, reference, result[outcome.kind]));
    }
    switch (outcome.kind) {
      case "verified":
        return jsonAnswer(200, outcome.view);
      case "wrong":
        return jsonAnswer(422, { error: "invalid_code", attemptsRemaining: outcome.attemptsRemaining });
      case "expired":
        return jsonAnswer(410, { error: "expired" });
      case "exhausted":
        return jsonAnswer(429, { error: "rate_limited" });
    }
  });
};

export const loader = () => methodNotAllowed("POST");
