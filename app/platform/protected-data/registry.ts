import type { Prisma } from "@prisma/client";

/**
 * The one place that knows where protected data lives (design principle 11): which models hold
 * personal data, which columns are encrypted under which context, which records are
 * integrity-protected, and how each model is scoped to a shop and erased. Key rotation,
 * customers/redact, shop/redact and the integrity checks read it; `registry.test.ts` compares it
 * with prisma/models.prisma, so a new encrypted column or shop-scoped model cannot be forgotten.
 */

/** Encryption contexts: the AAD bound into each ciphertext, so a value cannot be moved to another row or column. */
export const cipherContext = {
  session: (id: string, field: SessionCipherField) => `session:${id}:${field}`,
  webhookEvent: (webhookId: string) => `webhook_event:${webhookId}`,
  privacyRequest: (id: string, field: RequestCipherField) => `privacy_request:${id}:${field}`,
  requestMessage: (id: string) => `request_message:${id}:body`,
  exportFile: (id: string) => `export_file:${id}`,
  shopSettings: (shopDomain: string) => `shop_settings:${shopDomain}:notificationEmails`,
  outboundEmail: (id: string, field: "to" | "body") => `outbound_email:${id}:${field}`,
  breachIncident: (id: string, field: "description" | "containment") => `breach_incident:${id}:${field}`,
  staffMember: (shopDomain: string, staffId: string) => `staff_member:${shopDomain}:${staffId}:name`,
  scannerSettings: (shopDomain: string) => `scanner.password:${shopDomain}`,
  mfaFactor: (shopDomain: string, staffId: string) => `mfa_factor:${shopDomain}:${staffId}:secret`,
  auditStream: (id: string) => `audit_stream:${id}:secret`,
} as const;

export type SessionCipherField = "accessToken" | "refreshToken" | "firstName" | "lastName" | "email";
export type RequestCipherField = "customerId" | "email" | "phone" | "name" | "details";

export type ModelName = Prisma.ModelName;
type Row = Record<string, unknown>;

/** Builds a column's encryption context from the row's own key fields (`keyFields`). */
export type ContextOf = (row: Row) => string;

const str = (row: Row, field: string): string => {
  const value = row[field];
  if (typeof value !== "string") throw new TypeError(`protected-data registry: ${field} is not a string`);
  return value;
};

/** What shop/redact does with a model's rows. */
export type ShopRedact =
  | "delete"
  /** the compliance delivery being processed survives (its payload is cleared) so the job can finish */
  | "delete-except-current-delivery"
  /** only rows no worker holds: a running job is this very shop/redact */
  | "delete-not-running"
  /** kept: it is the proof that the shop was erased, and holds counts only */
  | "keep-as-proof";

/** What customers/redact does with rows that name the customer (through blind indexes). */
export type CustomerRedact =
  | "delete"
  | "anonymise-request"
  | "clear-payload"
  | "delete-pending"
  /** holds no personal data about one customer (shop-level or references only) */
  | "none";

export interface ProtectedModel {
  model: ModelName;
  /** Column holding the shop's domain; every row belongs to one shop (principle 6). */
  shopColumn: string;
  /** What personal data the model holds, in words, for the record of processing. */
  holds: string;
  /** Encrypted column -> how its context is built. */
  encrypted: Record<string, ContextOf>;
  /** Fields read to build the contexts (selected by key rotation). */
  keyFields: readonly string[];
  /** The row's unique key, when it is not `id`. */
  primaryKey?: string;
  /** Records whose protected fields carry a keyed hash checked before each change. */
  integrity?: "privacy_request" | "breach_incident";
  shopRedact: ShopRedact;
  customerRedact: CustomerRedact;
  /** How a row names a customer: their blind customer reference, or one of their requests. */
  linkedBy?: readonly ("customerRef" | "requestId")[];
}

