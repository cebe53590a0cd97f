import { createDb, type Db } from "../../app/platform/db.server";

/** A Prisma client on the test's database, for asserting what the app stored. */
export function openDb(url: string): Db {
  return createDb(url);
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, { timeoutMs = 15_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
