import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CONSENT_EXPORT_CONTENT_TYPES, CONSENT_EXPORT_FORMATS, exportConsent, parseConsentFilters } from "../modules/consent/consent-log.server";
import { requireStaff } from "../modules/team/staff.server";
import { requireStepUp, stepUpRefusal } from "../modules/mfa/mfa.server";
import { StepUpError } from "../modules/mfa/rules/policy";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";
import { consentFilterMessage } from "../modules/admin-i18n/answers.server";

const Format = z.enum(CONSENT_EXPORT_FORMATS);

const badRequest = (message: string) => new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

// GET /app/consent/export?format=csv|ndjson&<the list page's filters>
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "logs.export");
  const params = new URL(request.url).searchParams;
  const format = Format.safeParse(params.get("format"));
  if (!format.success) return badRequest((await staffTranslator(request, staff))("exportAnswer.consentFormat"));
  const filters = parseConsentFilters(params);
  if (!filters.ok) return badRequest(consentFilterMessage(await staffTranslator(request, staff), filters.message));
  const now = new Date();
  try {
    await requireStepUp(staff, "exports.download", now);
  } catch (error) {
    if (error instanceof StepUpError) return stepUpRefusal(error, { say: await staffTranslator(request, staff) });
    throw error;
  }
  const { rows, body } = await exportConsent(staff, filters.value, format.data, now);
  const stamp = now.toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": CONSENT_EXPORT_CONTENT_TYPES[format.data],
      "Content-Disposition": `attachment; filename="consent-log-${staff.shop}-${stamp}.${format.data}"`,
      "Cache-Control": "no-store",
      "X-Row-Count": String(rows),
    },
  });
};
