// A real SMTP server on 127.0.0.1 (ephemeral port) that keeps every message it accepts, so tests
// can read the verification emails the app sends through SMTP_URL.
import { Recorder } from "./recorder";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The HTML alternative, when the message has one. */
  html?: string;
  raw: string;
}

export interface SmtpCapture {
  url: string;
  messages: CapturedMail[];
  waitFor(match: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
  /** An outage: the port stops accepting connections until `restart()` listens on it again. */
  stop(): Promise<void>;
  restart(): Promise<void>;
}

function decodeQuotedPrintable(body: string): string {
  return Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");
}

/** Enough of RFC 5322 for nodemailer's single-part text messages. */
export function parseMessage(raw: string, from: string, to: string[]): CapturedMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text = encoding === "quoted-printable" ? decodeQuotedPrintable(body) : encoding === "base64" ? Buffer.from(body, "base64").toString("utf8") : body;
  return { from, to, subject: header("Subject"), text: text.replace(/\r\n/g, "\n"), raw };
}

/** `refuseRecipients`: addresses answered with a permanent 550 (an unknown mailbox). */
export async function startSmtp(options: { refuseRecipients?: RegExp } = {}): Promise<SmtpCapture> {
  const received = new Recorder<CapturedMail>("email");
  const messages = received.items;
  const makeServer = () =>
    new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: without STARTTLS nodemailer does not try to upgrade to a self-signed cert.
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (options.refuseRecipients?.test(address.address)) {
          const refusal = Object.assign(new Error("No such mailbox"), { responseCode: 550 });
          return callback(refusal);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo.map((r) => r.address);
          // mailparser for multipart (text + HTML) and encoded subjects; the simple parser otherwise.
          simpleParser(raw)
            .then((parsed) => {
              received.push({ from, to, subject: parsed.subject ?? "", text: (parsed.text ?? "").replace(/\r\n/g, "\n").replace(/\n$/, ""), ...(typeof parsed.html === "string" ? { html: parsed.html } : {}), raw: raw.toString("utf8") });
            })
            .catch(() => received.push(parseMessage(raw.toString("utf8"), from, to)))
            .finally(() => callback());
        });
      },
    });
  let server = makeServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(match, timeoutMs = 10_000) {
      return received.waitFor(match, timeoutMs);
    },
    close,
    stop: close,
    async restart() {
      server = makeServer();
      await new Promise<void>((resolve, reject) => {
        server.server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve());
      });
    },
  };
}
