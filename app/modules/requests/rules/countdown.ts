// The request page's deadline countdown. Pure: the clock is passed in.

const DAY_MS = 86_400_000;

export interface Countdown {
  text: string;
  tone: "critical" | "warning" | "info" | "success";
}

/**
 * "12 days left", "due within a day", "3 days overdue"; closed requests say so. Days left round down
 * and days overdue round up, so the text never promises more time than there is.
 */
export function countdown(due: Date, now: Date, closed: boolean): Countdown {
  if (closed) return { text: "Closed", tone: "success" };
  const ms = due.getTime() - now.getTime();
  if (ms < 0) {
    const days = Math.ceil(-ms / DAY_MS);
    return { text: `${days} day${days === 1 ? "" : "s"} overdue`, tone: "critical" };
  }
  const days = Math.floor(ms / DAY_MS);
  if (days === 0) return { text: "Due within a day", tone: "critical" };
  return { text: `${days} day${days === 1 ? "" : "s"} left`, tone: days <= 7 ? "warning" : "info" };
}

export const REGULATION_NAMES: Record<string, string> = {
  gdpr: "GDPR",
  uk_gdpr: "UK GDPR",
  ccpa: "CCPA/CPRA",
  lgpd: "LGPD",
  shopify: "Shopify compliance webhook",
};
