// `npm run local`: build the app and bring up the local sandbox (sandbox/cli.ts): the app on the
// embedded SQLite default with generated local secrets, plus the stand-ins for Shopify (Admin API,
// storefront with the app proxy, admin shell, mailbox). No Shopify store or partner account needed.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { localEnv, root } from "./local-env.mjs";

const env = { ...process.env, ...localEnv() };
if (process.env.NODE_ENV === "production") {
  console.error("npm run local is for local use; refusing NODE_ENV=production");
  process.exit(1);
}
const build = spawnSync(process.execPath, [join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], { cwd: root, stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
if (build.status !== 0) process.exit(build.status ?? 1);

const sandbox = spawn(join(root, "node_modules/.bin/vite-node"), [join(root, "sandbox/cli.ts")], { cwd: root, stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => sandbox.kill(signal));
sandbox.on("exit", (code) => process.exit(code ?? 0));
