// Which admin catalog keys a page's code can show: the route file, every relative import reached from
// it in the client's code (its components, app/ui, rules), and the server modules the route imports
// itself (their results are rendered, e.g. the overview's setup keys), scanned for "section.key"
// string literals that are keys (or plural stems) of the English catalog, `section.sub.${...}`
// templates and helper(t, "section", ...) calls (keys looked up by value). app/modules/admin-i18n/page-messages.test.ts holds each page's
// pageMessages() list to what this finds.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { admin } from "../../app/locales/admin";
import { flatten } from "../../app/modules/admin-i18n/rules/catalog";

const ROOT = resolve(__dirname, "../..");
const KEYS = Object.keys(flatten(admin.en));
const STEMS = new Set(KEYS.flatMap((k) => [k, k.replace(/_(zero|one|two|few|many|other)$/, "")]));
const SECTIONS = new Set(KEYS.map((k) => k.split(".")[0]!));
const isServer = (file: string) => /\.server\.tsx?$/.test(file);

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  return null;
}

function importsOf(file: string): string[] {
  const out: string[] = [];
  for (const match of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    const target = resolveImport(file, match[1]!);
    if (target && !/\.test\.tsx?$/.test(target) && target.startsWith(join(ROOT, "app"))) out.push(target);
  }
  return out;
}

/** The files scanned for a route (see the header), relative to the repository. */
export function pageFiles(route: string): string[] {
  const start = resolve(ROOT, route);
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length) {
    for (const target of importsOf(todo.pop()!)) {
      if (seen.has(target)) continue;
      seen.add(target);
      if (!isServer(target)) todo.push(target);
    }
  }
  return [...seen].map((f) => relative(ROOT, f)).sort();
}

/** Keys (plural stems) and key prefixes (`prefix.${...}` without the dot) in a source text. */
export function keysIn(source: string, { server = false } = {}): { keys: Set<string>; prefixes: Set<string> } {
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  // A server module's own t("...") calls are translated on the server (staffTranslator, emails); the
  // keys it hands to the page as data (e.g. the overview's setup details) are bare literals.
  if (server) source = source.replace(/\bt\(\s*["'`][^"'`]*["'`]/g, "");
  for (const match of source.matchAll(/["'`]([a-zA-Z]+(?:\.[A-Za-z0-9_]+)+)["'`]/g)) if (STEMS.has(match[1]!)) keys.add(match[1]!);
  for (const match of source.matchAll(/`([a-zA-Z]+(?:\.[A-Za-z0-9_]+)*)\.\$\{/g)) if (SECTIONS.has(match[1]!.split(".")[0]!)) prefixes.add(match[1]!);
  // A section handed with t to a helper that looks its values up: option(t, "regulation", REGULATIONS).
  for (const match of source.matchAll(/\(\s*t\s*,\s*["'`]([a-zA-Z]+(?:\.[A-Za-z0-9_]+)*)["'`]/g)) if (SECTIONS.has(match[1]!.split(".")[0]!)) prefixes.add(match[1]!);
  return { keys, prefixes };
}

/** Everything a route's page can show from the catalog. */
export function pageKeys(route: string): { keys: Set<string>; prefixes: Set<string> } {
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of pageFiles(route)) {
    const found = keysIn(readFileSync(join(ROOT, file), "utf8"), { server: isServer(file) });
    found.keys.forEach((k) => keys.add(k));
    found.prefixes.forEach((p) => prefixes.add(p));
  }
  return { keys, prefixes };
}

/** Whether a list of sent prefixes ("overview", "mfa.error") covers a key or a key prefix. */
export const covered = (sent: readonly string[], key: string) => sent.some((p) => key === p || key.startsWith(`${p}.`));
