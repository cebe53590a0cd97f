// The law texts staff see (deadline rule, extension notice) in the admin's language. The rules keep
// their English text for logs, CSV and tests; here the same facts go through the catalog. Law names
// come from `regulation.<code>` (DSGVO, RGPD, AVG …); citations ("art. 15", "Cal. Civ. Code
// §1798.110") stay as the law writes them. Pure.
import { REGULATION_RULES, rightRule, type RequestType } from "../../requests/rules";
import type { Regulation } from "../../requests/rules/deadlines";
import type { Span } from "../../requests/rules/regulations";

export type LawTranslate = (key: string, values?: Record<string, string | number>) => string;

export function spanText(t: LawTranslate, span: Span): string {
  if ("months" in span) return t("law.months", { count: span.months });
  if ("days" in span) return t("law.days", { count: span.days });
  return t("law.businessDays", { count: span.businessDays });
}

/** "DSGVO (art. 15): 1 Monat, einmal verlängerbar um 2 Monate" — the translated ruleLabel. */
export function lawLabel(t: LawTranslate, regulation: Regulation, type: RequestType): string {
  const rule = rightRule(regulation, type);
  const values = { name: t(`regulation.${regulation}`), basis: rule.basis, period: spanText(t, rule.period) };
  return rule.extension ? t("law.label", { ...values, extension: spanText(t, rule.extension) }) : t("law.labelNoExtension", values);
}

// Every extensionNotice the rules hold, as (citation, sentence key). law-text.test.ts fails when a
// rule gains a notice this list cannot say.
const NOTICES: [RegExp, string][] = [
  [/^(.+): tell the requester of the extension and why within one month of receipt$/, "law.notice.extensionWithinMonth"],
  [/^(.+): tell the requester of the extension and why within the first 45 days$/, "law.notice.extensionWithin45"],
  [/^tell the requester of the extension and why within the first 45 days$/, "law.notice.extensionWithin45Plain"],
  [/^(.+): tell the requester within the 30 days by when they will be answered$/, "law.notice.fadp"],
  [/^(.+): tell the requester within the first 30 days, with the new date and their right to complain to the Privacy Commissioner$/, "law.notice.pipeda"],
];

/** The extension notice in the admin's language; null when the rules hold a notice it does not know. */
export function lawNotice(t: LawTranslate, notice: string): string | null {
  for (const [pattern, key] of NOTICES) {
    const match = pattern.exec(notice);
    if (match) return t(key, { citation: match[1] ?? "" });
  }
  return null;
}

/** Every notice and basis in the rules (for the tests and the pseudo-locale allow-list). */
export function allRuleTexts(): { notices: string[]; bases: string[] } {
  const notices = new Set<string>();
  const bases = new Set<string>();
  for (const info of Object.values(REGULATION_RULES)) {
    for (const rule of Object.values(info.rights)) {
      if (rule.extensionNotice) notices.add(rule.extensionNotice);
      bases.add(rule.basis);
    }
  }
  return { notices: [...notices], bases: [...bases] };
}
