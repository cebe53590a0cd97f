import { z } from "zod";
import { db } from "../db.server";
import { REGULATIONS } from "../domain/requests";
import { RETENTION_BOUNDS, RETENTION_DEFAULTS } from "../domain/retention";
import { appendAudit } from "./audit.server";
import type { StaffContext } from "./admin.server";

const bounded = (key: keyof typeof RETENTION_BOUNDS) => {
  const [min, max] = RETENTION_BOUNDS[key];
  return z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
};

export const SettingsSchema = z.object({
  verificationCodeMinutes: bounded("verificationCodeMinutes"),
  exportLinkDays: bounded("exportLinkDays"),
  closedRequestMonths: bounded("closedRequestMonths"),
  consentRecordYears: bounded("consentRecordYears"),
  webhookPayloadDays: bounded("webhookPayloadDays"),
  regulations: z.array(z.enum(REGULATIONS.filter((r) => r !== "shopify") as [string, ...string[]])).min(1, "choose at least one regulation"),
  clockStart: z.enum(["receipt", "verification"]),
});
export type SettingsInput = z.infer<typeof SettingsSchema>;

export async function getSettings(ctx: StaffContext): Promise<SettingsInput> {
  const row = await db().shopSettings.findUnique({ where: { shopDomain: ctx.shop } });
  if (!row) return { ...RETENTION_DEFAULTS, regulations: ["gdpr", "uk_gdpr", "ccpa", "lgpd"], clockStart: "receipt" };
  return {
    verificationCodeMinutes: row.verificationCodeMinutes,
    exportLinkDays: row.exportLinkDays,
    closedRequestMonths: row.closedRequestMonths,
    consentRecordYears: row.consentRecordYears,
    webhookPayloadDays: row.webhookPayloadDays,
    regulations: row.regulations.split(",").filter(Boolean),
    clockStart: row.clockStart === "verification" ? "verification" : "receipt",
  };
}

/** Saves the shop's settings and audits which values changed, from what to what. */
export async function saveSettings(ctx: StaffContext, input: SettingsInput, now: Date): Promise<void> {
  const before = await getSettings(ctx);
  const data = { ...input, regulations: input.regulations.join(",") };
  await db().$transaction(async (tx) => {
    await tx.shopSettings.upsert({ where: { shopDomain: ctx.shop }, create: { shopDomain: ctx.shop, ...data }, update: data });
    const changes = Object.fromEntries(
      (Object.keys(input) as (keyof SettingsInput)[])
        .filter((k) => String(before[k]) !== String(input[k]))
        .map((k) => [k, { from: String(before[k]), to: String(input[k]) }]),
    );
    if (Object.keys(changes).length > 0) {
      await appendAudit(tx, { shopDomain: ctx.shop, actorType: "staff", actorId: ctx.staffId, action: "settings.updated", metadata: changes, occurredAt: now });
    }
  });
}
