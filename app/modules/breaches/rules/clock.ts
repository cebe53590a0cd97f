/**
 * GDPR art. 33(1): the supervisory authority is notified "without undue delay and, where feasible,
 * not later than 72 hours after having become aware of" a personal data breach. Pure: the current
 * time is always passed in.
 */

export const HOUR_MS = 3_600_000;
export const AUTHORITY_DEADLINE_MS = 72 * HOUR_MS;
/** At or under this much time left, an open clock is `due_soon`. */
export const DUE_SOON_MS = 24 * HOUR_MS;

export const BREACH_CLOCK_STATES = ["notified_in_time", "notified_late", "not_required", "due", "due_soon", "overdue"] as const;
export type BreachClockState = (typeof BREACH_CLOCK_STATES)[number];

export interface BreachClockInput {
  discoveredAt: Date;
  authorityNotifiedAt: Date | null;
  notificationNotNeeded: boolean;
  now: Date;
}

export interface BreachClock {
  deadline: Date;
  /**
   * Deadline minus the moment the clock stopped: the notification time once the authority was
   * notified (negative when late), otherwise `now` (negative when overdue).
   */
  remainingMs: number;
  state: BreachClockState;
}

export function authorityDeadline(discoveredAt: Date): Date {
  return new Date(discoveredAt.getTime() + AUTHORITY_DEADLINE_MS);
}

export function breachClock(input: BreachClockInput): BreachClock {
  const deadline = authorityDeadline(input.discoveredAt);
  // A recorded notification settles the clock even if it was earlier assessed as not needed.
  if (input.authorityNotifiedAt) {
    const remainingMs = deadline.getTime() - input.authorityNotifiedAt.getTime();
    // "Not later than 72 hours": a notification at exactly 72 h is still in time.
    return { deadline, remainingMs, state: remainingMs >= 0 ? "notified_in_time" : "notified_late" };
  }
  const remainingMs = deadline.getTime() - input.now.getTime();
  if (input.notificationNotNeeded) return { deadline, remainingMs, state: "not_required" };
  if (remainingMs < 0) return { deadline, remainingMs, state: "overdue" };
  return { deadline, remainingMs, state: remainingMs <= DUE_SOON_MS ? "due_soon" : "due" };
}

function hoursMinutes(totalMinutes: number): string {
  return `${Math.floor(totalMinutes / 60)} h ${totalMinutes % 60} min`;
}

/**
 * "41 h 12 min left" or "overdue by 3 h 5 min". Time left is rounded down and time overdue rounded
 * up, so the text never shows more time than there is nor less lateness than there is.
 */
export function formatRemaining(remainingMs: number): string {
  if (remainingMs >= 0) return `${hoursMinutes(Math.floor(remainingMs / 60_000))} left`;
  return `overdue by ${hoursMinutes(Math.ceil(-remainingMs / 60_000))}`;
}

/** One line for the UI describing where the clock stands. */
export function describeClock(clock: BreachClock): string {
  switch (clock.state) {
    case "notified_in_time":
      return `Authority notified ${hoursMinutes(Math.floor(clock.remainingMs / 60_000))} before the deadline`;
    case "notified_late":
      return `Authority notified ${hoursMinutes(Math.ceil(-clock.remainingMs / 60_000))} after the deadline`;
    case "not_required":
      return "Authority notification assessed as not required";
    default:
      return formatRemaining(clock.remainingMs);
  }
}
