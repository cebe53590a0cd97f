// The alerts module's English refusals (AlertError texts, kept for logs and its tests) -> the key
// staff read. Server-side only: the alert page's action says them with staffTranslator; the new
// keys live in `alertAnswer`, a section no page sends. alert-messages.test.ts reads every text the
// module throws and fails on one not listed. Pure.

type Say = (key: string, values?: Record<string, string | number>) => string;

export const ALERT_MESSAGE_KEYS: Record<string, string> = {
  "There is no such alert.": "alert.result.noSuch",
  "Only a new alert can be acknowledged.": "alertAnswer.onlyNewAcknowledged",
  "This alert is already resolved.": "alertAnswer.alreadyResolved",
  "This alert was changed by someone else; reload the page.": "alertAnswer.changedElsewhere",
  "A breach record was already opened from this alert.": "alert.result.breachExists",
};

/** An AlertError's text in the staff member's language; an unknown one as the module wrote it. */
export function alertMessage(t: Say, english: string): string {
  const key = ALERT_MESSAGE_KEYS[english];
  return key ? t(key) : english;
}
