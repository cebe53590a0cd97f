// The owner's alert when a scan finds a tracker firing before consent that the previous scan did not.
import type { MailText } from "../../notices/rules/notices";
import type { Finding } from "./findings";

const KIND_NAMES = { cookie: "cookie", local_storage: "local storage key", session_storage: "session storage key", request: "request to" } as const;

export function newTrackerAlert(input: { shop: string; findings: Finding[]; reportUrl: string }): MailText {
  const n = input.findings.length;
  const lines = input.findings.slice(0, 50).map((f) => `- ${KIND_NAMES[f.kind]} ${f.name} (${f.category === "unclassified" ? "unclassified" : f.category}${f.provider ? `, ${f.provider}` : ""})`);
  return {
    subject: `${n} new tracker${n === 1 ? "" : "s"} firing before consent on ${input.shop}`,
    text: [
      `The latest scan of ${input.shop} found ${n} tracker${n === 1 ? "" : "s"} that ${n === 1 ? "runs" : "run"} before the shopper has consented and did not in the previous scan:`,
      "",
      ...lines,
      ...(n > 50 ? [`- and ${n - 50} more`] : []),
      "",
      "Regulators fine cookies set before consent. Open the scan report to see where they come from:",
      input.reportUrl,
      "",
      "Tags written directly in the theme can be marked so the consent banner holds them (see the report).",
    ].join("\n"),
  };
}
