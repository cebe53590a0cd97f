/**
 * Runs the Admin API stand-in on its own for the local sandbox:
 *   npx vite-node sandbox/admin-api/cli.ts            (port from ADMIN_API_STANDIN_PORT, default 4466)
 */
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP_DOMAIN } from "./seed";
import { startAdminApiStandin } from "./server";

const port = Number.parseInt(process.env.ADMIN_API_STANDIN_PORT ?? "4466", 10);
const standin = await startAdminApiStandin({ port });
console.info(`Admin API stand-in for ${SANDBOX_SHOP_DOMAIN} at ${standin.graphqlUrl}`);
console.info(`X-Shopify-Access-Token: ${SANDBOX_ACCESS_TOKEN}`);

const stop = () => {
  standin.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
