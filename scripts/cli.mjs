// Operator commands against the built app: `npm run audit:verify -- --shop x.myshopify.com`,
// `npm run keys:rotate`, `npm run retention:run`. They use the app's environment; in a local
// checkout without one they use the same generated local settings as `npm run local`.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { localEnv, root } from "./local-env.mjs";
import { migrate } from "../server/migrate.mjs";

const [command, ...args] = process.argv.slice(2);
if (!process.env.DATABASE_URL && process.env.NODE_ENV !== "production") Object.assign(process.env, localEnv());
if (!existsSync(join(root, "build/index.js"))) {
  console.error("The app is not built: run npm run build first.");
  process.exit(1);
}
let build;
try {
  build = await import(pathToFileURL(join(root, "build/index.js")).href);
  build.entry.module.loadEnv();
} catch (error) {
  if (error?.name === "ConfigurationError") {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const run = build.entry.module.cli[command];
if (!run) {
  console.error(`unknown command ${command}; one of: ${Object.keys(build.entry.module.cli).join(", ")}`);
  process.exit(2);
}
await migrate(process.env.DATABASE_URL);
process.exitCode = await run(args);
process.exit();
