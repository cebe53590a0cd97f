import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { BOT_REFUSAL } from "./modules/team/rules/bot-refusal";
import { useEffect, type ReactNode } from "react";
import { useRequestId } from "./ui/request-id";
import { translate } from "./platform/i18n/client-translate";

function Document({ children, title }: { children: ReactNode; title?: string }) {
  // The admin's language once the app layout has negotiated it (English elsewhere).
  const lang = useRouteLoaderData<{ i18n?: { lang: string } }>("routes/app")?.i18n?.lang ?? "en";
  // Marks the end of hydration (effects run after it commits): a click before it reaches only the
  // server's HTML, so browser tests wait for this before they use a menu or a modal.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "";
  }, []);
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
  // In the admin's language when the app layout loaded (its catalog is in the page); else English,
  // the language of a request that never reached the layout (no session, a bot, a storefront proxy).
  const i18n = useRouteLoaderData<{ i18n?: { lang: string; messages: Record<string, string> } }>("routes/app")?.i18n;
  const say = (key: string, english: string) => (i18n ? translate(i18n.messages, i18n.lang, key) : english);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 410 ? BOT_REFUSAL : MESSAGES[status] ? say(`rootError.s${status}`, MESSAGES[status]) : status >= 500 ? say("rootError.s500", "Something went wrong on our side. Please try again in a moment.") : say("rootError.other", "The request could not be completed.");
  const title = status >= 500 ? say("rootError.failedTitle", "Something went wrong") : say("rootError.refusedTitle", "Request refused");
  return (
    <Document title={title}>
      <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", padding: "0 1rem", lineHeight: 1.5 }}>
        <h1>{title}</h1>
        <p>{message}</p>
        {requestId ? (
          <p>
            {say("rootError.reference", "Reference:")} <code data-request-id="">{requestId}</code>
          </p>
        ) : null}
      </main>
    </Document>
  );
}
