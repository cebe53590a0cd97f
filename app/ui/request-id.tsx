import { createContext, useContext } from "react";

/** The id server/start.mjs gave this request (also in the X-Request-Id header and the server log). */
export const RequestIdContext = createContext<string | null>(null);

/**
 * On the server the id comes from the render's context; in the browser, hydrating an error page,
 * from what the server rendered, so both render the same text.
 */
export function useRequestId(): string | null {
  const fromServer = useContext(RequestIdContext);
  if (fromServer) return fromServer;
  if (typeof document === "undefined") return null;
  return document.querySelector("[data-request-id]")?.textContent ?? null;
}
