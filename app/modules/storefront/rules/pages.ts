import type { RequestStatus } from "../../requests/rules";
import type { FieldError } from "./forms";

// Pages answered to browsers without JavaScript. Shopify renders them as Liquid inside the theme,
// so every interpolated value is escaped for HTML and has its braces neutralised for Liquid.
function escape(value: string): string {
  return value.replace(/[&<>"'{}]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STATUS_TEXT: Record<RequestStatus, string> = {
  received: "Received",
  awaiting_verification: "Waiting for you to confirm your email address",
  verified: "Confirmed, waiting to be handled",
  in_progress: "In progress",
  awaiting_shopify: "In progress (waiting for Shopify)",
  completed: "Completed",
  rejected: "Closed without action",
  cancelled: "Cancelled",
};

export const NEVER_VERIFIED_TEXT = "This request was closed because the email address was not confirmed in time. Nothing was done with it; you can send a new request from the store's privacy page.";

/** Outcomes a redirect can carry in `?result=` to the status page. */
export const RESULT_TEXT = {
  verified: "Thank you: your email address is confirmed.",
  invalid_code: "That code is not valid or has expired. Check the latest email and try again.",
  expired: "That code has expired. Ask for a new code below.",
  locked: "Too many wrong codes. Ask for a new code below.",
  resent: "A new code is on its way to your email address.",
  resend_refused: "No new code can be sent for this request. Please contact the store.",
} as const;
export type ResultKey = keyof typeof RESULT_TEXT;

export function isResultKey(value: string | null): value is ResultKey {
  return value !== null && Object.hasOwn(RESULT_TEXT, value);
}

function page(title: string, body: string): string {
  return `<div class="privacy-proxy-page" style="max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>${escape(title)}</h1>
${body}
</div>
`;
}

export function statusPage(input: { reference: string; status: RequestStatus; pathPrefix: string; result: ResultKey | null; neverVerified?: boolean }): string {
  const base = `${input.pathPrefix}/requests/${encodeURIComponent(input.reference)}`;
  const notice = input.result ? `<p role="status">${escape(RESULT_TEXT[input.result])}</p>\n` : "";
  const codeForm =
    input.status === "awaiting_verification"
      ? `<form method="post" action="${escape(base)}/verify">
<label for="privacy-code">Enter the 6-digit code we emailed you</label>
<input id="privacy-code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required>
<button type="submit">Confirm</button>
</form>
<form method="post" action="${escape(base)}/resend">
<button type="submit">Send a new code</button>
</form>
`
      : "";
  return page(
    "Your privacy request",
    `<p>Reference: <strong>${escape(input.reference)}</strong></p>
<p>Status: ${escape(STATUS_TEXT[input.status] ?? input.status)}</p>
${input.neverVerified ? `<p>${escape(NEVER_VERIFIED_TEXT)}</p>\n` : ""}${notice}${codeForm}`,
  );
}

export function notFoundPage(): string {
  return page("Request not found", "<p>No request has this reference in this store. Check the reference and try again.</p>");
}

const FIELD_LABEL: Record<string, string> = {
  type: "the kind of request",
  email: "your email address",
  correction: "what should be corrected",
  message: "your message",
  locale: "the language",
};

const ERROR_TEXT: Record<FieldError, string> = {
  required: "is required",
  invalid: "is not valid",
  too_long: "is too long (2000 characters at most)",
};

export function invalidFormPage(fields: Record<string, FieldError>): string {
  const items = Object.entries(fields)
    .map(([name, error]) => `<li>${escape(FIELD_LABEL[name] ?? name)} ${escape(ERROR_TEXT[error])}</li>`)
    .join("\n");
  return page("Please check the form", `<ul>\n${items}\n</ul>\n<p>Go back to the form, correct these and send it again.</p>`);
}

export function messagePage(title: string, text: string): string {
  return page(title, `<p>${escape(text)}</p>`);
}
