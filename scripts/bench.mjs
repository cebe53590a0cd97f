// `npm run bench`: runs every benchmark in scripts/bench/ (or those named on the command line) one
// after another. Each prints its figures as ratios against a baseline measured in the same run.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { root } from "./local-env.mjs";

const dir = join(root, "scripts", "bench");
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.mjs") && (wanted.length === 0 || wanted.some((w) => f.includes(w))))
  .sort();
let failed = 0;
for (const file of benches) {
  console.info(`\n=== ${file}`);
  const result = spawnSync(process.execPath, [join(dir, file)], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) failed += 1;
}
if (benches.length === 0) console.info("no benchmarks matched");
process.exit(failed ? 1 : 0);
