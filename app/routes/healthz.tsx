import { json } from "@remix-run/node";
import { checkDatabase } from "../platform/health.server";

export const loader = async () => {
  const database = await checkDatabase();
  return json(
    { status: database.ok ? "ok" : "unavailable", database: database.ok ? "ok" : "unreachable", provider: database.provider },
    { status: database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
};
