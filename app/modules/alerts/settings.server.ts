import { z } from "zod";
import { db } from "../../platform/db.server";
import { appendAudit } from "../audit/audit.server";
import { forgetAlertSettings } from "./alerts.server";
import type { StaffContext } from "../team/staff-context";
import { DEFAULT_THRESHOLDS, parseWorkDays, thresholdsOf, THRESHOLD_LIMITS, type AlertThresholds } from "./rules";

export async function getAlertSettings(staff: StaffContext): Promise<AlertThresholds> {
  return thresholdsOf(await db().alertSettings.findUnique({ where: { shopDomain: staff.shop } }));
}

const LABELS: Record<keyof typeof THRESHOLD_LIMITS, string> = {
  exportThreshold: "Exports per staff member",
  exportWindowMinutes: "Export window (minutes)",
  failureThreshold: "Failures per source",
  failureWindowMinutes: "Failure window (minutes)",
  mfaThreshold: "Step-up failures per staff member",
  mfaWindowMinutes: "Step-up window (minutes)",
  deadlineWarningDays: "Deadline warning (days)",
  workStartHour: "Working hours start",
  workEndHour: "Working hours end",
  reviewMonths: "Access review every (months)",
};

const bounded = (key: keyof typeof THRESHOLD_LIMITS) => {
  const [min, max] = THRESHOLD_LIMITS[key];
  return z
    .string({ error: `${LABELS[key]} is required` })
    .trim()
    .regex(/^\d{1,6}$/, `${LABELS[key]} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${LABELS[key]} must be between ${min} and ${max}`);
};

/** The Settings form: strings in, checked thresholds out. */
export const AlertSettingsForm = z
  .object({
    exportThreshold: bounded("exportThreshold"),
    exportWindowMinutes: bounded("exportWindowMinutes"),
    failureThreshold: bounded("failureThreshold"),
    failureWindowMinutes: bounded("failureWindowMinutes"),
    mfaThreshold: bounded("mfaThreshold"),
    mfaWindowMinutes: bounded("mfaWindowMinutes"),
    deadlineWarningDays: bounded("deadlineWarningDays"),
    workingHoursEnabled: z.enum(["on", "off"], { error: "Working hours must be on or off" }).transform((v) => v === "on"),
    workStartHour: bounded("workStartHour"),
    workEndHour: bounded("workEndHour"),
    workDays: z
      .array(z.string().regex(/^[1-7]$/, "Choose working days from the list"))
      .max(7)
      .transform((days) => parseWorkDays(days.join(","))),
    reviewMonths: bounded("reviewMonths"),
  })
  .refine((v) => v.workStartHour < v.workEndHour, { message: "Working hours must end after they start", path: ["workEndHour"] })
  .refine((v) => !v.workingHoursEnabled || v.workDays.length > 0, { message: "Choose at least one working day", path: ["workDays"] });

/** Saves the shop's alert settings (owners), audited with what changed. */
export async function saveAlertSettings(staff: StaffContext, input: AlertThresholds, now: Date): Promise<{ changed: string[] }> {
  const result = await db().$transaction(async (tx) => {
    const before = thresholdsOf(await tx.alertSettings.findUnique({ where: { shopDomain: staff.shop } }));
    const changed = (Object.keys(DEFAULT_THRESHOLDS) as (keyof AlertThresholds)[]).filter((k) => String(before[k]) !== String(input[k]));
    if (changed.length === 0) return { changed };
    const row = { ...input, workDays: input.workDays.join(",") };
    await tx.alertSettings.upsert({ where: { shopDomain: staff.shop }, create: { shopDomain: staff.shop, ...row }, update: row });
    await appendAudit(tx, {
      shopDomain: staff.shop,
      actorType: "staff",
      actorId: staff.staffId,
      action: "alerts.settings_updated",
      metadata: Object.fromEntries(changed.map((k) => [k, { from: String(before[k]), to: String(input[k]) }])),
      occurredAt: now,
    });
    return { changed };
  });
  forgetAlertSettings(staff.shop);
  return result;
}
