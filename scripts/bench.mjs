// `npm run bench`: runs every benchmark in scripts/bench/ (*.bench.mjs, *.bench.ts) (or those named on the command line) one
// after another. Each prints its figures as ratios against a baseline measured in the same run.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { root } from "./local-env.mjs";

const dir = join(root, "scripts", "bench");
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f) && (wanted.length === 0 || wanted.some((w) => f.includes(w))))
  .sort();
let failed = 0;
for (const file of benches) {
  console.info(`\n=== ${file}`);
  // Benchmarks in TypeScript, or importing the app's or the tests' TypeScript helpers, run under
  // vite-node (no build step); the rest under plain node.
  const typescript = file.endsWith(".ts") || /from "[^"]+\.ts";/.test(readFileSync(join(dir, file), "utf8"));
  const [command, args] = typescript ? [join(root, "node_modules/.bin/vite-node"), [join(dir, file)]] : [process.execPath, [join(dir, file)]];
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) failed += 1;
}
if (benches.length === 0) console.info("no benchmarks matched");
process.exit(failed ? 1 : 0);
