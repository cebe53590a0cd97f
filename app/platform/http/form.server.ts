import { BodyTooLargeError, plainResponse, readBodyCapped } from "./body.server";

/** Admin forms are a few fields; nothing a staff member types comes near this. */
export const ADMIN_FORM_LIMIT = 64 * 1024;

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * The form of an admin action, or a thrown 4xx that changed nothing (ADR 0009): 405 for any
 * method but POST, 415 for a body that is not a form (JSON, text), 413 past `limit`, 400 for a
 * body that does not parse as its declared type (broken multipart). Every admin action reads its
 * form through this instead of `request.formData()`, which throws on all of these.
 */
export async function readForm(request: Request, limit = ADMIN_FORM_LIMIT): Promise<FormData> {
  if (request.method !== "POST") throw plainResponse(405, "Method not allowed", { Allow: "POST" });
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";", 1)[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(mediaType)) throw plainResponse(415, "Unsupported media type: send a form");
  let body: Buffer;
  try {
    body = await readBodyCapped(request, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw plainResponse(413, "Payload too large", { Connection: "close" });
    throw plainResponse(400, "Bad request");
  }
  let form: FormData;
  if (mediaType === "application/x-www-form-urlencoded") {
    form = new FormData();
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) form.append(key, value);
  } else {
    try {
      form = await new Response(new Uint8Array(body), { headers: { "Content-Type": contentType } }).formData();
    } catch {
      throw plainResponse(400, "Bad request: the form could not be read");
    }
  }
  // No field holds a NUL, and PostgreSQL refuses one in text.
  for (const [key, value] of form) if (key.includes("\u0000") || (typeof value === "string" && value.includes("\u0000"))) throw plainResponse(400, "Bad request");
  return form;
}
