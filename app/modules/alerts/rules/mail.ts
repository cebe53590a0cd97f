import type { MailText } from "../../notices/rules/notices";
import { RULE_LABELS, type AlertRule, type Severity } from "./definitions";

/** The email to owners and privacy officers about an alert: what, when, where to look; references only. */
export function alertMail(input: { shop: string; rule: AlertRule; severity: Severity; raisedAt: Date; count: number; adminUrl: string }): MailText {
  return {
    subject: `[${input.severity}] ${RULE_LABELS[input.rule]} on ${input.shop}`,
    text: [
      `Privacy Desk raised an alert for ${input.shop}: ${RULE_LABELS[input.rule]}.`,
      `Severity: ${input.severity}. Raised at ${input.raisedAt.toISOString()}${input.count > 1 ? ` after ${input.count} events` : ""}.`,
      "",
      "Open the alert to see the details, acknowledge or resolve it, or open a breach record from it:",
      input.adminUrl,
    ].join("\n"),
  };
}
