// Polaris's translations are sent trimmed to POLARIS_SECTIONS (app/modules/admin-i18n/rules/polaris.ts).
// A missing section would leave Polaris's labels empty (its I18n answers "" for a missing key), so the
// list is derived here from the code: the Polaris components the app imports (and the library's
// AppProvider), every file of Polaris's build they reach, every "Polaris.<Section>." key in them.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { NestedCatalog } from "../../app/modules/admin-i18n/rules/catalog";
import { POLARIS_SECTIONS, trimPolaris } from "../../app/modules/admin-i18n/rules/polaris";
import { ROOT } from "../helpers/app-server";

const ESM = join(ROOT, "node_modules/@shopify/polaris/build/esm");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Names the app imports from "@shopify/polaris" (values, not types). */
function polarisImports(): string[] {
  const names = new Set<string>(["AppProvider"]);
  for (const file of sourceFiles(join(ROOT, "app"))) {
    for (const match of readFileSync(file, "utf8").matchAll(/import\s*\{([^}]+)\}\s*from\s*"@shopify\/polaris"/g)) {
      for (const part of match[1]!.split(",")) {
        const name = part.trim().replace(/\s+as\s+\w+$/, "");
        if (name && !name.startsWith("type ")) names.add(name);
      }
    }
  }
  return [...names].sort();
}

function sectionsReached(components: string[]): { sections: Set<string>; files: number } {
  const seen = new Set<string>();
  const sections = new Set<string>();
  const todo = components.map((name) => join(ESM, "components", name, `${name}.js`));
  for (const start of todo) expect(existsSync(start), start).toBe(true);
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/from\s*['"](\.[^'"]+)['"]/g)) todo.push(resolve(dirname(file), match[1]!));
    for (const match of source.matchAll(/Polaris\.(\w+)\./g)) sections.add(match[1]!);
  }
  return { sections, files: seen.size };
}

describe("Polaris's translations, trimmed", () => {
  it("sends exactly the sections the components the app uses can show", () => {
    const components = polarisImports();
    expect(components).toContain("IndexTable");
    const { sections, files } = sectionsReached(components);
    expect(files).toBeGreaterThan(100);
    expect([...POLARIS_SECTIONS].sort(), `the app's Polaris components: ${components.join(", ")}`).toEqual([...sections].sort());
  });

  it("finds the sections of a component the app does not use yet (the check itself works)", () => {
    const { sections } = sectionsReached(["DatePicker", "DropZone"]);
    expect(sections.has("DatePicker")).toBe(true);
    expect(sections.has("DropZone")).toBe(true);
    expect(POLARIS_SECTIONS).not.toContain("DatePicker");
  });

  it("keeps those sections of every admin locale whole, and nothing else", () => {
    const require = createRequire(import.meta.url);
    for (const locale of ["de", "fr", "es", "it", "nl", "ja", "pt-BR"]) {
      const full = require(`@shopify/polaris/locales/${locale}.json`) as { Polaris: Record<string, unknown> };
      const trimmed = trimPolaris(full as unknown as NestedCatalog) as unknown as { Polaris: Record<string, unknown> };
      expect(Object.keys(trimmed.Polaris).sort()).toEqual([...POLARIS_SECTIONS].filter((s) => s in full.Polaris).sort());
      for (const section of POLARIS_SECTIONS) expect(trimmed.Polaris[section], `${locale} ${section}`).toEqual(full.Polaris[section]);
    }
  });
});
