// What staff read when Shopify's Admin API fails them (AdminApiError), in the admin's language.
// The error's code decides, never its text: our own texts ("Shopify answered 503", "the bulk operation
// ended FAILED") are for logs, and raw GraphQL messages are our internals. The one text kept is
// Shopify's own userErrors (USER_ERROR), written for merchants and the only place that says what
// was wrong. Keys live in `shopifyAnswer`, a section no page sends (said on the server). Pure.

type Say = (key: string, values?: Record<string, string | number>) => string;

export const ADMIN_API_ERROR_CODES = ["NO_SESSION", "HTTP_ERROR", "GRAPHQL_ERROR", "THROTTLED", "USER_ERROR"] as const;
export type AdminApiErrorCode = (typeof ADMIN_API_ERROR_CODES)[number];

const isCode = (value: string): value is AdminApiErrorCode => (ADMIN_API_ERROR_CODES as readonly string[]).includes(value);

/** An action's or fetch's answer (a sentence) for an AdminApiError's code and text. */
export function shopifyMessage(t: Say, error: { code: AdminApiErrorCode; message: string }): string {
  switch (error.code) {
    case "NO_SESSION":
      return t("shopifyAnswer.noAccess");
    case "USER_ERROR":
      return t("shopifyAnswer.refused", { detail: error.message });
    default:
      return t("shopifyAnswer.unreachable");
  }
}

/**
 * The texts the export job composes itself about Shopify's bulk operation -> a phrase key. Each is
 * matched by pattern; shopify-messages.test.ts reads every AdminApiError the app throws and fails on a
 * composed text no entry here (or its code) accounts for.
 */
export const OWN_TEXTS: readonly { pattern: RegExp; key: string }[] = [
  { pattern: /^the app has no access to this shop/, key: "shopifyAnswer.problem.noAccess" },
  { pattern: /^Shopify started no bulk operation$/, key: "shopifyAnswer.problem.bulkNotStarted" },
  { pattern: /^Shopify lost the bulk operation$/, key: "shopifyAnswer.problem.bulkLost" },
  { pattern: /^the bulk operation ended \w+/, key: "shopifyAnswer.problem.bulkEnded" },
  { pattern: /^the bulk operation did not finish in time$/, key: "shopifyAnswer.problem.bulkTimedOut" },
  { pattern: /^the bulk result download (answered \d+|failed \(\w+\))$/, key: "shopifyAnswer.problem.bulkDownload" },
];

/** How the export job stores an AdminApiError as its progress's `problem` (read back by exportProblemMessage). */
export function exportProblemText(error: { code: AdminApiErrorCode; message: string }): string {
  return `Shopify ${error.code}: ${error.message}`.slice(0, 300);
}

/** What the export job stores for any other failure (the details are in the logs). */
export const INTERNAL_PROBLEM = "internal error (see the app's logs)";

/**
 * A stored export problem as a short phrase in the admin's language, for the request page's
 * "The last export attempt failed (…)". Rows written before codes were stored ("Shopify: text")
 * are read by their text alone.
 */
export function exportProblemMessage(t: Say, problem: string): string {
  const coded = /^Shopify ([A-Z_]+): ([\s\S]*)$/.exec(problem);
  const code = coded && isCode(coded[1]!) ? coded[1] : null;
  const text = code ? coded![2]! : (/^Shopify: ([\s\S]*)$/.exec(problem)?.[1] ?? null);
  if (text === null) return t("shopifyAnswer.problem.internal");
  if (code === "NO_SESSION") return t("shopifyAnswer.problem.noAccess");
  if (code === "USER_ERROR") return t("shopifyAnswer.problem.refused", { detail: text });
  const own = OWN_TEXTS.find(({ pattern }) => pattern.test(text));
  return t(own ? own.key : "shopifyAnswer.problem.unreachable");
}
