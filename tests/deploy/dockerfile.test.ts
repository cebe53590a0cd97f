// The Dockerfile and compose.yaml cannot be built here (no Docker engine): this checks what they
// assume about the repository, so a rename or a new runtime dependency breaks a test, not a deploy.
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, assertBuilt } from "../helpers/app-server";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const dockerfile = read("Dockerfile");
const compose = read("compose.yaml");
const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string>; dependencies: Record<string, string>; engines: { node: string } };
const ignored = read(".dockerignore")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));

interface Stage {
  from: string;
  lines: string[];
}

function stages(): Stage[] {
  const result: Stage[] = [];
  for (const raw of dockerfile.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    if (/^FROM\s/i.test(line)) result.push({ from: line, lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

/** Sources of COPY lines that read from the build context (not --from another stage). */
function contextCopies(stage: Stage): string[] {
  return stage.lines
    .filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))
    .flatMap((l) => {
      const parts = l.replace(/^COPY\s+/i, "").split(/\s+/).filter((p) => !p.startsWith("--"));
      return parts.slice(0, -1);
    });
}

function isIgnored(path: string): boolean {
  return ignored.some((pattern) => path === pattern || path.startsWith(`${pattern}/`));
}

function bareImports(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/(?:^|\n)\s*import\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g)) {
    const spec = match[1] ?? match[2] ?? match[3] ?? "";
    if (!spec || spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:") || builtinModules.includes(spec)) continue;
    names.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
  }
  return [...names];
}

describe("Dockerfile", () => {
  const all = stages();
  const runtime = all.at(-1)!;

  it("builds on Node 20 (the engines field), in stages, and runs as a non-root user with npm start", () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const stage of all) expect(stage.from).toMatch(/^FROM node:20[-.\w]*(\s+AS\s+\w+)?$/i);
    expect(pkg.engines.node).toMatch(/^>=\s*20\./);
    const users = runtime.lines.filter((l) => /^USER\s/i.test(l)).map((l) => l.split(/\s+/)[1]);
    expect(users.at(-1)).toBeDefined();
    expect(users.at(-1)).not.toMatch(/^(root|0)$/);
    expect(runtime.lines.at(-1)).toBe('CMD ["npm", "start"]');
  });

  it("installs with npm ci, production dependencies only in what it ships, and builds with the dev dependencies", () => {
    const runs = all.flatMap((s) => s.lines.filter((l) => /^RUN\s/i.test(l)));
    expect(runs.some((l) => /npm ci(\s|$)(?!.*--omit)/.test(l))).toBe(true);
    expect(runs.some((l) => /npm ci --omit=dev/.test(l))).toBe(true);
    expect(runs.some((l) => /npm run build/.test(l))).toBe(true);
    // What the runtime stage gets from others: production node_modules and the build output.
    const fromStages = runtime.lines.filter((l) => /^COPY\s+--from=/i.test(l)).join("\n");
    expect(fromStages).toMatch(/--from=deps \/app\/node_modules/);
    expect(fromStages).toMatch(/--from=build \/app\/build/);
    expect(fromStages).toMatch(/--from=build \/app\/public/);
  });

  it("copies only files that exist and that .dockerignore lets through", () => {
    const sources = all.flatMap(contextCopies).filter((s) => s !== ".");
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), `${source} exists`).toBe(true);
      expect(isIgnored(source), `${source} is not in .dockerignore`).toBe(false);
    }
    // The build needs its sources; none of them may be ignored.
    for (const needed of ["app", "server", "prisma", "scripts", "remix.config.js", "tsconfig.json", "package-lock.json"]) expect(isIgnored(needed)).toBe(false);
  });

  it("calls only npm scripts that exist, and the runtime stage holds every file they run", () => {
    const instructions = all.flatMap((s) => s.lines);
    const runScripts = instructions.filter((l) => /^RUN\s/i.test(l)).flatMap((l) => [...l.matchAll(/npm run (\w[\w:-]*)/g)].map((m) => m[1]!));
    const cmd = JSON.parse(instructions.find((l) => /^CMD\s/i.test(l))!.replace(/^CMD\s+/i, "")) as string[];
    expect(cmd.slice(0, 1)).toEqual(["npm"]);
    const called = [...runScripts, cmd[1] === "run" ? cmd[2]! : cmd[1]!];
    expect(called).toEqual(expect.arrayContaining(["build", "start"]));
    const runtimeFiles = contextCopies(runtime);
    const shipped = (file: string) => runtimeFiles.some((s) => file === s || file.startsWith(`${s}/`));
    for (const script of [...new Set(called), "worker", "migrate", "audit:verify", "keys:rotate", "retention:run", "digest:run"]) {
      expect(pkg.scripts[script], `npm run ${script}`).toBeDefined();
      if (script === "build") continue; // runs in the build stage
      const file = /^node (\S+)/.exec(pkg.scripts[script]!)?.[1];
      expect(file, `${script} runs a file`).toBeDefined();
      expect(existsSync(join(ROOT, file!))).toBe(true);
      expect(shipped(file!), `${file} is in the runtime image`).toBe(true);
    }
    // postinstall (run by npm ci in the deps stage) and what it imports.
    expect(pkg.scripts.postinstall).toBe("node scripts/prisma-generate.mjs");
    expect(contextCopies(all.find((s) => /AS deps/i.test(s.from))!)).toEqual(expect.arrayContaining(["scripts", "prisma", "prisma.config.ts"]));
    for (const file of ["server/start.mjs", "server/worker.mjs", "server/load-build.mjs", "server/migrate.mjs", "server/prisma-cli-preload.cjs", "scripts/cli.mjs", "scripts/local-env.mjs"]) {
      expect(shipped(file), `${file} is in the runtime image`).toBe(true);
    }
  });

  it("needs nothing at run time that npm ci --omit=dev leaves out", () => {
    assertBuilt();
    const sources = ["build/index.js", "server/start.mjs", "server/worker.mjs", "server/migrate.mjs", "scripts/cli.mjs", "prisma.config.ts"].map(read);
    const packages = new Set(sources.flatMap(bareImports));
    expect(packages.size).toBeGreaterThan(5);
    for (const name of packages) expect(pkg.dependencies[name], `${name} is a production dependency`).toBeDefined();
  });
});

describe("compose.yaml", () => {
  it("runs PostgreSQL and two app instances built from this repository, configured only with variables the app knows", () => {
    expect(compose).toMatch(/^\s+image: postgres:15$/m);
    expect(compose).toMatch(/^\s+build: \.$/m);
    for (const service of ["db", "app1", "app2"]) expect(compose).toMatch(new RegExp(`^  ${service}:$`, "m"));
    expect(compose).toMatch(/DATABASE_URL: postgres:\/\/privacy:\$\{POSTGRES_PASSWORD[^}]*\}@db:5432\/privacy/);
    const envSchema = read("app/platform/env.server.ts");
    const anchor = compose.slice(compose.indexOf("environment: &app-env"), compose.indexOf("services:"));
    const names = [...anchor.matchAll(/^\s{4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(names).toEqual(expect.arrayContaining(["DATABASE_URL", "SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "DATA_ENCRYPTION_KEYS", "DATA_ENCRYPTION_ACTIVE_KEY_ID", "BLIND_INDEX_KEY"]));
    for (const name of names) expect(envSchema, `${name} is read by the app`).toMatch(new RegExp(`\\b${name}:`));
    expect(compose).toMatch(/command: \["npm", "run", "worker"\]/);
  });
});
