// The breach module's English answers (zod field errors of the forms and the service, lifecycle
// refusals, conflicts, the incident page's results; kept for logs and the module's tests) -> the
// catalog key staff read. Server-side only (the breach routes' actions, through answers.server.ts);
// `breachAnswer.*` is never sent to the browser. breach-messages.test.ts produces every text the
// module's rules give and fails on one not listed. Pure.
type Say = (key: string, values?: Record<string, string | number>) => string;

export const BREACH_MESSAGE_KEYS: Record<string, string> = {
  "Unknown action": "breachAnswer.unknownAction",
  "Discovery time must be a date and time": "breachAnswer.discoveredAtInvalid",
  "Discovery time cannot be in the future": "breachAnswer.discoveredAtFuture",
  "Description is required": "breachAnswer.descriptionRequired",
  "Description must be at most 5,000 characters": "breachAnswer.descriptionTooLong",
  "Unknown data category": "breachAnswer.categoryUnknown",
  "Choose at least one data category": "breachAnswer.categoryNeeded",
  "Approximate number of people is required": "breachAnswer.peopleRequired",
  "Approximate number of people must be a whole number": "breachAnswer.peopleWhole",
  "Approximate number of people cannot be negative": "breachAnswer.peopleNegative",
  "Approximate number of people must be at most 100,000,000": "breachAnswer.peopleTooMany",
  "Containment steps is required": "breachAnswer.containmentRequired",
  "Containment steps must be at most 5,000 characters": "breachAnswer.containmentTooLong",
  "Notification time must be a date and time": "breachAnswer.notifiedAtInvalid",
  "Notification time cannot be in the future": "breachAnswer.notifiedAtFuture",
  "Notification time cannot be before the breach was discovered": "breachAnswer.notifiedAtBeforeDiscovery",
  "Notification time is not valid": "breachAnswer.notifiedAtNotValid",
  "Reason is required": "breachAnswer.reasonRequired",
  "Reason must be at most 1,000 characters": "breachAnswer.reasonTooLong",
  "The incident was not recorded: some fields need attention.": "breachAnswer.notRecorded",
  "Nothing was changed: some fields need attention.": "breachAnswer.nothingChanged",
  "This incident is closed; it can no longer be changed.": "breachAnswer.closed",
  "The authority's notification is already recorded.": "breachAnswer.authorityAlready",
  "The communication to the people affected is already recorded.": "breachAnswer.peopleAlready",
  "The authority was already notified.": "breachAnswer.authorityNotifiedAlready",
  "Notification is already recorded as not needed.": "breachAnswer.notNeededAlready",
  "Record the authority's notification, or why it is not needed, before closing.": "breachAnswer.decideBeforeClosing",
  "This incident was changed at the same time; reload and try again.": "breachAnswer.conflict",
  "This incident was changed outside the app; the change was refused and audited.": "breachAnswer.integrity",
  "Notification of the supervisory authority recorded.": "breachAnswer.doneAuthority",
  "Communication to the people affected recorded.": "breachAnswer.donePeople",
  "Recorded that notifying the authority is not needed.": "breachAnswer.doneNotNeeded",
  "Containment steps updated.": "breachAnswer.doneContainment",
  "Incident closed.": "breachAnswer.doneClose",
};

/** A breach answer in the staff member's language; a text the table does not know stays as written. */
export function breachMessage(t: Say, english: string): string {
  const key = BREACH_MESSAGE_KEYS[english];
  return key ? t(key) : english;
}

/** Every field error of a form answer, translated. */
export function breachFieldErrors(t: Say, fieldErrors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors).map(([field, message]) => [field, breachMessage(t, message)]));
}
