import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadByLink, exportFileResponse } from "../modules/exports/downloads.server";
import { failureSource } from "../modules/alerts/source.server";
import { checkRateLimit } from "../platform/http/rate-limit.server";

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

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  // Before the link is read, so floods of forged links cost nothing but a counter. The second key
  // is a per-instance ceiling for the endpoint as a whole (the address is not proven here).
  const limit = await checkRateLimit("download", "downloads", request);
  if (!limit.allowed) return plain(429, "Too many downloads from here. Please wait a minute and try again.", { "Retry-After": String(limit.retryAfterSeconds) });
  const result = await downloadByLink(params.token ?? "", new Date(), failureSource(request, false));
  if (!result.ok) return plain(result.status, result.message);
  return exportFileResponse(result, { "Referrer-Policy": "no-referrer" });
};
