import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { db } from "../../platform/db.server";
import { env } from "../../platform/env.server";
import { verifyShopChain } from "../audit/audit.server";
import { StreamComparison, parseStreamLine, type Finding } from "./rules";

type ShopChain = Map<number, { hash: string; prevHash: string }>;

async function loadChain(shop: string): Promise<ShopChain> {
  const chain: ShopChain = new Map();
  let after = 0;
  for (;;) {
    const page = await db().auditEntry.findMany({ where: { shopDomain: shop, seq: { gt: after } }, orderBy: { seq: "asc" }, take: 5000, select: { seq: true, hash: true, prevHash: true } });
    for (const row of page) chain.set(row.seq, { hash: row.hash, prevHash: row.prevHash });
    if (page.length < 5000) return chain;
    after = page[page.length - 1]!.seq;
  }
}

export interface AgainstReport {
  lines: number;
  ignoredLines: number;
  shops: { shop: string; entries: number; checkpoints: number; databaseChain: Awaited<ReturnType<typeof verifyShopChain>> }[];
  findings: Finding[];
}

/**
 * Compares an exported stream (a file of what was streamed, in any of the shapes parseStreamLine
 * reads) with the database: each streamed entry's seq and hash, each checkpoint's signature and
 * head, and each named shop's chain on its own.
 */
export async function verifyAgainstStream(path: string): Promise<AgainstReport> {
  const chains = new Map<string, ShopChain>();
  const pending: { line: number; record: Parameters<StreamComparison["push"]>[1] }[] = [];
  let lines = 0;
  let ignoredLines = 0;
  const input = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const text of input) {
    lines += 1;
    const parsed = parseStreamLine(text, lines);
    if (parsed.kind !== "record") {
      if (parsed.kind === "unreadable") ignoredLines += 1;
      continue;
    }
    if (!chains.has(parsed.record.shop)) chains.set(parsed.record.shop, await loadChain(parsed.record.shop));
    pending.push(parsed);
  }
  const comparison = new StreamComparison((shop, seq) => chains.get(shop)?.get(seq), env().checkpointKey);
  for (const { line, record } of pending) comparison.push(line, record);
  const shops = [];
  for (const shop of [...chains.keys()].sort()) {
    shops.push({ shop, entries: comparison.entries.get(shop) ?? 0, checkpoints: comparison.checkpoints.get(shop) ?? 0, databaseChain: await verifyShopChain(db(), shop) });
  }
  return { lines, ignoredLines, shops, findings: comparison.findings };
}

const PROBLEM_TEXT: Record<Finding["problem"], string> = {
  entry_not_in_database: "streamed entry is missing from the database",
  entry_differs: "database entry differs from the streamed copy (edited or re-hashed)",
  conflicting_copies: "two streamed copies of this entry differ",
  checkpoint_signature_invalid: "checkpoint signature is invalid (not signed with AUDIT_CHECKPOINT_KEY)",
  checkpoint_not_in_chain: "signed checkpoint names a head the database chain does not contain (chain rewritten)",
};

/** `npm run audit:verify -- --against <file>`: exit 1 on any finding or broken chain. */
export async function auditVerifyAgainstCommand(path: string): Promise<number> {
  let report: AgainstReport;
  try {
    report = await verifyAgainstStream(path);
  } catch (error) {
    console.error(`could not read ${path}: ${(error as NodeJS.ErrnoException).code ?? "read error"}`);
    return 2;
  }
  if (report.shops.length === 0) {
    console.error(`${path}: no streamed audit entries or checkpoints found (${report.lines} lines read)`);
    return 2;
  }
  if (!env().checkpointKey) console.error("AUDIT_CHECKPOINT_KEY is not set: checkpoints cannot be checked");
  let bad = report.findings.length;
  for (const s of report.shops) {
    const chain = s.databaseChain.ok ? `database chain intact (${s.databaseChain.entries} entries)` : `database chain BROKEN at seq ${s.databaseChain.brokenAt.seq} (${s.databaseChain.reason})`;
    if (!s.databaseChain.ok) bad += 1;
    console.info(`${s.shop}: ${s.entries} streamed entries, ${s.checkpoints} checkpoints; ${chain}`);
  }
  // Checkpoint findings first (few, and the proof of a rewrite), then the first entry findings.
  const checkpoints = report.findings.filter((f) => f.problem.startsWith("checkpoint_"));
  const entries = report.findings.filter((f) => !f.problem.startsWith("checkpoint_"));
  const shown = [...checkpoints.slice(0, 50), ...entries.slice(0, 50)];
  for (const f of shown) console.error(`line ${f.line}: ${f.shop} seq ${f.seq}: ${PROBLEM_TEXT[f.problem]} [${f.problem}]`);
  if (report.findings.length > shown.length) console.error(`... and ${report.findings.length - shown.length} more findings`);
  const counts = new Map<string, number>();
  for (const f of report.findings) counts.set(f.problem, (counts.get(f.problem) ?? 0) + 1);
  if (counts.size) console.error(`findings: ${[...counts].map(([p, n]) => `${p} ${n}`).join(", ")}`);
  if (report.ignoredLines) console.info(`${report.ignoredLines} line(s) were not Privacy Desk records and were ignored`);
  if (bad === 0) console.info("the database chain matches the streamed copy");
  else console.error(`MISMATCH: ${report.findings.length} finding(s) against the streamed copy`);
  return bad ? 1 : 0;
}
