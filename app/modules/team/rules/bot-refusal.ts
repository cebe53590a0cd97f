// What a developer reads when curl, a script or headless Chromium opens the admin: the library's own
// 410 has an empty body. Pure text, so the root error boundary can show it too.
export const BOT_REFUSAL =
  "410 Gone: the Privacy Desk admin answers 410 to user agents that look like bots or scripts (curl, node fetch, HeadlessChrome), " +
  "as @shopify/shopify-app-remix does, so that crawlers never start Shopify's sign-in. Open the app inside Shopify admin, or locally " +
  "through the sandbox admin shell (npm run local, then http://127.0.0.1:3002/app). Scripts and tests send a desktop browser " +
  "User-Agent with a session token (tests/helpers/admin-session.ts).";
