/**
 * A storefront request's details are stored as one encrypted text (storefront/rules/forms.ts
 * `requestDetails`): "Correction requested: …" and/or "Message: …", separated by a blank line.
 * This splits them back for the request page.
 */
export interface RequestDetails {
  correction: string | null;
  message: string | null;
}

const CORRECTION = "Correction requested: ";
const MESSAGE = "Message: ";

export function splitDetails(text: string | null): RequestDetails {
  if (!text) return { correction: null, message: null };
  if (text.startsWith(MESSAGE)) return { correction: null, message: text.slice(MESSAGE.length) };
  if (!text.startsWith(CORRECTION)) return { correction: null, message: text };
  const body = text.slice(CORRECTION.length);
  // The message (written after the correction) starts at the last separator.
  const at = body.lastIndexOf(`\n\n${MESSAGE}`);
  if (at < 0) return { correction: body, message: null };
  return { correction: body.slice(0, at), message: body.slice(at + 2 + MESSAGE.length) };
}
