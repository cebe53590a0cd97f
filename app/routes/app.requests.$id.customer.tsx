import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { RequestError } from "../modules/requests/rules";
import { customerCurrentValues } from "../modules/requests/rights-view.server";
import { AdminApiError } from "../platform/shopify/admin-client.server";
import { requireStaff } from "../modules/team/staff.server";

const Params = z.object({ id: z.string().min(1).max(64) });

// GET /app/requests/:id/customer: the customer's current values in Shopify, fetched on demand.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "requests.act");
  const parsed = Params.safeParse(params);
  if (!parsed.success) return json({ ok: false as const, message: "not found" }, { status: 404, headers: { "Cache-Control": "no-store" } });
  try {
    const values = await customerCurrentValues(staff, parsed.data.id, new Date());
    return json({ ok: true as const, values }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof RequestError) return json({ ok: false as const, message: error.message }, { status: 404, headers: { "Cache-Control": "no-store" } });
    if (error instanceof AdminApiError) return json({ ok: false as const, message: `Shopify refused: ${error.message}` }, { status: 502, headers: { "Cache-Control": "no-store" } });
    throw error;
  }
};
