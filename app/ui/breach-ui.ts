import { useEffect, useState } from "react";
import type { BreachClockState } from "../modules/breaches/rules/clock";

export const CLOCK_TONE: Record<BreachClockState, "success" | "warning" | "critical" | "attention" | "info" | undefined> = {
  notified_in_time: "success",
  notified_late: "warning",
  not_required: undefined,
  due: "info",
  due_soon: "attention",
  overdue: "critical",
};

/** Re-renders every 30 s so countdowns move; starts from the server's time so hydration matches. */
export function useNow(serverNow: string): Date {
  const [now, setNow] = useState(() => new Date(serverNow));
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** datetime-local is in the staff member's own time zone; the browser turns it into an instant. */
export function toInstant(local: string): string {
  const date = new Date(local);
  return local && !Number.isNaN(date.getTime()) ? date.toISOString() : "";
}
