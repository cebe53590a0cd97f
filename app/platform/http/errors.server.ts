import { isRouteErrorResponse } from "@remix-run/react";
import { log } from "../logger.server";

/** The request id server/start.mjs put into Remix's load context ("-" outside it). */
export function requestIdOf(context: unknown): string {
  const id = (context as { requestId?: unknown } | null | undefined)?.requestId;
  return typeof id === "string" ? id : "-";
}

/**
 * Remix's handleError: the server log gets the class, code and stack frames with the request id
 * the response shows; never the message (it may quote input or personal data), never the body.
 */
export function logRequestError(error: unknown, request: Request, context: unknown): void {
  if (request.signal.aborted) return;
  const requestId = requestIdOf(context);
  if (isRouteErrorResponse(error)) {
    if (error.status < 500) {
      log.info("request refused by the router", { requestId, method: request.method, status: error.status });
      return;
    }
  }
  const inner = isRouteErrorResponse(error) ? (error as { error?: unknown }).error ?? error : error;
  const frames = inner instanceof Error && inner.stack ? inner.stack.split("\n").filter((line) => line.trimStart().startsWith("at ")).slice(0, 10).map((line) => line.trim()).join(" | ") : undefined;
  const code = inner instanceof Error ? (inner as { code?: unknown }).code : undefined;
  log.error("request failed", {
    requestId,
    method: request.method,
    errorName: inner instanceof Error ? inner.name : typeof inner,
    errorCode: typeof code === "string" ? code : undefined,
    stack: frames,
  });
}

/**
 * Remix's handleDataRequest: a data request that failed on the server (X-Remix-Error, or a thrown
 * 5xx) answers with a generic message and the request id, whatever the error said. A 5xx a route
 * returned itself (Remix marks it X-Remix-Response, neither caught nor errored) is its own answer,
 * e.g. the request page's 502 saying, in the admin's language, that Shopify failed: kept.
 */
export function sanitiseDataResponse(response: Response, context: unknown): Response {
  if (!response.headers.has("X-Remix-Error") && response.status < 500) return response;
  if (returnedByRoute(response)) return response;
  const headers = new Headers(response.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  headers.delete("Content-Length");
  const message = response.status >= 500 ? "Something went wrong" : "Request refused";
  return new Response(JSON.stringify({ message: `${message}. Reference: ${requestIdOf(context)}` }), { status: response.status, statusText: response.statusText, headers });
}

/**
 * A route error as the document's hydration data carries it: status and status text only. Remix
 * would serialise its data into the page (for a 404/405 that is "Error: No route matches URL ..."
 * or the route id). The library's App Bridge pages keep theirs: app.tsx's boundary renders them.
 */
export function withoutDetails(error: unknown): unknown {
  if (!isRouteErrorResponse(error)) return error;
  const keep = error.status < 500 && typeof error.data === "string" && error.data.includes("app-bridge.js");
  return { status: error.status, statusText: error.statusText, internal: (error as { internal?: unknown }).internal === true, data: keep ? error.data : null };
}

function returnedByRoute(response: Response): boolean {
  const h = response.headers;
  return h.get("X-Remix-Response") === "yes" && !h.has("X-Remix-Error") && !h.has("X-Remix-Catch");
}

const HANDOFF_ESCAPES: Record<string, string> = { "&": "\\u0026", ">": "\\u003e", "<": "\\u003c", "\u2028": "\\u2028", "\u2029": "\\u2029" };

/**
 * The same for the serialised copy Remix already wrote into the page's hydration script
 * (serverHandoffString), escaped the way Remix escapes it.
 */
export function withoutDetailsInHandoff(handoff: string): string {
  const parsed = JSON.parse(handoff) as { state?: { errors?: Record<string, unknown> | null } };
  const errors = parsed.state?.errors;
  if (!errors) return handoff;
  for (const [routeId, error] of Object.entries(errors)) {
    if (!error || typeof error !== "object" || (error as { __type?: unknown }).__type !== "RouteErrorResponse") continue;
    const { status, statusText, internal, data } = error as { status?: unknown; statusText?: unknown; internal?: unknown; data?: unknown };
    const keep = typeof status === "number" && status < 500 && typeof data === "string" && data.includes("app-bridge.js");
    errors[routeId] = { status, statusText, internal: internal === true, data: keep ? data : null, __type: "RouteErrorResponse" };
  }
  return JSON.stringify(parsed).replace(/[&><\u2028\u2029]/g, (c) => HANDOFF_ESCAPES[c] ?? c);
}
