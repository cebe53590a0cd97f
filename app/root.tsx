import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { BOT_REFUSAL } from "./modules/team/rules/bot-refusal";
import type { ReactNode } from "react";
import { useRequestId } from "./ui/request-id";

function Document({ children, title }: { children: ReactNode; title?: string }) {
  // The admin's language once the app layout has negotiated it (English elsewhere).
  const lang = useRouteLoaderData<{ i18n?: { lang: string } }>("routes/app")?.i18n?.lang ?? "en";
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        {title ? <title>{title}</title> : null}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

// What a person is told for each status; never the error's own text, which may name routes,
// files or input (ADR 0009). The reference is the X-Request-Id the server logged the details under.
const MESSAGES: Record<number, string> = {
  400: "The request could not be read.",
  401: "Please open the app from your Shopify admin.",
  403: "Your role in this app does not allow this. Ask an owner of the app.",
  404: "There is nothing here.",
  405: "This page does not accept that kind of request.",
  410: BOT_REFUSAL,
  413: "What was sent is too large.",
  415: "What was sent is not a form.",
  429: "Too many requests. Please wait a minute and try again.",
};

export function ErrorBoundary() {
  const error = useRouteError();
  const requestId = useRequestId();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = MESSAGES[status] ?? (status >= 500 ? "Something went wrong on our side. Please try again in a moment." : "The request could not be completed.");
  return (
    <Document title={status >= 500 ? "Something went wrong" : "Request refused"}>
      <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", padding: "0 1rem", lineHeight: 1.5 }}>
        <h1>{status >= 500 ? "Something went wrong" : "Request refused"}</h1>
        <p>{message}</p>
        {requestId ? (
          <p>
            Reference: <code data-request-id="">{requestId}</code>
          </p>
        ) : null}
      </main>
    </Document>
  );
}
