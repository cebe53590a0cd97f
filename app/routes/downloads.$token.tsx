import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadByLink, exportFileResponse } from "../modules/exports/downloads.server";
import { failureSource } from "../modules/alerts/source.server";
import { checkRateLimit } from "../platform/http/rate-limit.server";
import { negotiateLocale } from "../platform/i18n/locales";
import { translator } from "../platform/i18n/translator.server";

// Public: a requester follows the signed link from their completion email. No session, no cookie.
const HEADERS = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
};

function plain(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...HEADERS, ...extra } });
}

// The requester's stored language when the link leads to their request, else the browser's first choice.
function say(request: Request, status: number, key: string, stored: string | null = null, extra: Record<string, string> = {}): Response {
  const browser = (request.headers.get("accept-language") ?? "").split(",")[0]?.split(";")[0]?.trim();
  const locale = negotiateLocale(stored, browser);
  return plain(status, translator(locale, "shopper")(`download.${key}`), { "Content-Language": locale, ...extra });
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  // Before the link is read, so floods of forged links cost nothing but a counter. The second key
  // is a per-instance ceiling for the endpoint as a whole (the address is not proven here).
  const limit = await checkRateLimit("download", "downloads", request);
  if (!limit.allowed) return say(request, 429, "rate_limited", null, { "Retry-After": String(limit.retryAfterSeconds) });
  const result = await downloadByLink(params.token ?? "", new Date(), failureSource(request, false));
  if (!result.ok) return say(request, result.status, result.reason, result.locale);
  return exportFileResponse(result, { "Referrer-Policy": "no-referrer" });
};
