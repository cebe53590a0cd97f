/**
 * Runs the admin shell in front of an already running app:
 *   APP_ORIGIN=http://127.0.0.1:3000 SHOPIFY_API_KEY=... SHOPIFY_API_SECRET=... SHOP=x.myshopify.com \
 *     npx vite-node sandbox/admin-shell/cli.ts        (port from ADMIN_SHELL_PORT, default 4477)
 * then open the printed URL + /app in a browser.
 */
import { startAdminShell } from "./server";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(1);
  }
  return value;
}

const shell = await startAdminShell({
  appOrigin: required("APP_ORIGIN"),
  apiKey: required("SHOPIFY_API_KEY"),
  apiSecret: required("SHOPIFY_API_SECRET"),
  shop: required("SHOP"),
  userId: process.env.ADMIN_SHELL_USER_ID,
  port: Number.parseInt(process.env.ADMIN_SHELL_PORT ?? "4477", 10),
});
console.info(`Admin shell (sandbox, not a real Shopify admin) at ${shell.url}/app`);

const stop = () => {
  shell.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
