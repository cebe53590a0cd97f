import type { ActionFunctionArgs } from "@remix-run/node";
import { CONSENT_BODY_LIMIT, parseConsent } from "../modules/storefront/rules/forms";
import { readBodyCapped } from "../platform/http/body.server";
import { jsonAnswer, methodNotAllowed, noContent, proxyEndpoint } from "../modules/storefront/proxy.server";
import { recordConsent } from "../modules/consent/record.server";

// POST {proxy}/consent: proof of consent from consent.js (extensions/privacy-consent/README.md).
export const action = ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("POST");
  return proxyEndpoint(request, "consent", async (ctx) => {
    const input = parseConsent((await readBodyCapped(request, CONSENT_BODY_LIMIT)).toString("utf8"));
    if (!input) return jsonAnswer(400, { error: "invalid" });
    await recordConsent(ctx, input, new Date());
    return noContent();
  });
};

export const loader = () => methodNotAllowed("POST");
