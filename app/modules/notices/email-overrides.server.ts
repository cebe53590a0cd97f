/**
 * The merchant's own wording of requester emails, per template and locale (issue 15): stored per
 * shop, saved and reset with an audit entry in the same transaction, and applied when an email is
 * composed (no override: the catalog's text). Validation and rendering are in ./rules/email-overrides.
 */
import { db, type Tx } from "../../platform/db.server";
import type { Locale } from "../../platform/i18n/locales";
import { appendAudit } from "../audit/audit.server";
import type { StaffContext } from "../team/staff-context";
import type { MailText } from "./rules/notices";
import {
  renderOverride,
  SAMPLE_VALUES,
  TEMPLATE_PLACEHOLDERS,
  validateOverride,
  type OverrideProblem,
} from "./rules/email-overrides";
import {
  acknowledgmentMail,
  codeNotice,
  completionMail,
  extensionMail,
  rejectionMail,
  type ShopperMailKind,
} from "./rules/shopper-mail";

export interface OverrideText {
  subject: string;
  body: string;
}

export class OverrideInvalid extends Error {
  override readonly name = "OverrideInvalid";
  constructor(
    readonly problems: { subject?: OverrideProblem; body?: OverrideProblem }
  ) {
    super("The email text is not valid.");
  }
}

type Reader = Pick<Tx, "emailOverride">;

export async function findOverride(
  reader: Reader,
  shop: string,
  template: ShopperMailKind,
  locale: Locale
): Promise<OverrideText | null> {
  return reader.emailOverride.findUnique({
    where: {
      shopDomain_template_locale: { shopDomain: shop, template, locale },
    },
    select: { subject: true, body: true },
  });
}

/** The override for this shop, template and locale filled with `values`, else the catalog's `fallback`. */
export async function withOverride(
  reader: Reader,
  shop: string,
  template: ShopperMailKind,
  locale: Locale,
  values: Record<string, string>,
  fallback: () => MailText
): Promise<MailText> {
  const override = await findOverride(reader, shop, template, locale);
  return override ? renderOverride(locale, override, values) : fallback();
}

/** Which template/locale pairs the shop has overridden (the page's list). */
export async function listOverrides(
  shop: string
): Promise<
  { template: string; locale: string; updatedAt: Date; updatedBy: string }[]
> {
  return db().emailOverride.findMany({
    where: { shopDomain: shop },
    select: { template: true, locale: true, updatedAt: true, updatedBy: true },
    orderBy: [{ template: "asc" }, { locale: "asc" }],
  });
}

export async function saveOverride(
  staff: StaffContext,
  template: ShopperMailKind,
  locale: Locale,
  input: OverrideText,
  now: Date
): Promise<void> {
  const problems = validateOverride(template, input);
  if (problems.subject || problems.body) throw new OverrideInvalid(problems);
  const data = {
    subject: input.subject,
    body: input.body.replace(/\r\n/g, "\n"),
    updatedBy: staff.staffId ?? "unknown",
  };
  await db().$transaction(async (tx) => {
    const key = { shopDomain: staff.shop, template, locale };
    const existed = await tx.emailOverride.findUnique({
      where: { shopDomain_template_locale: key },
      select: { template: true },
    });
    await tx.emailOverride.upsert({
      where: { shopDomain_template_locale: key },
      create: { ...key, ...data },
      update: data,
    });
    await appendAudit(tx, {
      shopDomain: staff.shop,
      actorType: "staff",
      actorId: staff.staffId,
      action: "email_override.saved",
      subjectType: "email_template",
      subjectId: `${template}:${locale}`,
      metadata: { template, locale, created: !existed },
      occurredAt: now,
    });
  });
}

/** Back to the catalog's text; false when there was no override (nothing changed, nothing audited). */
export async function resetOverride(
  staff: StaffContext,
  template: ShopperMailKind,
  locale: Locale,
  now: Date
): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.emailOverride.deleteMany({
      where: { shopDomain: staff.shop, template, locale },
    });
    if (count === 0) return false;
    await appendAudit(tx, {
      shopDomain: staff.shop,
      actorType: "staff",
      actorId: staff.staffId,
      action: "email_override.reset",
      subjectType: "email_template",
      subjectId: `${template}:${locale}`,
      metadata: { template, locale },
      occurredAt: now,
    });
    return true;
  });
}

export const SHOPPER_MAIL_KINDS = [
  "code",
  "acknowledgment",
  "extension",
  "rejection",
  "completion",
] as const satisfies readonly ShopperMailKind[];

// The preview's fixed moments and zone: sample data, no real request.
const SAMPLE_CTX = (locale: Locale) => ({
  locale,
  timeZone: "Europe/Berlin",
  shop: SAMPLE_VALUES.shop!,
});
const SAMPLE_DUE = new Date("2027-01-14T22:59:00Z");

/** The catalog's email for `template` in `locale`, filled with the sample values (what is sent without an override). */
export function defaultSample(
  template: ShopperMailKind,
  locale: Locale
): MailText {
  const ctx = SAMPLE_CTX(locale);
  const base = {
    reference: SAMPLE_VALUES.reference!,
    type: "access",
    regulation: "gdpr",
  };
  switch (template) {
    case "code":
      return codeNotice(ctx, {
        reference: base.reference,
        code: SAMPLE_VALUES.code!,
        minutes: 15,
        statusUrl: SAMPLE_VALUES.url!,
      });
    case "acknowledgment":
      return acknowledgmentMail(ctx, { ...base, dueAt: SAMPLE_DUE });
    case "extension":
      return extensionMail(ctx, {
        ...base,
        reason: SAMPLE_VALUES.reason!,
        dueAt: SAMPLE_DUE,
        allowance: { months: 2 },
      });
    case "rejection":
      return rejectionMail(ctx, { ...base, reason: SAMPLE_VALUES.reason! });
    case "completion":
      return completionMail(ctx, {
        ...base,
        links: [
          {
            format: "json",
            url: "https://example.app/downloads/sample",
            expiresAt: new Date("2027-01-21T22:59:00Z"),
          },
        ],
      });
  }
}

/** The merchant's text filled with sample values; refused like a save when it is not valid. */
export function previewOverride(
  template: ShopperMailKind,
  locale: Locale,
  input: OverrideText
): MailText {
  const problems = validateOverride(template, input);
  if (problems.subject || problems.body) throw new OverrideInvalid(problems);
  return renderOverride(locale, input, SAMPLE_VALUES);
}

/** What the Settings > Emails page shows for one template and locale. */
export async function editorData(
  shop: string,
  template: ShopperMailKind,
  locale: Locale
) {
  const row = await db().emailOverride.findUnique({
    where: {
      shopDomain_template_locale: { shopDomain: shop, template, locale },
    },
    select: { subject: true, body: true, updatedAt: true },
  });
  const sample = defaultSample(template, locale);
  return {
    override: row ? { subject: row.subject, body: row.body } : null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    allowed: [...TEMPLATE_PLACEHOLDERS[template].allowed],
    required: [...TEMPLATE_PLACEHOLDERS[template].required],
    defaultSample: { subject: sample.subject, text: sample.text },
  };
}
