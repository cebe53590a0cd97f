// Input and error mapping of the request page's route (app/routes/app.requests.$id.tsx). Kept out of
// the route file so that zod stays on the server: a schema at a route's top level ships zod (about
// 450 KB) to the browser with the page's JavaScript.
import { json } from "@remix-run/node";
import { z } from "zod";
import type { RequestError } from "./rules";
import { CORRECTION_NEEDED, NOTE_NEEDED, REASON_NEEDED } from "./rules/next-actions";
import { REQUEST_FIELD_KEYS, requestMessage } from "../admin-i18n/rules/request-messages";

type Say = (key: string, values?: Record<string, string | number>) => string;
// The route's own messages as catalog keys (the page's, and the server-only field checks).
const KEYS: Record<string, string> = { ...REQUEST_FIELD_KEYS, [REASON_NEEDED]: "action.reasonNeeded", [NOTE_NEEDED]: "action.noteNeeded", [CORRECTION_NEEDED]: "request.error.correctionNeeded" };

// Ids are cuids: anything else is not found without asking the database.
const Params = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** The request id from the URL; anything that cannot be one is simply not found. */
export function requestId(params: unknown): string {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data.id;
}

/** Zod issues as one sentence per field (the form-level one under "form"). */
function fieldErrorsOf(error: z.ZodError, t: Say): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = typeof issue.path[0] === "string" && issue.path[0] !== "intent" ? issue.path[0] : "form";
    const key = KEYS[issue.message];
    errors[field] ??= field === "form" && issue.path[0] === "intent" ? t("request.error.notAvailable") : key ? t(key) : issue.message;
  }
  return errors;
}

/** `t`: the staff member's language (staffTranslator). */
export function refused(intent: string | undefined, error: z.ZodError, t: Say) {
  const fieldErrors = fieldErrorsOf(error, t);
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

const RESULT_KEYS = new Set(["verify", "export", "erase", "cancel_erasure", "extend", "complete", "reject", "cancel", "set_regulation", "note"]);

/** An action's result in the staff member's language (the do-not-sell outcomes through requestMessage). */
export function resultMessage(t: Say, intent: string, english: string): string {
  if (intent === "rectify") {
    const fields = /^Updated in Shopify: (.*)\.$/.exec(english)?.[1];
    if (fields) return t("request.result.rectify", { fields: fields.split(", ").map((f) => t(`rights.field.${f}`)).join(", ") });
  }
  return RESULT_KEYS.has(intent) ? t(`request.result.${intent}`) : requestMessage(t, english);
}

/** A RequestError's text in the staff member's language. */
export const refusalMessage = (t: Say, error: RequestError) => requestMessage(t, error.message);
