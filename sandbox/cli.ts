/**
 * The local sandbox (`npm run local` starts it after building): the app on SQLite at
 * .local/dev.sqlite plus everything that stands in for Shopify. Ports: PORT (app, 3000),
 * SANDBOX_PORT (storefront and sandbox pages, 3001), SANDBOX_ADMIN_PORT (3002),
 * SANDBOX_ADMIN_API_PORT (4466), SANDBOX_SMTP_PORT (2525).
 */
import { localEnv } from "../scripts/local-env.mjs";
import { SandboxRefused, startSandbox } from "./start";

const port = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number`);
    process.exit(1);
  }
  return value;
};

let sandbox;
try {
  sandbox = await startSandbox({
    appEnv: localEnv(),
    ports: {
      app: port("PORT", 3000),
      storefront: port("SANDBOX_PORT", 3001),
      admin: port("SANDBOX_ADMIN_PORT", 3002),
      adminApi: port("SANDBOX_ADMIN_API_PORT", 4466),
      smtp: port("SANDBOX_SMTP_PORT", 2525),
    },
  });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof SandboxRefused ? message : `The sandbox did not start: ${message}`);
  if (/EADDRINUSE/.test(message)) console.error("A port is taken: stop the other process or set PORT / SANDBOX_PORT / SANDBOX_ADMIN_PORT / SANDBOX_ADMIN_API_PORT / SANDBOX_SMTP_PORT.");
  process.exit(1);
}

console.info(`
Privacy Desk sandbox: the whole product on this machine, not a real Shopify store
  Start here   ${sandbox.storefrontUrl}/sandbox
  Storefront   ${sandbox.storefrontUrl}/          (consent banner and privacy-request form)
  Admin        ${sandbox.adminUrl}   (embedded admin with a sandbox session for ${sandbox.shop})
  Mailbox      ${sandbox.storefrontUrl}/sandbox/mailbox
  App          ${sandbox.appUrl}          (SQLite at .local/dev.sqlite; health at /healthz)
  Admin API    ${sandbox.adminApiUrl}   (stand-in built from Shopify's real schema)
  Webhooks     npm run webhook -- customers/redact --customer 7000000001
Stop with Ctrl+C.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void sandbox.close().then(() => process.exit(0));
  });
}
