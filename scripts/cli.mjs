// Operator commands against the built app: `npm run audit:verify -- --shop x.myshopify.com`,
// `npm run keys:rotate`, `npm run retention:run`. They use the app's environment; in a local
// checkout without one they use the same generated local settings as `npm run local`.
import { localEnv } from "./local-env.mjs";
import { loadBuild } from "../server/load-build.mjs";
import { migrate } from "../server/migrate.mjs";

const [command, ...args] = process.argv.slice(2);
if (!process.env.DATABASE_URL && process.env.NODE_ENV !== "production") Object.assign(process.env, localEnv());
const build = await loadBuild();
const run = build.entry.module.cli[command];
if (!run) {
  console.error(`unknown command ${command}; one of: ${Object.keys(build.entry.module.cli).join(", ")}`);
  process.exit(2);
}
await migrate(process.env.DATABASE_URL);
process.exitCode = await run(args);
process.exit();
