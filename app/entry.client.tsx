// Remix's default client entry, except that hydration waits for the first paint of the server's
// HTML. Hydrating a Polaris page is the longest task of a load; run before the first frame, it holds
// back the paint of content the server already sent (the page's LCP). The fallback timer covers
// documents that never get a frame (a hidden tab pauses requestAnimationFrame).
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

let started = false;

function hydrate() {
  if (started) return;
  started = true;
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}

requestAnimationFrame(() => setTimeout(hydrate, 0));
setTimeout(hydrate, 250);
