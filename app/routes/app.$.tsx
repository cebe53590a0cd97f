import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "../modules/team/staff.server";

// Any other /app/... address: a 404 shown inside the app frame (app.tsx's error boundary).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireStaff(request, "read");
  throw new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
};

export default function NotFound() {
  return null;
}
