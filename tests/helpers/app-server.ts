import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT, spawnApp } from "../../sandbox/app-process";

export { ROOT };

export interface RunningApp {
  url: string;
  env: Record<string, string>;
  logs: () => string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
  process: ChildProcess;
}

export function assertBuilt(): void {
  if (!existsSync(join(ROOT, "build", "index.js"))) throw new Error("build/index.js is missing: npm test builds the app first (or run npm run build)");
}

/** Runs `node server/start.mjs` (what `npm start` runs) and resolves once it listens. */
export async function startApp(env: Record<string, string>, { timeoutMs = 60_000 } = {}): Promise<RunningApp> {
  assertBuilt();
  let output = "";
  const { url, process: child, exited } = await spawnApp(childEnv(env), { timeoutMs, onOutput: (chunk) => (output += chunk) });
  return {
    url,
    env,
    process: child,
    logs: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Runs `node server/start.mjs` expecting it to refuse to start; resolves with exit code and output. */
export async function runAppExpectingExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  assertBuilt();
  const child = spawn(process.execPath, [join(ROOT, "server", "start.mjs")], { cwd: ROOT, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Only what the test gives, plus PATH: the app must not depend on the developer's environment. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { NODE_ENV: "test", PATH: process.env.PATH ?? "", ...env };
}
