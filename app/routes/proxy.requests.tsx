import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { negotiateLocale } from "../platform/i18n/locales";
import { isReference, parseRequestForm, REQUEST_BODY_LIMIT } from "../modules/storefront/rules/forms";
import { invalidFormPage, notFoundPage } from "../modules/storefront/rules/pages";
import { statusPath } from "../modules/storefront/rules/proxy-query";
import { readBodyCapped } from "../platform/http/body.server";
import { newReference } from "../modules/requests/requests.server";
import { createStorefrontRequest } from "../modules/storefront/storefront.server";
import { jsonAnswer, liquidAnswer, methodNotAllowed, proxyEndpoint, seeOther } from "../modules/storefront/proxy.server";

// POST {proxy}/requests: a new data subject request from the storefront form.
export const action = ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("GET, POST");
  return proxyEndpoint(request, "request", async (ctx) => {
    const form = new URLSearchParams((await readBodyCapped(request, REQUEST_BODY_LIMIT)).toString("utf8"));
    const parsed = parseRequestForm(form);
    if (parsed.kind === "invalid") {
      return ctx.json ? jsonAnswer(422, { error: "invalid", fields: parsed.fields }) : liquidAnswer(422, invalidFormPage(negotiateLocale(form.get("locale"), ctx.locale), parsed.fields));
    }
    // A filled honeypot gets an answer indistinguishable from a guest's success; nothing is kept.
    const created =
      parsed.kind === "honeypot" ? { reference: newReference(), status: "awaiting_verification" } : await createStorefrontRequest(ctx, parsed.value, new Date());
    return ctx.json ? jsonAnswer(201, created) : seeOther(statusPath(ctx.pathPrefix, created.reference));
  });
};

// GET {proxy}/requests?reference=...: the status lookup form without JavaScript.
export const loader = ({ request }: LoaderFunctionArgs) =>
  proxyEndpoint(request, "lookup", async (ctx) => {
    const reference = (new URL(request.url).searchParams.get("reference") ?? "").trim();
    if (!isReference(reference)) return ctx.json ? jsonAnswer(404, { error: "not_found" }) : liquidAnswer(404, notFoundPage(negotiateLocale(ctx.locale)));
    return seeOther(statusPath(ctx.pathPrefix, reference));
  });
