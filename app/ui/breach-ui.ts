import { useEffect, useState } from "react";
import type { BreachClock, BreachClockState } from "../modules/breaches/rules/clock";
import type { Translate } from "./i18n";

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

/** describeClock in the admin's language: "41 h 12 min left", "overdue by 3 h 5 min", … */
export function clockText(t: Translate, clock: Pick<BreachClock, "state" | "remainingMs">): string {
  const span = (minutes: number) => t("breach.clock.span", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  switch (clock.state) {
    case "notified_in_time":
      return t("breach.clock.notified_in_time", { span: span(Math.floor(clock.remainingMs / 60_000)) });
    case "notified_late":
      return t("breach.clock.notified_late", { span: span(Math.ceil(-clock.remainingMs / 60_000)) });
    case "not_required":
      return t("breach.clock.not_required");
    default:
      return clock.remainingMs >= 0 ? t("breach.clock.left", { span: span(Math.floor(clock.remainingMs / 60_000)) }) : t("breach.clock.overdue", { span: span(Math.ceil(-clock.remainingMs / 60_000)) });
  }
}
