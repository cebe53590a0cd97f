import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./app-server";

/** Runs `node scripts/cli.mjs <command>` (what `npm run audit:verify` etc. run) with exactly `env`. */
export function runCli(env: Record<string, string>, command: string, args: string[] = []) {
  const result = spawnSync(process.execPath, [join(ROOT, "scripts/cli.mjs"), command, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", ...env } as NodeJS.ProcessEnv,
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking: for several CLI processes at the same moment. */
export function runCliAsync(env: Record<string, string>, command: string, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, "scripts/cli.mjs"), command, ...args], {
    cwd: ROOT,
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
