// `npm run local`: build and serve the app on the embedded SQLite default with generated local
// secrets. No Shopify store or partner account needed for what runs locally.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { localEnv, root } from "./local-env.mjs";

const env = { ...process.env, ...localEnv() };
if (env.NODE_ENV === "production") {
  console.error("npm run local is for local use; refusing NODE_ENV=production");
  process.exit(1);
}
const build = spawnSync(process.execPath, [join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], { cwd: root, stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
if (build.status !== 0) process.exit(build.status ?? 1);

console.info(`
Privacy Desk (local, SQLite at .local/dev.sqlite)
  App:      ${env.SHOPIFY_APP_URL}/
  Health:   ${env.SHOPIFY_APP_URL}/healthz
  Webhooks: ${env.SHOPIFY_APP_URL}/webhooks/compliance  (signed with the secret in .local/dev.env)
`);
const server = spawn(process.execPath, [join(root, "server/start.mjs")], { cwd: root, stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
