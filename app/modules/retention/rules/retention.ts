/** Lawful defaults; a shop may shorten or lengthen them within the bounds below. */
export const RETENTION_DEFAULTS = {
  verificationCodeMinutes: 15,
  exportLinkDays: 7,
  closedRequestMonths: 24,
  consentRecordYears: 5,
  webhookPayloadDays: 30,
} as const;

export const RETENTION_BOUNDS = {
  verificationCodeMinutes: [5, 60],
  exportLinkDays: [1, 30],
  // Long enough to answer a regulator about how a request was handled; personal data then goes.
  closedRequestMonths: [1, 72],
  consentRecordYears: [1, 10],
  webhookPayloadDays: [1, 90],
} as const satisfies Record<keyof typeof RETENTION_DEFAULTS, readonly [number, number]>;

export type RetentionSettings = { [K in keyof typeof RETENTION_DEFAULTS]: number };

function minusMonths(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** The instants before which each kind of data is past its retention period. */
export function retentionCutoffs(settings: RetentionSettings, now: Date) {
  return {
    // Codes already expire at issue + verificationCodeMinutes; what is left is the row.
    verificationCodesExpiredBefore: now,
    exportsExpiredBefore: now,
    closedRequestsBefore: minusMonths(now, settings.closedRequestMonths),
    consentRecordedBefore: minusMonths(now, settings.consentRecordYears * 12),
    webhookProcessedBefore: new Date(now.getTime() - settings.webhookPayloadDays * 86_400_000),
  };
}
