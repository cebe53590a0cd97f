import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { RequestError } from "../modules/requests/rules";
import { downloadExport, exportFileResponse } from "../modules/exports/downloads.server";
import { requireStaff } from "../modules/team/staff.server";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";
import { requireStepUp, stepUpRefusal } from "../modules/mfa/mfa.server";
import { StepUpError } from "../modules/mfa/rules/policy";

// Ids are cuids: anything else is not found without asking the database.
const Params = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), fileId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "requests.download");
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const { id, fileId } = parsed.data;
  try {
    const now = new Date();
    await requireStepUp(staff, "exports.download", now);
    return exportFileResponse(await downloadExport(staff, id, fileId, now));
  } catch (error) {
    if (error instanceof StepUpError) return stepUpRefusal(error, { say: await staffTranslator(request, staff) });
    if (error instanceof RequestError && error.code === "NOT_FOUND") throw new Response("Not found", { status: 404 });
    throw error;
  }
};
