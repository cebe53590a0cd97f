// Runs the built app the way `npm start` does (node server/start.mjs) and resolves once it listens.
// Shared by the sandbox and the tests, which both need the real server process.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..");

export interface AppProcess {
  /** The URL from the app's "listening" log line. */
  url: string;
  process: ChildProcess;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
}

export async function spawnApp(
  env: NodeJS.ProcessEnv,
  { timeoutMs = 60_000, onOutput = () => {}, nodeArgs = [] }: { timeoutMs?: number; onOutput?: (chunk: string) => void; nodeArgs?: string[] } = {},
): Promise<AppProcess> {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, "server", "start.mjs")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let seen = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start within ${timeoutMs} ms:\n${seen.slice(-4000)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      onOutput(text);
      if (seen.length < 200_000) seen += text;
      const match = /"message":"listening","url":"(http:\/\/[^"]+)"/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code} before listening:\n${seen.slice(-4000)}`));
    });
  });
  return { url, process: child, exited };
}
