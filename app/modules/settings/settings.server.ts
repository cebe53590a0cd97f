import { z } from "zod";
import { cipherContext } from "../../platform/protected-data/registry";
import { db } from "../../platform/db.server";
import { decryptField, encryptField } from "../../platform/crypto";
import { env } from "../../platform/env.server";
import { REGULATIONS } from "../requests/rules";
import { DEFAULT_REGULATIONS } from "../requests/rules/regulation";
import { RETENTION_BOUNDS, RETENTION_DEFAULTS } from "../retention/rules/retention";
import { appendAudit } from "../audit/audit.server";
import type { StaffContext } from "../team/staff-context";

const bounded = (key: keyof typeof RETENTION_BOUNDS) => {
  const [min, max] = RETENTION_BOUNDS[key];
  const range = `Enter a whole number from ${min} to ${max}.`;
  return z.coerce.number({ error: range }).int(range).min(min, range).max(max, range);
};

export const SettingsSchema = z.object({
  verificationCodeMinutes: bounded("verificationCodeMinutes"),
  exportLinkDays: bounded("exportLinkDays"),
  closedRequestMonths: bounded("closedRequestMonths"),
  consentRecordYears: bounded("consentRecordYears"),
  webhookPayloadDays: bounded("webhookPayloadDays"),
  regulations: z.array(z.enum(REGULATIONS.filter((r) => r !== "shopify") as [string, ...string[]])).min(1, "Choose at least one regulation."),
  clockStart: z.enum(["receipt", "verification"], { error: "Choose when the deadline clock starts." }),
  // Where the daily digest of requests due soon goes. Stored encrypted; empty means no digest.
  notificationEmails: z
    .string()
    .max(3_300, "The list is too long: give at most 10 addresses.")
    .optional()
    .default("")
    .transform((value, ctx) => {
      const addresses = [...new Set(value.split(/[\s,;]+/).map((a) => a.trim().toLowerCase()).filter(Boolean))];
      if (addresses.length > 10) ctx.addIssue({ code: "custom", message: "Give at most 10 addresses." });
      const bad = addresses.filter((a) => !z.email().max(320).safeParse(a).success);
      // `params` lets the admin say it in the staff member's language (settingsIssueMessage).
      if (bad.length) ctx.addIssue({ code: "custom", params: { addresses: bad.slice(0, 3).join(", ").slice(0, 200), count: bad.length }, message: `Check ${bad.length === 1 ? "this address" : "these addresses"}: ${bad.slice(0, 3).join(", ").slice(0, 200)}. Each must be a whole email address, like privacy@example.com.` });
      return addresses.join(", ");
    }),
});
export type SettingsInput = z.infer<typeof SettingsSchema>;

/** A field error of SettingsSchema in the admin's language (`t` from staffTranslator). */
export function settingsIssueMessage(t: (key: string, values?: Record<string, string | number>) => string, issue: z.core.$ZodIssue): string {
  const field = String(issue.path[0]);
  if (field in RETENTION_BOUNDS) {
    const [min, max] = RETENTION_BOUNDS[field as keyof typeof RETENTION_BOUNDS];
    return t("settings.error.number", { min, max });
  }
  if (field === "regulations") return t("settings.error.regulations");
  if (field === "clockStart") return t("settings.error.clockStart");
  if (field === "notificationEmails") {
    const params = issue.code === "custom" ? (issue.params as { addresses?: unknown; count?: unknown } | undefined) : undefined;
    if (typeof params?.addresses === "string" && typeof params.count === "number") return t("settings.error.badAddresses", { addresses: params.addresses, count: params.count });
    return t("settings.error.tooManyAddresses");
  }
  return t("settings.error.invalid");
}

export async function getSettings(ctx: StaffContext): Promise<SettingsInput> {
  const row = await db().shopSettings.findUnique({ where: { shopDomain: ctx.shop } });
  if (!row) return { ...RETENTION_DEFAULTS, regulations: DEFAULT_REGULATIONS.split(","), clockStart: "receipt", notificationEmails: "" };
  return {
    verificationCodeMinutes: row.verificationCodeMinutes,
    exportLinkDays: row.exportLinkDays,
    closedRequestMonths: row.closedRequestMonths,
    consentRecordYears: row.consentRecordYears,
    webhookPayloadDays: row.webhookPayloadDays,
    regulations: row.regulations.split(",").filter(Boolean),
    clockStart: row.clockStart === "verification" ? "verification" : "receipt",
    notificationEmails: row.notificationEmailsCipher ? decryptField(env().keyRing, row.notificationEmailsCipher, cipherContext.shopSettings(ctx.shop)) : "",
  };
}


const count = (list: string) => (list ? list.split(", ").length : 0);

/** Saves the shop's settings and audits which values changed, from what to what. */
export async function saveSettings(ctx: StaffContext, input: SettingsInput, now: Date): Promise<void> {
  const before = await getSettings(ctx);
  const { notificationEmails, ...rest } = input;
  const data = {
    ...rest,
    regulations: input.regulations.join(","),
    notificationEmailsCipher: notificationEmails ? encryptField(env().keyRing, notificationEmails, cipherContext.shopSettings(ctx.shop)) : null,
  };
  await db().$transaction(async (tx) => {
    await tx.shopSettings.upsert({ where: { shopDomain: ctx.shop }, create: { shopDomain: ctx.shop, ...data }, update: data });
    const changes = Object.fromEntries(
      (Object.keys(input) as (keyof SettingsInput)[])
        .filter((k) => String(before[k]) !== String(input[k]))
        // Addresses are personal data: the audit chain gets how many, never which.
        .map((k) => [k, k === "notificationEmails" ? { from: `${count(before[k])} addresses`, to: `${count(input[k])} addresses` } : { from: String(before[k]), to: String(input[k]) }]),
    );
    if (Object.keys(changes).length > 0) {
      await appendAudit(tx, { shopDomain: ctx.shop, actorType: "staff", actorId: ctx.staffId, action: "settings.updated", metadata: changes, occurredAt: now });
    }
  });
}
