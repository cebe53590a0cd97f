import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Prisma } from "@prisma/client";
import { PROTECTED_MODELS, UNSCOPED_MODELS } from "./registry";
import { INTEGRITY_FIELDS } from "./integrity";

/** Models and their scalar fields, read from the one schema source. */
function schemaModels(): Map<string, Set<string>> {
  const source = readFileSync(fileURLToPath(new URL("../../../prisma/models.prisma", import.meta.url)), "utf8");
  const models = new Map<string, Set<string>>();
  for (const match of source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const fields = new Set<string>();
    for (const line of match[2]!.split("\n")) {
      const field = /^\s*(\w+)\s+\w/.exec(line.replace(/\/\/.*$/, ""));
      if (field && !line.trim().startsWith("@@")) fields.add(field[1]!);
    }
    models.set(match[1]!, fields);
  }
  return models;
}

const models = schemaModels();

describe("the protected-data registry against prisma/models.prisma", () => {
  it("reads the schema", () => {
    expect(models.size).toBeGreaterThan(10);
    expect(models.get("PrivacyRequest")?.has("emailCipher")).toBe(true);
  });

  it("lists every model exactly once, and only models that exist", () => {
    const listed = PROTECTED_MODELS.map((m) => m.model).sort();
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual([...models.keys()].filter((m) => !(m in UNSCOPED_MODELS)).sort());
    expect(Object.values(Prisma.ModelName).sort()).toEqual([...models.keys()].sort());
  });

  it("scopes every model to a shop through a column that exists", () => {
    for (const entry of PROTECTED_MODELS) expect(models.get(entry.model)?.has(entry.shopColumn), `${entry.model}.${entry.shopColumn}`).toBe(true);
  });

  it("covers every encrypted column (named *Cipher by convention) and names only columns that exist", () => {
    for (const entry of PROTECTED_MODELS) {
      const fields = models.get(entry.model)!;
      const cipherColumns = [...fields].filter((f) => f.endsWith("Cipher"));
      for (const column of cipherColumns) expect(Object.keys(entry.encrypted), `${entry.model}.${column} is encrypted but not in the registry`).toContain(column);
      for (const column of Object.keys(entry.encrypted)) expect(fields.has(column), `${entry.model}.${column}`).toBe(true);
      const rowKey = Object.keys(entry.encrypted).length ? [entry.primaryKey ?? "id"] : [];
      for (const field of [...entry.keyFields, ...rowKey]) expect(fields.has(field), `${entry.model}.${field}`).toBe(true);
    }
  });

  it("protects the integrity of fields that exist, and every encrypted column of a protected record", () => {
    for (const entry of PROTECTED_MODELS.filter((m) => m.integrity)) {
      const fields = models.get(entry.model)!;
      const protectedFields: readonly string[] = INTEGRITY_FIELDS[entry.integrity!];
      expect(fields.has("integrityHash")).toBe(true);
      for (const f of protectedFields) expect(fields.has(f), `${entry.model}.${f}`).toBe(true);
      for (const column of Object.keys(entry.encrypted)) expect(protectedFields).toContain(column);
    }
    const withHash = [...models].filter(([, fields]) => fields.has("integrityHash")).map(([name]) => name);
    expect(withHash.sort()).toEqual(PROTECTED_MODELS.filter((m) => m.integrity).map((m) => m.model).sort());
  });

  it("says what customers/redact does with every model that can name a customer", () => {
    for (const entry of PROTECTED_MODELS) {
      const fields = models.get(entry.model)!;
      for (const link of entry.linkedBy ?? []) expect(fields.has(link), `${entry.model}.${link}`).toBe(true);
      if (fields.has("customerRef") && entry.model !== "PrivacyRequest") {
        expect(entry.linkedBy ?? [], `${entry.model} has a customerRef: customers/redact must find it`).toContain("customerRef");
        expect(entry.customerRedact, entry.model).not.toBe("none");
      }
    }
  });

  it("builds distinct contexts per row and column, so a value cannot be moved", () => {
    for (const entry of PROTECTED_MODELS) {
      const row = Object.fromEntries(entry.keyFields.map((f) => [f, `${f}-1`]));
      const other = Object.fromEntries(entry.keyFields.map((f) => [f, `${f}-2`]));
      const contexts = Object.values(entry.encrypted).map((context) => context(row));
      expect(new Set(contexts).size).toBe(contexts.length);
      for (const context of Object.values(entry.encrypted)) expect(context(other)).not.toBe(context(row));
    }
  });
});
