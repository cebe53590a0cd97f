import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "../platform/db.server";
import { AUDIT_EXPORT_CONTENT_TYPES, AUDIT_EXPORT_FORMATS, auditExportStream } from "../modules/audit/audit-export.server";
import { requireStaff } from "../modules/team/staff.server";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";

const Query = z.object({ format: z.enum(AUDIT_EXPORT_FORMATS) });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "logs.export");
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return new Response((await staffTranslator(request, staff))("exportAnswer.auditFormat"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { format } = parsed.data;
  const extension = format === "csv" ? "csv" : "ndjson";
  return new Response(auditExportStream(db(), staff.shop, format), {
    headers: {
      "Content-Type": AUDIT_EXPORT_CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="audit-${staff.shop}-${format}.${extension}"`,
      "Cache-Control": "no-store",
    },
  });
};
