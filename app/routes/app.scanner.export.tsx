import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { scanCsv } from "../modules/scanner/scanner.server";
import { requireStaff } from "../modules/team/staff.server";

const ScanId = z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/);
const text = (status: number, message: string) => new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

// GET /app/scanner/export?scan=<id>: the scan's findings as CSV.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  const id = ScanId.safeParse(new URL(request.url).searchParams.get("scan"));
  if (!id.success) return text(400, "scan must be a scan id");
  const csv = await scanCsv(staff, id.data);
  if (csv === null) return text(404, "no such finished scan");
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="tracker-scan-${id.data.replace(/[^A-Za-z0-9_-]/g, "_")}.csv"`, "Cache-Control": "no-store" } });
};
