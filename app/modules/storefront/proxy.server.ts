// The app proxy endpoints' common ground: the signed request checked, rate limits, and the
// answers (JSON for the blocks' scripts, Liquid pages without JavaScript).
import { messagePage } from "./rules/pages";
import { negotiateLocale } from "../../platform/i18n/locales";
import { readProxyQuery, wantsJson, type ProxyQuery } from "./rules/proxy-query";
import { errorFields, log } from "../../platform/logger.server";
import { authenticate } from "../../platform/shopify/shopify.server";
import { BodyTooLargeError } from "../../platform/http/body.server";
import { checkRateLimit, type LimitClass } from "../../platform/http/rate-limit.server";

export interface ProxyContext extends ProxyQuery {
  /** The caller is privacy-form.js (Accept: application/json); otherwise a plain browser form. */
  json: boolean;
}

// ---------------------------------------------------------------------------------------------
// HTTP: every proxy answer is uncacheable (the contract) and sets no cookie.

const NO_STORE = { "Cache-Control": "no-store" };

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...NO_STORE, ...headers } });
}

/** A page Shopify renders as Liquid inside the shop's theme. */
export function liquidAnswer(status: number, html: string, headers: Record<string, string> = {}): Response {
  return new Response(html, { status, headers: { "Content-Type": "application/liquid", ...NO_STORE, ...headers } });
}

export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, ...NO_STORE } });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: NO_STORE });
}

export function methodNotAllowed(allow: string): Response {
  return new Response(null, { status: 405, headers: { Allow: allow, ...NO_STORE } });
}

function rateLimited(ctx: ProxyContext, retryAfterSeconds: number): Response {
  const headers = { "Retry-After": String(retryAfterSeconds) };
  if (ctx.json) return jsonAnswer(429, { error: "rate_limited" }, headers);
  return liquidAnswer(429, messagePage(negotiateLocale(ctx.locale), "rate_limited"), headers);
}

/**
 * Shopify's signature check (authenticate.public.appProxy: 400 on a bad or missing signature or
 * a timestamp more than 90 s off), plus what it leaves open: it accepts a missing or non-numeric
 * timestamp (NaN passes its window check) and reads a repeated parameter as its last value.
 */
export async function authenticateProxy(request: Request, nowMs = Date.now()): Promise<ProxyContext> {
  const badRequest = () => jsonAnswer(400, { error: "bad_request" });
  const query = readProxyQuery(new URL(request.url).searchParams, Math.trunc(nowMs / 1000));
  if (!query) throw badRequest();
  try {
    await authenticate.public.appProxy(request);
  } catch (error) {
    if (error instanceof Response) throw badRequest();
    throw error;
  }
  return { ...query, json: wantsJson(request.headers.get("accept")) };
}

/**
 * The frame of every proxy endpoint: authenticate, rate-limit, run, and turn an oversized body or
 * an unexpected failure into a plain answer (never an error message, which may quote input).
 */
export async function proxyEndpoint(request: Request, kind: LimitClass, handle: (ctx: ProxyContext) => Promise<Response>): Promise<Response> {
  let ctx: ProxyContext;
  try {
    ctx = await authenticateProxy(request);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  const limit = await checkRateLimit(kind, ctx.shop, request);
  if (!limit.allowed) return rateLimited(ctx, limit.retryAfterSeconds);
  try {
    return await handle(ctx);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return jsonAnswer(413, { error: "too_large" }, { Connection: "close" });
    if (error instanceof StorefrontError && error.code === "MAIL_DISABLED") {
      if (ctx.json) return jsonAnswer(503, { error: "unavailable" });
      return liquidAnswer(503, messagePage(negotiateLocale(ctx.locale), "unavailable"));
    }
    log.error("storefront endpoint failed", { shop: ctx.shop, kind, ...errorFields(error) });
    if (ctx.json) return jsonAnswer(500, { error: "unavailable" });
    return liquidAnswer(500, messagePage(negotiateLocale(ctx.locale), "failed"));
  }
}

export class StorefrontError extends Error {
  override readonly name = "StorefrontError";
  constructor(readonly code: "MAIL_DISABLED") {
    super(code);
  }
}
