import { z } from "zod";

export const DESTINATION_KINDS = ["syslog", "splunk_hec", "elasticsearch"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const DESTINATION_LABELS: Record<DestinationKind, string> = {
  syslog: "Syslog (RFC 5424 over TLS)",
  splunk_hec: "Splunk HTTP Event Collector",
  elasticsearch: "Elasticsearch / OpenSearch _bulk",
};

/** Settings kept in plain text (nothing secret: a CA certificate is public). */
export type DestinationConfig =
  | { kind: "syslog"; host: string; port: number; caPem: string; clientCertPem: string | null }
  | { kind: "splunk_hec"; url: string; index: string | null; sourcetype: string | null }
  | { kind: "elasticsearch"; url: string; index: string; username: string | null };

/** Credentials, stored encrypted (cipherContext.auditStream). */
export type DestinationSecret = { clientKeyPem: string | null } | { token: string } | { apiKey: string | null; password: string | null };

const PEM_CERT = /^-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*$/;
const PEM_KEY = /^-----BEGIN (RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (RSA |EC )?PRIVATE KEY-----\s*$/;
const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$|^\d{1,3}(\.\d{1,3}){3}$/;

/** Loopback, private, link-local and unspecified IPv4 literals and names: not a merchant's SIEM on the internet. */
export function isInternalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost") || h.endsWith(".internal") || h === "::1" || h.startsWith("fc") || h.startsWith("fd") || h.startsWith("fe80")) return true;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

const text = (max: number, message: string) => z.string().trim().min(1, message).max(max, `must be at most ${max} characters`);
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : null));

function urlField(allowInternal: boolean) {
  return z
    .string()
    .trim()
    .min(1, "Enter the collector's address, such as https://splunk.example.com:8088")
    .max(2000, "is too long")
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: "custom", message: "Enter a full address starting with https://" });
        return;
      }
      if (url.protocol !== "https:" && !(allowInternal && url.protocol === "http:")) ctx.addIssue({ code: "custom", message: "The address must start with https:// so that entries travel encrypted" });
      else if (url.username || url.password) ctx.addIssue({ code: "custom", message: "Put credentials in their own fields, not in the address" });
      else if (!allowInternal && isInternalHost(url.hostname)) ctx.addIssue({ code: "custom", message: "The address must be reachable on the internet (not a private or local address)" });
    })
    .transform((value) => value.replace(/\/+$/, ""));
}

/** Elasticsearch index names: lowercase, no spaces or \/*?"<>|,# and not starting with -_+. */
const INDEX = /^(?![-_+.])[a-z0-9][a-z0-9._-]{0,199}$/;

export function destinationSchema(allowInternal: boolean) {
  const name = text(80, "Give the destination a name");
  return z.discriminatedUnion("kind", [
    z
      .object({
        kind: z.literal("syslog"),
        name,
        host: text(253, "Enter the syslog server's host name").regex(HOSTNAME, "Enter a host name such as siem.example.com"),
        port: z.coerce.number({ error: "Enter a port number" }).int("Enter a port number").min(1, "Enter a port between 1 and 65535").max(65535, "Enter a port between 1 and 65535"),
        caPem: z.string().trim().max(20_000, "The certificate is too long").regex(PEM_CERT, "Paste the CA certificate in PEM form (-----BEGIN CERTIFICATE----- ...)"),
        clientCertPem: optional(20_000).refine((v) => v === null || PEM_CERT.test(v), "Paste the client certificate in PEM form, or leave it empty"),
        clientKeyPem: optional(20_000).refine((v) => v === null || PEM_KEY.test(v), "Paste the client key in PEM form (-----BEGIN PRIVATE KEY----- ...), or leave it empty"),
      })
      .refine((v) => (v.clientCertPem === null) === (v.clientKeyPem === null), { message: "A client certificate needs its key, and a key its certificate", path: ["clientKeyPem"] })
      .refine((v) => allowInternal || !isInternalHost(v.host), { message: "The host must be reachable on the internet (not a private or local address)", path: ["host"] }),
    z.object({
      kind: z.literal("splunk_hec"),
      name,
      url: urlField(allowInternal),
      token: text(200, "Enter the HEC token").regex(/^[\w-]+$/, "A HEC token has letters, digits and dashes only"),
      index: optional(200),
      sourcetype: optional(200),
    }),
    z
      .object({
        kind: z.literal("elasticsearch"),
        name,
        url: urlField(allowInternal),
        index: text(200, "Enter the index name").regex(INDEX, "Index names are lowercase letters, digits, dots, dashes and underscores"),
        apiKey: optional(500),
        username: optional(200),
        password: optional(500),
      })
      .refine((v) => (v.username === null) === (v.password === null), { message: "Basic authentication needs both a user name and a password", path: ["password"] })
      .refine((v) => !(v.apiKey && v.username), { message: "Use either an API key or a user name and password, not both", path: ["apiKey"] }),
  ], { error: "Choose a kind of destination from the list" });
}

export type DestinationInput = z.infer<ReturnType<typeof destinationSchema>>;

/** Splits a parsed form into what is stored plainly and what is encrypted. */
export function splitDestination(input: DestinationInput): { name: string; config: DestinationConfig; secret: DestinationSecret } {
  switch (input.kind) {
    case "syslog":
      return { name: input.name, config: { kind: "syslog", host: input.host, port: input.port, caPem: input.caPem, clientCertPem: input.clientCertPem }, secret: { clientKeyPem: input.clientKeyPem } };
    case "splunk_hec":
      return { name: input.name, config: { kind: "splunk_hec", url: input.url, index: input.index, sourcetype: input.sourcetype }, secret: { token: input.token } };
    case "elasticsearch":
      return { name: input.name, config: { kind: "elasticsearch", url: input.url, index: input.index, username: input.username }, secret: { apiKey: input.apiKey, password: input.password } };
  }
}

/** Where a destination sends to, for the settings list (no credentials). */
export function describeDestination(config: DestinationConfig): string {
  return config.kind === "syslog" ? `${config.host}:${config.port}` : `${config.url}${config.kind === "elasticsearch" ? ` (index ${config.index})` : ""}`;
}
