/** Per-shop alert settings; the defaults are what a shop without a row gets (AlertSettings defaults). */
export interface AlertThresholds {
  exportThreshold: number;
  exportWindowMinutes: number;
  failureThreshold: number;
  failureWindowMinutes: number;
  mfaThreshold: number;
  mfaWindowMinutes: number;
  deadlineWarningDays: number;
  workingHoursEnabled: boolean;
  workStartHour: number;
  workEndHour: number;
  /** ISO weekdays, 1 = Monday. */
  workDays: readonly number[];
  reviewMonths: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  // A privacy officer clearing a backlog exports a handful an hour; twenty is a copy of the customer base being taken.
  exportThreshold: 20,
  exportWindowMinutes: 60,
  // Five wrong codes lock one request; ten failures from one address in a quarter hour is guessing across requests.
  failureThreshold: 10,
  failureWindowMinutes: 15,
  mfaThreshold: 5,
  mfaWindowMinutes: 15,
  deadlineWarningDays: 3,
  workingHoursEnabled: false,
  workStartHour: 8,
  workEndHour: 19,
  workDays: [1, 2, 3, 4, 5],
  reviewMonths: 3,
};

/** Bounds for the Settings form: each field's allowed range. */
export const THRESHOLD_LIMITS = {
  exportThreshold: [2, 10_000],
  exportWindowMinutes: [1, 1440],
  failureThreshold: [2, 10_000],
  failureWindowMinutes: [1, 1440],
  mfaThreshold: [2, 1000],
  mfaWindowMinutes: [1, 1440],
  deadlineWarningDays: [1, 30],
  workStartHour: [0, 23],
  workEndHour: [1, 24],
  reviewMonths: [1, 12],
} as const satisfies Record<string, readonly [number, number]>;

export function parseWorkDays(text: string): number[] {
  const days = text
    .split(",")
    .map((d) => Number(d.trim()))
    .filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
  return [...new Set(days)].sort();
}

/** A stored row (or none) as thresholds. */
export function thresholdsOf(row: (Omit<AlertThresholds, "workDays"> & { workDays: string }) | null | undefined): AlertThresholds {
  if (!row) return DEFAULT_THRESHOLDS;
  return {
    exportThreshold: row.exportThreshold,
    exportWindowMinutes: row.exportWindowMinutes,
    failureThreshold: row.failureThreshold,
    failureWindowMinutes: row.failureWindowMinutes,
    mfaThreshold: row.mfaThreshold,
    mfaWindowMinutes: row.mfaWindowMinutes,
    deadlineWarningDays: row.deadlineWarningDays,
    workingHoursEnabled: Boolean(row.workingHoursEnabled),
    workStartHour: row.workStartHour,
    workEndHour: row.workEndHour,
    workDays: parseWorkDays(row.workDays),
    reviewMonths: row.reviewMonths,
  };
}
