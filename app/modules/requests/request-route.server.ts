// Input and error mapping of the request page's route (app/routes/app.requests.$id.tsx). Kept out of
// the route file so that zod stays on the server: a schema at a route's top level ships zod (about
// 450 KB) to the browser with the page's JavaScript.
import { json } from "@remix-run/node";
import { z } from "zod";
import type { RequestError } from "./rules";

// Ids are cuids: anything else is not found without asking the database.
const Params = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** The request id from the URL; anything that cannot be one is simply not found. */
export function requestId(params: unknown): string {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data.id;
}

/** Zod issues as one sentence per field (the form-level one under "form"). */
function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = typeof issue.path[0] === "string" && issue.path[0] !== "intent" ? issue.path[0] : "form";
    errors[field] ??= field === "form" && issue.path[0] === "intent" ? "This action is not available for this request." : issue.message;
  }
  return errors;
}

export function refused(intent: string | undefined, error: z.ZodError) {
  const fieldErrors = fieldErrorsOf(error);
  return json({ ok: false as const, intent, message: Object.values(fieldErrors).join(" "), fieldErrors }, { status: 400 });
}

export const STATUS_FOR: Record<RequestError["code"], number> = {
  NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  REASON_REQUIRED: 422,
  EXTENSION_NOT_ALLOWED: 409,
  INTEGRITY_MISMATCH: 409,
  CONFLICT: 409,
};
