// The consent log's filter errors (consent-log.server.ts's zod messages, kept in English for its
// tests and the export's plain-text answer) -> the key staff read. Server-side only: the consent
// page's loader says them with pageTranslator; the keys live in `consentAnswer`, a section no page
// sends. consent-messages.test.ts reads every message the module writes and fails on one not
// listed. Pure.

type Say = (key: string, values?: Record<string, string | number>) => string;

export const CONSENT_MESSAGE_KEYS: Record<string, string> = {
  "From must be a date (YYYY-MM-DD) or an ISO date and time": "consentAnswer.fromFormat",
  "To must be a date (YYYY-MM-DD) or an ISO date and time": "consentAnswer.toFormat",
  "From is not a real date": "consentAnswer.fromNotReal",
  "To is not a real date": "consentAnswer.toNotReal",
  "From must not be after To": "consentAnswer.fromAfterTo",
  "The page link is invalid: start again from the first page": "consentAnswer.pageLink",
  "Action must be accept_all, reject_all or custom": "consentAnswer.action",
  "Visitor id must be 32 hexadecimal characters": "consentAnswer.visitorId",
  "Notice version must be at most 64 characters": "consentAnswer.noticeVersion",
  "Region must be a region code such as DE or USCA": "consentAnswer.region",
  "GPC must be true or false": "consentAnswer.gpc",
};

// A parameter given twice names the parameter (a URL's own name, left as it is).
const GIVEN_ONCE = /^(\w+) may be given once$/;

/** The module's message (its issues joined by "; ") in the staff member's language; an unknown part stays English. */
export function consentFilterMessage(t: Say, english: string): string {
  return english
    .split("; ")
    .map((part) => {
      const key = CONSENT_MESSAGE_KEYS[part];
      if (key) return t(key);
      const once = GIVEN_ONCE.exec(part);
      return once ? t("consentAnswer.givenOnce", { field: once[1]! }) : part;
    })
    .join("; ");
}