export const PROTECTED_MODELS: readonly ProtectedModel[] = [
  {
    model: "Session",
    shopColumn: "shop",
    holds: "Shopify access tokens and the staff member's name and email",
    encrypted: Object.fromEntries(
      (["accessToken", "refreshToken", "firstName", "lastName", "email"] as const).map((f) => [f, (row: Row) => cipherContext.session(str(row, "id"), f)]),
    ),
    keyFields: ["id"],
    shopRedact: "delete",
    customerRedact: "none",
  },
  {
    model: "WebhookEvent",
    shopColumn: "shopDomain",
    holds: "Shopify's webhook payload (customer identifiers, order ids)",
    encrypted: { payloadCipher: (row) => cipherContext.webhookEvent(str(row, "webhookId")) },
    keyFields: ["webhookId"],
    shopRedact: "delete-except-current-delivery",
    customerRedact: "clear-payload",
    linkedBy: ["customerRef"],
  },
  {
    model: "PrivacyRequest",
    shopColumn: "shopDomain",
    holds: "the requester's identity (customer id, email, phone, name) and what they asked",
    encrypted: Object.fromEntries(
      (["customerId", "email", "phone", "name", "details"] as const).map((f) => [`${f}Cipher`, (row: Row) => cipherContext.privacyRequest(str(row, "id"), f)]),
    ),
    keyFields: ["id"],
    integrity: "privacy_request",
    shopRedact: "delete",
    customerRedact: "anonymise-request",
  },
  {
    model: "RequestTransition",
    shopColumn: "shopDomain",
    holds: "who moved a request and why (staff ids, reasons written by staff)",
    encrypted: {},
    keyFields: [],
    shopRedact: "delete",
    customerRedact: "none",
  },
  {
    model: "RequestMessage",
    shopColumn: "shopDomain",
    holds: "messages from and about the requester",
    encrypted: { bodyCipher: (row) => cipherContext.requestMessage(str(row, "id")) },
    keyFields: ["id"],
    shopRedact: "delete",
    customerRedact: "delete",
    linkedBy: ["customerRef", "requestId"],
  },
  {
    model: "VerificationCode",
    shopColumn: "shopDomain",
    holds: "hashes of codes sent to the requester",
    encrypted: {},
    keyFields: [],
    shopRedact: "delete",
    customerRedact: "delete",
    linkedBy: ["customerRef", "requestId"],
  },
  {
    model: "ExportFile",
    shopColumn: "shopDomain",
    holds: "a copy of everything exported about the requester",
    encrypted: { contentCipher: (row) => cipherContext.exportFile(str(row, "id")) },
    keyFields: ["id"],
    shopRedact: "delete",
    customerRedact: "delete",
    linkedBy: ["customerRef", "requestId"],
  },
  { model: "ExportProgress", shopColumn: "shopDomain", holds: "export stage and counts only", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  {
    model: "ConsentRecord",
    shopColumn: "shopDomain",
    holds: "a visitor's consent choices, region and blind customer reference",
    encrypted: {},
    keyFields: [],
    shopRedact: "delete",
    customerRedact: "delete",
    linkedBy: ["customerRef"],
  },
  {
    model: "ShopSettings",
    shopColumn: "shopDomain",
    holds: "staff notification addresses",
    encrypted: { notificationEmailsCipher: (row) => cipherContext.shopSettings(str(row, "shopDomain")) },
    keyFields: ["shopDomain"],
    primaryKey: "shopDomain",
    shopRedact: "delete",
    customerRedact: "none",
  },
  {
    model: "BreachIncident",
    shopColumn: "shopDomain",
    holds: "the merchant's description of a breach and its containment, which can name people",
    encrypted: {
      descriptionCipher: (row) => cipherContext.breachIncident(str(row, "id"), "description"),
      containmentCipher: (row) => cipherContext.breachIncident(str(row, "id"), "containment"),
    },
    keyFields: ["id"],
    integrity: "breach_incident",
    shopRedact: "delete",
    customerRedact: "none",
  },
  {
    model: "StaffMember",
    shopColumn: "shopDomain",
    holds: "staff ids, roles and the staff member's name",
    encrypted: { nameCipher: (row) => cipherContext.staffMember(str(row, "shopDomain"), str(row, "staffId")) },
    keyFields: ["shopDomain", "staffId"],
    shopRedact: "delete",
    customerRedact: "none",
  },
  { model: "TeamBootstrap", shopColumn: "shopDomain", holds: "the first owner's staff id", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  {
    model: "OutboundEmail",
    shopColumn: "shopDomain",
    holds: "recipient and text of emails not yet sent (sent ones keep neither)",
    encrypted: { toCipher: (row) => cipherContext.outboundEmail(str(row, "id"), "to"), bodyCipher: (row) => cipherContext.outboundEmail(str(row, "id"), "body") },
    keyFields: ["id"],
    shopRedact: "delete",
    customerRedact: "delete-pending",
    linkedBy: ["customerRef", "requestId"],
  },
  { model: "Job", shopColumn: "shopDomain", holds: "ids and flags only (payloads are plain text by rule)", encrypted: {}, keyFields: [], shopRedact: "delete-not-running", customerRedact: "none" },
  { model: "AuditEntry", shopColumn: "shopDomain", holds: "references, never personal data (principle 5)", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  { model: "AuditHead", shopColumn: "shopDomain", holds: "the chain head's seq and hash", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  {
    model: "ScannerSettings",
    shopColumn: "shopDomain",
    holds: "the development store's storefront password (a secret, not personal data)",
    encrypted: { passwordCipher: (row) => cipherContext.scannerSettings(str(row, "shopDomain")) },
    keyFields: ["shopDomain"],
    primaryKey: "shopDomain",
    shopRedact: "delete",
    customerRedact: "none",
  },
  {
    model: "AuditStream",
    shopColumn: "shopDomain",
    holds: "a SIEM destination's address and credentials (no personal data)",
    encrypted: { secretCipher: (row) => cipherContext.auditStream(str(row, "id")) },
    keyFields: ["id"],
    shopRedact: "delete",
    customerRedact: "none",
  },
  { model: "TrackerScan", shopColumn: "shopDomain", holds: "cookies, storage keys and hosts the storefront sets: no shopper's data", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  { model: "CookieDeclarationEdit", shopColumn: "shopDomain", holds: "the merchant's edits to the cookie declaration", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  {
    model: "MfaFactor",
    shopColumn: "shopDomain",
    holds: "a staff member's TOTP secret (a credential, not personal data) and step-up state",
    encrypted: { secretCipher: (row) => cipherContext.mfaFactor(str(row, "shopDomain"), str(row, "staffId")) },
    keyFields: ["shopDomain", "staffId"],
    shopRedact: "delete",
    customerRedact: "none",
  },
  { model: "MfaRecoveryCode", shopColumn: "shopDomain", holds: "keyed hashes of a staff member's recovery codes", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  { model: "EmailOverride", shopColumn: "shopDomain", holds: "the merchant's wording of requester emails and the staff id who saved it", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  { model: "MfaPolicy", shopColumn: "shopDomain", holds: "the owner's step-up settings", encrypted: {}, keyFields: [], primaryKey: "shopDomain", shopRedact: "delete", customerRedact: "none" },
  { model: "Shop", shopColumn: "domain", holds: "install state, time zone, primary storefront locale", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  // Alerts (app/modules/alerts): references only (staff ids, blind indexes of client addresses, audit seqs).
  { model: "Alert", shopColumn: "shopDomain", holds: "alerts about staff ids and blind indexes of client addresses; no personal data", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  { model: "AlertCounter", shopColumn: "shopDomain", holds: "window counts per staff id or blind client-address index", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  { model: "AlertSettings", shopColumn: "shopDomain", holds: "alert thresholds and working hours", encrypted: {}, keyFields: [], primaryKey: "shopDomain", shopRedact: "delete", customerRedact: "none" },
  { model: "AccessReview", shopColumn: "shopDomain", holds: "who confirmed which staff id's role, and when", encrypted: {}, keyFields: [], shopRedact: "delete", customerRedact: "none" },
  { model: "ShopErasure", shopColumn: "shopDomain", holds: "when a shop was erased and row counts", encrypted: {}, keyFields: [], shopRedact: "keep-as-proof", customerRedact: "none" },
];

/** Models with no shop column, and why that is safe. */
export const UNSCOPED_MODELS: Readonly<Partial<Record<ModelName, string>>> = {
  RateLimitWindow: "rate-limit counters keyed by an HMAC of a client address or by a shop domain; no row belongs to one shop, none holds personal data, and each is deleted when its minute ends",
};

export function protectedModel(model: ModelName): ProtectedModel {
  const entry = PROTECTED_MODELS.find((m) => m.model === model);
  if (!entry) throw new Error(`protected-data registry: no entry for ${model}`);
  return entry;
}

export const ENCRYPTED_MODELS = PROTECTED_MODELS.filter((m) => Object.keys(m.encrypted).length > 0);

/** Prisma client property for a model: `PrivacyRequest` -> `privacyRequest`. */
export const delegateName = (model: ModelName): string => model[0]!.toLowerCase() + model.slice(1);
