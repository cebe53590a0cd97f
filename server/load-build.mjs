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
