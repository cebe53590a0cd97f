// The built app's entry module for server/start.mjs, server/worker.mjs and scripts/cli.mjs: imported
// once, its configuration checked; a missing build or a bad setting stops the process with one line.
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function fail(message) {
  console.error(message);
  process.exit(1);
}

export async function loadBuild() {
  // Libraries pick their production builds from NODE_ENV when first imported (React's server
  // renderer in development mode is several times slower and checks more): the built app always
  // runs them in production. The configuration check still sees what the operator declared, so
  // APP_LOCAL_ONLY stays refused with NODE_ENV=production (ADR 0009).
  process.env.DECLARED_NODE_ENV ??= process.env.NODE_ENV ?? "";
  process.env.NODE_ENV = "production";
  try {
    const build = await import(pathToFileURL(resolve(root, "build/index.js")).href);
    build.entry.module.loadEnv();
    return build;
  } catch (error) {
    if (error?.name === "ConfigurationError") fail(error.message);
    if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("build/index.js")) fail("The app is not built: run npm run build first.");
    throw error;
  }
}
