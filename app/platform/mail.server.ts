import nodemailer, { type Transporter } from "nodemailer";
import { env } from "./env.server";
import { errorFields, log } from "./logger.server";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative of the same text (every value in it already escaped). */
  html?: string;
  /** A fixed Message-ID (so a resent copy is recognisable as the same email). */
  messageId?: string;
}

export class MailDisabledError extends Error {
  override readonly name = "MailDisabledError";
}

let transport: Transporter | undefined;
let warned = false;

export function mailEnabled(): boolean {
  const enabled = Boolean(env().SMTP_URL);
  if (!enabled && !warned) {
    warned = true;
    log.warn("mail is disabled: SMTP_URL is not set, so guest privacy requests are refused");
  }
  return enabled;
}

function transporter(): Transporter {
  const url = env().SMTP_URL;
  if (!url) throw new MailDisabledError("SMTP_URL is not set");
  // Short timeouts: mail is sent after the request is stored, while the shopper waits for the answer.
  transport ??= nodemailer.createTransport({ url, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 });
  return transport;
}

function defaultFrom(): string {
  return `privacy@${new URL(env().SHOPIFY_APP_URL).hostname}`;
}

/**
 * Sends one message (plain text, optionally with an HTML alternative). Logs carry the outcome and the `purpose` only: never the address,
 * the subject or the body (they hold personal data and codes). Throws when sending fails.
 */
export async function sendMail(message: MailMessage, purpose: string): Promise<void> {
  try {
    await transporter().sendMail({ from: env().MAIL_FROM ?? defaultFrom(), to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}), ...(message.messageId ? { messageId: message.messageId } : {}) });
    log.info("mail sent", { purpose });
  } catch (error) {
    log.error("mail not sent", { purpose, ...errorFields(error) });
    throw error;
  }
}
