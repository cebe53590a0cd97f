import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { RequestError } from "../modules/requests/rules";
import { customerCurrentValues } from "../modules/requests/rights-view.server";
import { AdminApiError } from "../platform/shopify/admin-client.server";
import { requireStaff } from "../modules/team/staff.server";
import { requireStepUp, stepUpRefusal } from "../modules/mfa/mfa.server";
import { StepUpError } from "../modules/mfa/rules/policy";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";
import { refusalMessage } from "../modules/requests/request-route.server";
import { requestMessage, shopifyMessage } from "../modules/admin-i18n/answers.server";

const Params = z.object({ id: z.string().min(1).max(64) });

// GET /app/requests/:id/customer: the customer's current values in Shopify, fetched on demand.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "requests.act");
  const parsed = Params.safeParse(params);
  if (!parsed.success) return json({ ok: false as const, message: requestMessage(await staffTranslator(request, staff), "no such request in this shop") }, { status: 404, headers: { "Cache-Control": "no-store" } });
  try {
    const now = new Date();
    await requireStepUp(staff, "exports.download", now);
    const values = await customerCurrentValues(staff, parsed.data.id, now);
    return json({ ok: true as const, values }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof StepUpError) return stepUpRefusal(error, { say: await staffTranslator(request, staff) });
    if (error instanceof RequestError) return json({ ok: false as const, message: refusalMessage(await staffTranslator(request, staff), error) }, { status: 404, headers: { "Cache-Control": "no-store" } });
    if (error instanceof AdminApiError) return json({ ok: false as const, message: shopifyMessage(await staffTranslator(request, staff), error) }, { status: 502, headers: { "Cache-Control": "no-store" } });
    throw error;
  }
};
