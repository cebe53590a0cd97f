import { spawnSync } from "node:child_process";
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
