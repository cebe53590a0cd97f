// What server/start.mjs checks and adds before any handler runs (ADR 0009). Pure, so it is unit
// tested here and used by the one process that serves HTTP.

/** Methods the app answers; anything else (TRACE, CONNECT, WebDAV verbs, made-up tokens) is 405. */
export const ACCEPTED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const ACCEPTED = new Set<string>(ACCEPTED_METHODS);

/** Longer request targets are refused (414): no route takes more than a few hundred characters. */
export const MAX_TARGET_LENGTH = 8192;

/**
 * Headers every response carries unless its handler set its own: no MIME sniffing, no referrer
 * sent to other origins, and no framing (admin documents replace the CSP with the shop's admin,
 * app/platform/http/document-headers.server.ts).
 */
export const DEFAULT_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Content-Security-Policy": "frame-ancestors 'none'",
};

export interface EdgeRefusal {
  status: 400 | 405 | 414;
  text: string;
  reason: string;
  headers?: Record<string, string>;
}

/** Why a request must be refused before routing, or null when it may go on. */
export function edgeRefusal(method: string | undefined, target: string | undefined): EdgeRefusal | null {
  if (!method || !ACCEPTED.has(method)) return { status: 405, text: "Method not allowed", reason: "method", headers: { Allow: ACCEPTED_METHODS.join(", ") } };
  const url = target ?? "";
  if (url.length > MAX_TARGET_LENGTH) return { status: 414, text: "Request target too long", reason: "target_length" };
  // Origin-form only: an absolute-form target ("GET http://other.example/") is a proxy request.
  if (!url.startsWith("/")) return { status: 400, text: "Bad request", reason: "target_form" };
  // No field of this app holds a NUL, and PostgreSQL refuses one in text: refuse it at the door.
  if (/%00/.test(url)) return { status: 400, text: "Bad request", reason: "nul" };
  const path = url.split("?", 1)[0]!;
  try {
    decodeURIComponent(path);
  } catch {
    return { status: 400, text: "Bad request", reason: "percent_encoding" };
  }
  return null;
}

/**
 * X-Forwarded-For as this server passes it on: what arrived, plus the address of the peer that
 * connected (as a proxy appends it). The peer is always the last entry, so the client is read from
 * the right through the configured number of trusted hops (client-address.ts).
 */
export function forwardedFor(received: string | string[] | undefined, peer: string | undefined): string {
  const before = (Array.isArray(received) ? received.join(",") : received ?? "").trim();
  const last = peer && peer.length > 0 ? peer : "unknown";
  return before ? `${before}, ${last}` : last;
}
