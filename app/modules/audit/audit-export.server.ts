import type { Db } from "../../platform/db.server";
import { auditEntries, toChainedEntry } from "./audit.server";

export const AUDIT_EXPORT_FORMATS = ["csv", "splunk", "elasticsearch"] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

type Row = Awaited<ReturnType<Db["auditEntry"]["findMany"]>>[number];

function plain(row: Row) {
  const { shopDomain, id: _id, occurredAt, ...entry } = toChainedEntry(row);
  return { shop: shopDomain, ...entry, occurredAt: occurredAt.toISOString() };
}

const CSV_COLUMNS = ["seq", "occurredAt", "actorType", "actorId", "action", "subjectType", "subjectId", "subjectRef", "reason", "metadata", "prevHash", "hash"] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** One line (or line pair) per entry in the requested shape. */
export function formatAuditEntry(format: AuditExportFormat, row: Row): string {
  const entry = plain(row);
  switch (format) {
    case "csv":
      return `${CSV_COLUMNS.map((c) => csvCell(entry[c])).join(",")}\r\n`;
    case "splunk":
      // Splunk HTTP Event Collector: one event object per line, posted as is to /services/collector/event.
      return `${JSON.stringify({ time: row.occurredAt.getTime() / 1000, host: row.shopDomain, source: "privacy-desk", sourcetype: "privacy_desk:audit", event: entry })}\n`;
    case "elasticsearch":
      // Elasticsearch _bulk: an action line then the document; _id makes re-imports idempotent.
      return `${JSON.stringify({ index: { _index: "privacy-desk-audit", _id: `${row.shopDomain}:${row.seq}` } })}\n${JSON.stringify({ "@timestamp": entry.occurredAt, ...entry })}\n`;
  }
}

/** Streams a shop's whole chain a page at a time: memory stays flat however long the log is. */
export function auditExportStream(database: Db, shopDomain: string, format: AuditExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = auditEntries(database, shopDomain, 1000);
  let headerSent = format !== "csv";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(",")}\r\n`));
        return;
      }
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += formatAuditEntry(format, next.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

export const AUDIT_EXPORT_CONTENT_TYPES: Record<AuditExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  splunk: "application/x-ndjson",
  elasticsearch: "application/x-ndjson",
};
