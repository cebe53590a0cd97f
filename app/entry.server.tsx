import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleDataRequestFunction, type HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { setDocumentHeaders } from "./platform/http/document-headers.server";
import { logRequestError, requestIdOf, sanitiseDataResponse, withoutDetails, withoutDetailsInHandoff } from "./platform/http/errors.server";
import { RequestIdContext } from "./ui/request-id";
import { recordTiming, serverTiming } from "./platform/http/server-timing.server";
import { PaintFirstStream } from "./platform/http/paint-first-stream.server";

export { startBackgroundWork } from "./jobs/start.server";
export { env as loadEnv } from "./platform/env.server";
export { cli } from "./cli.server";
export { requestEnded, requestStarted } from "./jobs/load.server";
export { serveWebhook } from "./modules/webhooks/http.server";
export { DEFAULT_RESPONSE_HEADERS, edgeRefusal, forwardedFor } from "./platform/http/edge";
export { DRAIN_LIMIT } from "./platform/http/body.server";
export { withServerTiming } from "./platform/http/server-timing.server";

const ABORT_DELAY = 5_000;

export const handleError: HandleErrorFunction = (error, { request, context }) => logRequestError(error, request, context);

export const handleDataRequest: HandleDataRequestFunction = (response, { context }) => {
  const timing = serverTiming();
  if (timing) response.headers.set("Server-Timing", timing);
  return sanitiseDataResponse(response, context);
};

export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  setDocumentHeaders(request, responseHeaders);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  const requestId = requestIdOf(loadContext);
  const errors = remixContext.staticHandlerContext.errors;
  if (errors) {
    for (const routeId of Object.keys(errors)) errors[routeId] = withoutDetails(errors[routeId]);
    if (remixContext.serverHandoffString) remixContext.serverHandoffString = withoutDetailsInHandoff(remixContext.serverHandoffString);
  }

  const renderStarted = performance.now();
  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <RequestIdContext.Provider value={requestId}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
      </RequestIdContext.Provider>,
      {
        [callbackName]: () => {
          // Route modules evaluate after the first paint (platform/http/paint-first.ts).
          const body = new PaintFirstStream();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html");
          recordTiming("render", performance.now() - renderStarted);
          const timing = serverTiming();
          if (timing) responseHeaders.set("Server-Timing", timing);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error) {
          reject(error);
        },
        onError(error) {
          responseStatusCode = 500;
          logRequestError(error, request, loadContext);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
