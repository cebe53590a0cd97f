import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { TestDatabase } from "./database";

/**
 * On SQLite, asserts that none of `needles` occurs in plain text in the database file or its WAL
 * (where freshly committed pages live). On PostgreSQL the rows themselves are checked by callers.
 */
export function expectNotInDatabaseFile(database: TestDatabase, ...needles: string[]): void {
  if (!database.file) return;
  for (const suffix of ["", "-wal"]) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(database.file + suffix);
    } catch {
      continue; // no WAL right now
    }
    for (const needle of needles) {
      expect(bytes.includes(Buffer.from(needle)), `plain text found in ${suffix || "the database file"}`).toBe(false);
    }
  }
}
