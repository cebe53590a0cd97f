/**
 * The breach lifecycle (GDPR arts. 33 and 34): which change an incident accepts in which state.
 * Pure; the service enforces it and the page shows only what it allows.
 */
export type BreachChange = "authority_notified" | "people_notified" | "notification_not_needed" | "containment_updated" | "closed";

export interface BreachState {
  closed: boolean;
  authorityNotified: boolean;
  peopleNotified: boolean;
  notificationNotNeeded: boolean;
}

/** Why `change` is refused in this state, as the merchant reads it; null when it is allowed. */
export function breachRefusal(change: BreachChange, s: BreachState): string | null {
  if (s.closed) return "This incident is closed; it can no longer be changed.";
  switch (change) {
    case "authority_notified":
      return s.authorityNotified ? "The authority's notification is already recorded." : null;
    case "people_notified":
      return s.peopleNotified ? "The communication to the people affected is already recorded." : null;
    case "notification_not_needed":
      if (s.authorityNotified) return "The authority was already notified.";
      return s.notificationNotNeeded ? "Notification is already recorded as not needed." : null;
    case "containment_updated":
      return null;
    case "closed":
      // Art. 33(5): the decision on notification is part of the record, so it must exist first.
      return s.authorityNotified || s.notificationNotNeeded ? null : "Record the authority's notification, or why it is not needed, before closing.";
  }
}

export const BREACH_CHANGES: readonly BreachChange[] = ["authority_notified", "people_notified", "notification_not_needed", "containment_updated", "closed"];

export function allowedBreachChanges(s: BreachState): BreachChange[] {
  return BREACH_CHANGES.filter((c) => breachRefusal(c, s) === null);
}
