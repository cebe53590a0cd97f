import {
  getNamedType,
  GraphQLError,
  responsePathAsArray,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLTypeResolver,
} from "graphql";

import type { AdminAccessRule } from "./schema/schema";
import type { MarketingOptInLevel } from "./seed";
import { nextGid, type AddressRecord, type BulkOperationRecord, type CustomerRecord, type OrderRecord, type ShopState } from "./store";

export interface RecordedCall {
  /** ISO time from the stand-in clock. */
  at: string;
  shop: string;
  operationName: string | null;
  /** Root mutation field, e.g. `customerUpdate`. */
  field: string;
  /** Coerced arguments of that field. */
  args: Record<string, unknown>;
  /** Raw request variables. */
  variables: Record<string, unknown>;
  /** Set when Shopify would have refused the call for a missing access scope. */
  accessDenied?: true;
}

export interface BulkRunResult {
  errors: string[];
  jsonl: string;
  objectCount: number;
  rootObjectCount: number;
}

export interface ResolverContext {
  shop: ShopState;
  accessToken: string;
  now: () => Date;
  accessRules: ReadonlyMap<string, AdminAccessRule>;
  /** Errors that accompany a non-null value (graphql-js only records errors that null a field). */
  extraErrors: GraphQLError[];
  /** Bulk execution: connections need no `first`/`last` and return everything. */
  bulk: boolean;
  operationName: string | null;
  variables: Record<string, unknown>;
  calls: RecordedCall[];
  bulkOperationPolls: number;
  runBulkQuery: (shop: ShopState, query: string, accessToken: string) => BulkRunResult;
  bulkResultUrl: (shop: ShopState, operation: BulkOperationRecord) => string;
}

type Resolver = (source: unknown, args: Record<string, unknown>, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

const PROTECTED_DATA_DOCS = "https://shopify.dev/docs/apps/launch/protected-customer-data";
const MAX_PAGE_SIZE = 250;
const READ_ORDERS_WINDOW_MS = 60 * 24 * 3_600_000;

// ---------------------------------------------------------------------------------------------
// Errors

function fieldDenied(info: GraphQLResolveInfo): GraphQLError {
  return new GraphQLError(
    `This app is not approved to use the ${info.fieldName} field. See ${PROTECTED_DATA_DOCS} for more details.`,
    { extensions: { code: "ACCESS_DENIED", documentation: PROTECTED_DATA_DOCS } },
  );
}

function objectDenied(typeName: string): GraphQLError {
  return new GraphQLError(
    `This app is not approved to access the ${typeName} object. See ${PROTECTED_DATA_DOCS} for more details.`,
    { extensions: { code: "ACCESS_DENIED", documentation: PROTECTED_DATA_DOCS } },
  );
}

function addError(ctx: ResolverContext, info: GraphQLResolveInfo, error: GraphQLError): void {
  ctx.extraErrors.push(
    new GraphQLError(error.message, { nodes: info.fieldNodes, path: responsePathAsArray(info.path), extensions: error.extensions }),
  );
}

function granted(ctx: ResolverContext): boolean {
  return ctx.shop.seed.protectedDataGranted !== false;
}

function hasScope(scopes: readonly string[], required: string): boolean {
  if (scopes.includes(required)) return true;
  return required.startsWith("read_") && scopes.includes(`write_${required.slice("read_".length)}`);
}

function checkAccess(ctx: ResolverContext, info: GraphQLResolveInfo): void {
  const scopes = ctx.shop.seed.scopes;
  if (!scopes) return;
  const rules = [
    ctx.accessRules.get(`${info.parentType.name}.${info.fieldName}`),
    ctx.accessRules.get(getNamedType(info.returnType).name),
  ];
  for (const rule of rules) {
    if (!rule || rule.offlineScopes.length === 0) continue;
    if (rule.offlineScopes.some((scope) => hasScope(scopes, scope))) continue;
    throw new GraphQLError(`Access denied for ${info.fieldName} field. Required access: ${rule.requiredAccess}`, {
      extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: rule.requiredAccess },
    });
  }
}

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/;

function parseGid(id: unknown): { type: string; numericId: string } {
  const match = typeof id === "string" ? GID.exec(id) : null;
  if (!match?.[1] || !match[2]) {
    throw new GraphQLError(`Invalid global id '${String(id)}'`, {
      extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
    });
  }
  return { type: match[1], numericId: match[2] };
}

// ---------------------------------------------------------------------------------------------
// Values

/** Shopify serialises Decimal with at least one fractional digit: "12.0", "9.95". */
export function formatDecimal(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const fraction = Math.abs(cents % 100);
  const sign = cents < 0 && whole === 0 ? "-" : "";
  if (fraction === 0) return `${sign}${whole}.0`;
  return `${sign}${whole}.${String(fraction).padStart(2, "0").replace(/0$/, "")}`;
}

function toCents(decimal: string): number {
  return Math.round(Number.parseFloat(decimal) * 100);
}

function money(cents: number, currencyCode: string) {
  return { amount: formatDecimal(cents), currencyCode };
}

function moneyBag(cents: number, currencyCode: string) {
  return { shopMoney: money(cents, currencyCode), presentmentMoney: money(cents, currencyCode) };
}

function orderTotalCents(order: OrderRecord): number {
  return order.lineItems.reduce((sum, item) => sum + toCents(item.unitPrice) * item.quantity, 0);
}

function legacyId(id: string): string {
  return parseGid(id).numericId;
}

function displayName(customer: CustomerRecord): string {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  return name || customer.email || customer.phone || "";
}

// ---------------------------------------------------------------------------------------------
// Connections

function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ last_id: key })).toString("base64url");
}

function decodeCursor(cursor: unknown, argument: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(String(cursor), "base64url").toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && "last_id" in parsed && typeof parsed.last_id === "string") return parsed.last_id;
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor for ${argument}`, { extensions: { code: "argumentLiteralsIncompatible" } });
}

function pageSize(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || value < 0) throw new GraphQLError(`${name} must be a non-negative integer`);
  if (value > MAX_PAGE_SIZE) {
    throw new GraphQLError(`The ${name} argument must be less than or equal to ${MAX_PAGE_SIZE}.`, {
      extensions: { code: "MAX_PAGE_SIZE_EXCEEDED" },
    });
  }
  return value;
}

function connection<T>(items: readonly T[], args: Record<string, unknown>, ctx: ResolverContext, keyOf: (item: T) => string) {
  const first = pageSize(args.first, "first");
  const last = pageSize(args.last, "last");
  if (first === undefined && last === undefined && !ctx.bulk) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "argumentLiteralsIncompatible" } });
  }
  let list = args.reverse === true ? [...items].reverse() : [...items];
  let start = 0;
  let end = list.length;
  if (args.after !== undefined && args.after !== null) {
    const key = decodeCursor(args.after, "after");
    const index = list.findIndex((item) => keyOf(item) === key);
    start = index + 1;
  }
  if (args.before !== undefined && args.before !== null) {
    const key = decodeCursor(args.before, "before");
    const index = list.findIndex((item) => keyOf(item) === key);
    if (index >= 0) end = index;
  }
  list = list.slice(start, Math.max(start, end));
  const windowLength = list.length;
  if (first !== undefined) list = list.slice(0, first);
  let droppedFromStart = 0;
  if (last !== undefined && list.length > last) {
    droppedFromStart = list.length - last;
    list = list.slice(droppedFromStart);
  }
  const edges = list.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    nodes: list,
    pageInfo: {
      hasNextPage: first !== undefined ? windowLength > first : end < items.length,
      hasPreviousPage: last !== undefined ? droppedFromStart > 0 : start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Customers and orders

function visibleOrders(ctx: ResolverContext, customerId: string): OrderRecord[] {
  const scopes = ctx.shop.seed.scopes;
  const cutoff = ctx.now().getTime() - READ_ORDERS_WINDOW_MS;
  return [...ctx.shop.orders.values()].filter(
    (order) =>
      order.customerId === customerId && (!scopes || hasScope(scopes, "read_all_orders") || Date.parse(order.createdAt) >= cutoff),
  );
}

function sortOrders(orders: OrderRecord[], sortKey: unknown): OrderRecord[] {
  const byNumber = (a: OrderRecord, b: OrderRecord) => a.number - b.number;
  const byDate = (field: "createdAt" | "processedAt" | "updatedAt") => (a: OrderRecord, b: OrderRecord) =>
    Date.parse(a[field]) - Date.parse(b[field]) || byNumber(a, b);
  switch (sortKey) {
    case "CREATED_AT":
      return orders.sort(byDate("createdAt"));
    case "PROCESSED_AT":
      return orders.sort(byDate("processedAt"));
    case "UPDATED_AT":
      return orders.sort(byDate("updatedAt"));
    case "TOTAL_PRICE":
      return orders.sort((a, b) => orderTotalCents(a) - orderTotalCents(b) || byNumber(a, b));
    default:
      return orders.sort(byNumber);
  }
}

function emailAddressView(customer: CustomerRecord) {
  if (!customer.email) return null;
  return {
    emailAddress: customer.email,
    // The output enum has no REDACTED value.
    marketingState: customer.emailMarketingState === "REDACTED" ? "NOT_SUBSCRIBED" : customer.emailMarketingState,
    marketingOptInLevel: customer.emailMarketingOptInLevel,
    marketingUpdatedAt: customer.emailMarketingUpdatedAt,
    marketingUnsubscribeUrl: `https://sandbox.example.com/unsubscribe/${legacyId(customer.id)}`,
    openTrackingLevel: "UNKNOWN",
    openTrackingUrl: `https://sandbox.example.com/open-tracking/${legacyId(customer.id)}`,
    sourceLocation: null,
    validFormat: /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(customer.email),
  };
}

function phoneNumberView(customer: CustomerRecord) {
  if (!customer.phone) return null;
  return {
    phoneNumber: customer.phone,
    marketingState: customer.smsMarketingState,
    marketingOptInLevel: customer.smsMarketingOptInLevel,
    marketingUpdatedAt: customer.smsMarketingUpdatedAt,
    marketingCollectedFrom: null,
    sourceLocation: null,
  };
}

function metafieldJson(type: string, value: string): unknown {
  if (type.startsWith("number_")) return Number(value);
  if (type === "boolean") return value === "true";
  if (type === "json" || type.startsWith("list.")) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** Fields of PII scalars: `null` plus an ACCESS_DENIED error when protected data is not granted. */
function protectedField(read: (source: never) => unknown): Resolver {
  return (source, _args, ctx, info) => {
    if (!granted(ctx)) throw fieldDenied(info);
    return read(source as never);
  };
}

function protectedAddress(read: (source: never) => AddressRecord | null | undefined): Resolver {
  return (source, _args, ctx) => {
    const value = read(source as never) ?? null;
    if (value && !granted(ctx)) throw objectDenied("MailingAddress");
    return value;
  };
}

// ---------------------------------------------------------------------------------------------
// Mutations

interface FieldError {
  field: string[] | null;
  message: string;
  code?: string;
}

const EMAIL_FORMAT = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE_FORMAT = /^\+[1-9]\d{6,14}$/;
const CONSENT_INPUT_STATES = new Set(["SUBSCRIBED", "UNSUBSCRIBED", "PENDING"]);

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function optInLevel(value: unknown): MarketingOptInLevel {
  return value === "CONFIRMED_OPT_IN" || value === "UNKNOWN" ? value : "SINGLE_OPT_IN";
}

function customerUpdate(ctx: ResolverContext, input: Record<string, unknown>) {
  const id = input.id;
  const customer = typeof id === "string" ? ctx.shop.customers.get(id) : undefined;
  if (!customer) return { customer: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] };

  const errors: FieldError[] = [];
  for (const consent of ["emailMarketingConsent", "smsMarketingConsent"] as const) {
    if (input[consent] !== undefined) {
      const mutation = consent === "emailMarketingConsent" ? "customerEmailMarketingConsentUpdate" : "customerSmsMarketingConsentUpdate";
      errors.push({ field: [consent], message: `To update ${consent}, please use the ${mutation} Mutation instead` });
    }
  }
  if (input.addresses !== undefined) {
    errors.push({ field: ["addresses"], message: "The Admin API stand-in does not support addresses in customerUpdate; use customerAddressUpdate." });
  }
  const others = [...ctx.shop.customers.values()].filter((other) => other.id !== customer.id);
  if (typeof input.email === "string" && input.email !== "") {
    if (!EMAIL_FORMAT.test(input.email)) errors.push({ field: ["email"], message: "Email is invalid" });
    else if (others.some((other) => other.email?.toLowerCase() === String(input.email).toLowerCase())) {
      errors.push({ field: ["email"], message: "Email has already been taken" });
    }
  }
  if (typeof input.phone === "string" && input.phone !== "") {
    if (!PHONE_FORMAT.test(input.phone)) errors.push({ field: ["phone"], message: "Phone is invalid" });
    else if (others.some((other) => other.phone === input.phone)) errors.push({ field: ["phone"], message: "Phone has already been taken" });
  }
  const metafields = Array.isArray(input.metafields) ? input.metafields.map(asRecord) : [];
  metafields.forEach((metafield, index) => {
    const existing = customer.metafields.find((m) => m.id === metafield.id || (m.namespace === metafield.namespace && m.key === metafield.key));
    if (!existing && (typeof metafield.key !== "string" || typeof metafield.type !== "string" || typeof metafield.value !== "string")) {
      errors.push({ field: ["metafields", String(index)], message: "New metafields need key, type and value" });
    }
  });
  if (errors.length > 0) return { customer: null, userErrors: errors };

  const now = ctx.now().toISOString();
  if ("firstName" in input) customer.firstName = (input.firstName as string | null) ?? null;
  if ("lastName" in input) customer.lastName = (input.lastName as string | null) ?? null;
  if ("email" in input) customer.email = typeof input.email === "string" && input.email !== "" ? input.email : null;
  if ("phone" in input) customer.phone = typeof input.phone === "string" && input.phone !== "" ? input.phone : null;
  if ("note" in input) customer.note = (input.note as string | null) ?? null;
  if (typeof input.locale === "string") customer.locale = input.locale;
  if (typeof input.taxExempt === "boolean") customer.taxExempt = input.taxExempt;
  if (Array.isArray(input.tags)) {
    customer.tags = [...new Set(input.tags.map((tag) => String(tag).trim()).filter((tag) => tag !== ""))];
  }
  for (const metafield of metafields) {
    const existing = customer.metafields.find((m) => m.id === metafield.id || (m.namespace === metafield.namespace && m.key === metafield.key));
    if (existing) {
      if (typeof metafield.value === "string") existing.value = metafield.value;
      if (typeof metafield.type === "string") existing.type = metafield.type;
      existing.updatedAt = now;
    } else {
      customer.metafields.push({
        id: nextGid(ctx.shop, "Metafield"),
        namespace: typeof metafield.namespace === "string" ? metafield.namespace : "custom",
        key: String(metafield.key),
        type: String(metafield.type),
        value: String(metafield.value),
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  customer.updatedAt = now;
  return { customer, userErrors: [] };
}

function consentUpdate(ctx: ResolverContext, input: Record<string, unknown>, channel: "email" | "sms") {
  const consentKey = channel === "email" ? "emailMarketingConsent" : "smsMarketingConsent";
  const customer = typeof input.customerId === "string" ? ctx.shop.customers.get(input.customerId) : undefined;
  if (!customer) return { customer: null, userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }] };
  const consent = asRecord(input[consentKey]);
  const state = consent.marketingState;
  if (typeof state !== "string" || !CONSENT_INPUT_STATES.has(state)) {
    return {
      customer: null,
      userErrors: [{ field: ["input", consentKey, "marketingState"], message: "Marketing state is not included in the list", code: "INCLUSION" }],
    };
  }
  if (channel === "email" && !customer.email) {
    return { customer: null, userErrors: [{ field: ["input", consentKey], message: "Customer must have an email address", code: "INVALID" }] };
  }
  if (channel === "sms" && !customer.phone) {
    return { customer: null, userErrors: [{ field: ["input", consentKey], message: "Customer must have a phone number", code: "INVALID" }] };
  }
  const at = typeof consent.consentUpdatedAt === "string" ? new Date(consent.consentUpdatedAt).toISOString() : ctx.now().toISOString();
  if (channel === "email") {
    customer.emailMarketingState = state as CustomerRecord["emailMarketingState"];
    customer.emailMarketingOptInLevel = optInLevel(consent.marketingOptInLevel);
    customer.emailMarketingUpdatedAt = at;
  } else {
    customer.smsMarketingState = state as CustomerRecord["smsMarketingState"];
    customer.smsMarketingOptInLevel = optInLevel(consent.marketingOptInLevel);
    customer.smsMarketingUpdatedAt = at;
  }
  customer.updatedAt = ctx.now().toISOString();
  return { customer, userErrors: [] };
}

function requestErasure(ctx: ResolverContext, customerId: unknown) {
  const customer = typeof customerId === "string" ? ctx.shop.customers.get(customerId) : undefined;
  if (!customer) {
    return { customerId: null, userErrors: [{ field: ["customerId"], message: "Customer does not exist", code: "DOES_NOT_EXIST" }] };
  }
  customer.erasure ??= { requestedAt: ctx.now().toISOString(), requestedBy: ctx.accessToken };
  return { customerId: customer.id, userErrors: [] };
}

function cancelErasure(ctx: ResolverContext, customerId: unknown) {
  const customer = typeof customerId === "string" ? ctx.shop.customers.get(customerId) : undefined;
  if (!customer) {
    return { customerId: null, userErrors: [{ field: ["customerId"], message: "Customer does not exist", code: "DOES_NOT_EXIST" }] };
  }
  if (!customer.erasure) {
    return { customerId: null, userErrors: [{ field: ["customerId"], message: "Customer's data is not scheduled for erasure", code: "NOT_BEING_ERASED" }] };
  }
  if (customer.erasure.requestedBy !== ctx.accessToken) {
    return {
      customerId: null,
      userErrors: [{ field: ["customerId"], message: "Only the app that requested the erasure can cancel it", code: "UNAUTHORIZED_CANCELLATION" }],
    };
  }
  customer.erasure = null;
  return { customerId: customer.id, userErrors: [] };
}

/** Opts the customer with this email out of data sale, creating the customer when none exists. */
function dataSaleOptOut(ctx: ResolverContext, email: unknown) {
  if (typeof email !== "string" || !EMAIL_FORMAT.test(email)) {
    return { customerId: null, userErrors: [{ field: ["email"], message: "Email is invalid", code: "FAILED" }] };
  }
  const lower = email.toLowerCase();
  let customer = [...ctx.shop.customers.values()].find((candidate) => candidate.email?.toLowerCase() === lower);
  const now = ctx.now().toISOString();
  if (!customer) {
    customer = {
      id: nextGid(ctx.shop, "Customer"),
      firstName: null,
      lastName: null,
      email,
      emailMarketingState: "NOT_SUBSCRIBED",
      emailMarketingOptInLevel: null,
      emailMarketingUpdatedAt: null,
      phone: null,
      smsMarketingState: "NOT_SUBSCRIBED",
      smsMarketingOptInLevel: null,
      smsMarketingUpdatedAt: null,
      addresses: [],
      defaultAddressId: null,
      tags: [],
      note: null,
      locale: "en",
      state: "DISABLED",
      verifiedEmail: false,
      taxExempt: false,
      dataSaleOptOut: true,
      metafields: [],
      createdAt: now,
      updatedAt: now,
      erasure: null,
    };
    ctx.shop.customers.set(customer.id, customer);
  }
  customer.dataSaleOptOut = true;
  customer.updatedAt = now;
  return { customerId: customer.id, userErrors: [] };
}

function bulkOperationRunQuery(ctx: ResolverContext, query: unknown) {
  const text = typeof query === "string" ? query : "";
  const result = ctx.runBulkQuery(ctx.shop, text, ctx.accessToken);
  if (result.errors.length > 0) {
    return { bulkOperation: null, userErrors: result.errors.map((message) => ({ field: ["query"], message, code: "INVALID" })) };
  }
  const record: BulkOperationRecord = {
    id: nextGid(ctx.shop, "BulkOperation"),
    query: text,
    createdAt: ctx.now().toISOString(),
    completedAt: null,
    pollsUntilComplete: ctx.bulkOperationPolls,
    pollsTotal: ctx.bulkOperationPolls,
    status: "CREATED",
    failWith: ctx.shop.bulkFailure,
    errorCode: null,
    jsonl: result.jsonl,
    objectCount: result.objectCount,
    rootObjectCount: result.rootObjectCount,
    requestedBy: ctx.accessToken,
  };
  ctx.shop.bulkOperations.set(record.id, record);
  return { bulkOperation: record, userErrors: [] };
}

/** Reading a bulk operation advances it: CREATED -> RUNNING (for `pollsUntilComplete` reads) -> COMPLETED (or FAILED). */
function observeBulkOperation(ctx: ResolverContext, record: BulkOperationRecord): BulkOperationRecord {
  if (record.status === "CREATED" || record.status === "RUNNING") {
    if (record.pollsUntilComplete > 0) {
      record.pollsUntilComplete -= 1;
      record.status = "RUNNING";
    } else if (record.failWith) {
      record.status = "FAILED";
      record.errorCode = record.failWith;
      record.completedAt = ctx.now().toISOString();
    } else {
      record.status = "COMPLETED";
      record.completedAt = ctx.now().toISOString();
    }
  }
  return record;
}

/** Shopify's counts grow while an operation runs; here in equal steps per status read. */
function countSoFar(record: BulkOperationRecord, field: "objectCount" | "rootObjectCount"): number {
  if (record.status === "COMPLETED") return record[field];
  if (record.status !== "RUNNING" || record.pollsTotal === 0) return 0;
  const readsDone = record.pollsTotal - record.pollsUntilComplete;
  return Math.floor((record[field] * readsDone) / (record.pollsTotal + 1));
}

function findNode(ctx: ResolverContext, id: unknown): unknown {
  const { type } = parseGid(id);
  const key = String(id);
  switch (type) {
    case "Customer":
      return ctx.shop.customers.get(key) ?? null;
    case "Order":
      return ctx.shop.orders.get(key) ?? null;
    case "BulkOperation": {
      const record = ctx.shop.bulkOperations.get(key);
      return record ? observeBulkOperation(ctx, record) : null;
    }
    case "Shop":
      return key === ctx.shop.seed.id ? shopView(ctx) : null;
    default:
      return null;
  }
}

function shopView(ctx: ResolverContext) {
  const seed = ctx.shop.seed;
  return {
    id: seed.id,
    name: seed.name,
    email: seed.email,
    contactEmail: seed.contactEmail,
    ianaTimezone: seed.ianaTimezone,
    myshopifyDomain: seed.domain,
    currencyCode: seed.currencyCode,
    enabledPresentmentCurrencies: [seed.currencyCode],
    plan: seed.plan,
    url: `https://${seed.domain}`,
    shopOwnerName: "Sandbox Owner",
    taxesIncluded: true,
    taxShipping: false,
    setupRequired: false,
    checkoutApiSupported: true,
    transactionalSmsDisabled: false,
    marketingSmsConsentEnabledAtCheckout: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Resolver map: only fields that need logic; everything else is read from the source object.

const resolvers: Record<string, Record<string, Resolver>> = {
  QueryRoot: {
    shopLocales: (_s, args, ctx) => {
      const locales = ctx.shop.seed.locales ?? [{ locale: "en", primary: true, published: true }];
      return locales
        .filter((l) => args.published !== true || l.published)
        .map((l) => ({ ...l, name: new Intl.DisplayNames(["en"], { type: "language" }).of(l.locale) ?? l.locale, marketWebPresences: [] }));
    },
    customer: (_s, args, ctx) => {
      parseGid(args.id);
      return ctx.shop.customers.get(String(args.id)) ?? null;
    },
    // Shopify looks a customer up by exactly one identifier; emails match case-insensitively.
    customerByIdentifier: (_s, args, ctx) => {
      const identifier = asRecord(args.identifier);
      const given = Object.entries(identifier).filter(([, v]) => v !== null && v !== undefined);
      if (given.length !== 1) throw new GraphQLError("Exactly one identifier must be provided.");
      const [kind, value] = given[0] as [string, unknown];
      const wanted = String(value).trim().toLowerCase();
      for (const customer of ctx.shop.customers.values()) {
        if (kind === "id" && customer.id === String(value)) return customer;
        if (kind === "emailAddress" && customer.email?.toLowerCase() === wanted) return customer;
        if (kind === "phoneNumber" && customer.phone === String(value).trim()) return customer;
      }
      return null;
    },
    order: (_s, args, ctx) => {
      parseGid(args.id);
      return ctx.shop.orders.get(String(args.id)) ?? null;
    },
    node: (_s, args, ctx) => findNode(ctx, args.id),
    nodes: (_s, args, ctx) => (Array.isArray(args.ids) ? args.ids.map((id: unknown) => findNode(ctx, id)) : []),
    bulkOperation: (_s, args, ctx) => {
      parseGid(args.id);
      const record = ctx.shop.bulkOperations.get(String(args.id));
      return record ? observeBulkOperation(ctx, record) : null;
    },
    shop: (_s, _a, ctx) => shopView(ctx),
  },

  Mutation: {
    customerUpdate: (_s, args, ctx) => customerUpdate(ctx, asRecord(args.input)),
    customerEmailMarketingConsentUpdate: (_s, args, ctx) => consentUpdate(ctx, asRecord(args.input), "email"),
    customerSmsMarketingConsentUpdate: (_s, args, ctx) => consentUpdate(ctx, asRecord(args.input), "sms"),
    customerRequestDataErasure: (_s, args, ctx) => requestErasure(ctx, args.customerId),
    customerCancelDataErasure: (_s, args, ctx) => cancelErasure(ctx, args.customerId),
    dataSaleOptOut: (_s, args, ctx) => dataSaleOptOut(ctx, args.email),
    bulkOperationRunQuery: (_s, args, ctx) => bulkOperationRunQuery(ctx, args.query),
  },

  Customer: {
    firstName: protectedField((c: CustomerRecord) => c.firstName),
    lastName: protectedField((c: CustomerRecord) => c.lastName),
    email: protectedField((c: CustomerRecord) => c.email),
    phone: protectedField((c: CustomerRecord) => c.phone),
    displayName: (source, _args, ctx, info) => {
      const customer = source as CustomerRecord;
      // Non-null in the schema: report the denial but keep the customer object alive.
      if (!granted(ctx)) {
        addError(ctx, info, fieldDenied(info));
        return "";
      }
      return displayName(customer);
    },
    defaultEmailAddress: protectedField((c: CustomerRecord) => emailAddressView(c)),
    defaultPhoneNumber: protectedField((c: CustomerRecord) => phoneNumberView(c)),
    defaultAddress: protectedAddress((c: CustomerRecord) => c.addresses.find((a) => a.id === c.defaultAddressId)),
    addresses: (source, args, ctx, info) => {
      const customer = source as CustomerRecord;
      if (!granted(ctx)) {
        if (customer.addresses.length > 0) addError(ctx, info, objectDenied("MailingAddress"));
        return [];
      }
      return typeof args.first === "number" ? customer.addresses.slice(0, args.first) : customer.addresses;
    },
    addressesV2: (source, args, ctx, info) => {
      const customer = source as CustomerRecord;
      if (!granted(ctx)) {
        if (customer.addresses.length > 0) addError(ctx, info, objectDenied("MailingAddress"));
        return connection([], args, ctx, (a: AddressRecord) => a.id);
      }
      return connection(customer.addresses, args, ctx, (a) => a.id);
    },
    emailMarketingConsent: protectedField((c: CustomerRecord) =>
      c.email
        ? { marketingState: c.emailMarketingState, marketingOptInLevel: c.emailMarketingOptInLevel, consentUpdatedAt: c.emailMarketingUpdatedAt }
        : null,
    ),
    smsMarketingConsent: protectedField((c: CustomerRecord) =>
      c.phone
        ? {
            marketingState: c.smsMarketingState,
            marketingOptInLevel: c.smsMarketingOptInLevel ?? "UNKNOWN",
            consentUpdatedAt: c.smsMarketingUpdatedAt,
            consentCollectedFrom: null,
            sourceLocation: null,
          }
        : null,
    ),
    amountSpent: (source, _args, ctx) => {
      const customer = source as CustomerRecord;
      const cents = [...ctx.shop.orders.values()]
        .filter((order) => order.customerId === customer.id && order.cancelledAt === null)
        .reduce((sum, order) => sum + orderTotalCents(order), 0);
      return money(cents, ctx.shop.seed.currencyCode);
    },
    // A lifetime counter: not limited by the 60-day `read_orders` window.
    numberOfOrders: (source, _args, ctx) =>
      String([...ctx.shop.orders.values()].filter((order) => order.customerId === (source as CustomerRecord).id).length),
    orders: (source, args, ctx) => {
      const orders = sortOrders(visibleOrders(ctx, (source as CustomerRecord).id), args.sortKey);
      return connection(orders, args, ctx, (order) => order.id);
    },
    lastOrder: (source, _args, ctx) => sortOrders(visibleOrders(ctx, (source as CustomerRecord).id), "CREATED_AT").at(-1) ?? null,
    metafields: (source, args, ctx) => {
      const customer = source as CustomerRecord;
      const keys = Array.isArray(args.keys) ? new Set(args.keys.map(String)) : undefined;
      const list = customer.metafields.filter(
        (m) => (typeof args.namespace !== "string" || m.namespace === args.namespace) && (!keys || keys.has(`${m.namespace}.${m.key}`)),
      );
      return connection(list, args, ctx, (m) => m.id);
    },
    metafield: (source, args) => {
      const customer = source as CustomerRecord;
      return customer.metafields.find((m) => m.key === args.key && (typeof args.namespace !== "string" || m.namespace === args.namespace)) ?? null;
    },
    legacyResourceId: (source) => legacyId((source as CustomerRecord).id),
    canDelete: (source, _args, ctx) => visibleOrders(ctx, (source as CustomerRecord).id).length === 0,
    multipassIdentifier: () => null,
    tags: (source) => [...(source as CustomerRecord).tags],
  },

  CustomerEmailMarketingConsentState: {
    consentUpdatedAt: (source) => asRecord(source).consentUpdatedAt ?? null,
  },

  Order: {
    email: protectedField((o: OrderRecord) => o.email),
    phone: protectedField((o: OrderRecord) => o.phone),
    shippingAddress: protectedAddress((o: OrderRecord) => o.shippingAddress),
    billingAddress: protectedAddress((o: OrderRecord) => o.billingAddress),
    displayAddress: protectedAddress((o: OrderRecord) => o.shippingAddress ?? o.billingAddress),
    customer: (source, _args, ctx) => {
      const order = source as OrderRecord;
      return order.customerId ? (ctx.shop.customers.get(order.customerId) ?? null) : null;
    },
    displayFinancialStatus: (source) => (source as OrderRecord).financialStatus,
    displayFulfillmentStatus: (source) => (source as OrderRecord).fulfillmentStatus,
    currencyCode: (_s, _a, ctx) => ctx.shop.seed.currencyCode,
    presentmentCurrencyCode: (_s, _a, ctx) => ctx.shop.seed.currencyCode,
    totalPriceSet: (source, _a, ctx) => moneyBag(orderTotalCents(source as OrderRecord), ctx.shop.seed.currencyCode),
    currentTotalPriceSet: (source, _a, ctx) => moneyBag(orderTotalCents(source as OrderRecord), ctx.shop.seed.currencyCode),
    subtotalPriceSet: (source, _a, ctx) => moneyBag(orderTotalCents(source as OrderRecord), ctx.shop.seed.currencyCode),
    subtotalLineItemsQuantity: (source) => (source as OrderRecord).lineItems.reduce((sum, item) => sum + item.quantity, 0),
    lineItems: (source, args, ctx) => connection((source as OrderRecord).lineItems, args, ctx, (item) => item.id),
    legacyResourceId: (source) => legacyId((source as OrderRecord).id),
    closed: (source) => (source as OrderRecord).cancelledAt !== null,
    closedAt: (source) => (source as OrderRecord).cancelledAt,
    confirmed: () => true,
    tags: (source) => [...(source as OrderRecord).tags],
  },

  LineItem: {
    name: (source) => {
      const item = asRecord(source);
      return item.variantTitle ? `${String(item.title)} - ${String(item.variantTitle)}` : item.title;
    },
    currentQuantity: (source) => asRecord(source).quantity,
    originalUnitPriceSet: (source, _a, ctx) => moneyBag(toCents(String(asRecord(source).unitPrice)), ctx.shop.seed.currencyCode),
    originalTotalSet: (source, _a, ctx) => {
      const item = asRecord(source);
      return moneyBag(toCents(String(item.unitPrice)) * Number(item.quantity), ctx.shop.seed.currencyCode);
    },
    requiresShipping: () => true,
    taxable: () => true,
    isGiftCard: () => false,
  },

  MailingAddress: {
    name: (source) => {
      const address = source as AddressRecord;
      return [address.firstName, address.lastName].filter(Boolean).join(" ") || null;
    },
    countryCodeV2: (source) => (source as AddressRecord).countryCode,
    formattedArea: (source) => {
      const address = source as AddressRecord;
      return [address.city, address.provinceCode ?? address.province, address.country].filter(Boolean).join(", ") || null;
    },
    formatted: (source, args) => {
      const address = source as AddressRecord;
      const lines = [
        args.withName === true ? [address.firstName, address.lastName].filter(Boolean).join(" ") : null,
        args.withCompany === true ? address.company : null,
        address.address1,
        address.address2,
        [address.zip, address.city, address.provinceCode].filter(Boolean).join(" "),
        address.country,
      ];
      return lines.filter((line): line is string => typeof line === "string" && line !== "");
    },
    coordinatesValidated: () => false,
    latitude: () => null,
    longitude: () => null,
    timeZone: () => null,
    validationResultSummary: () => null,
  },

  Metafield: {
    jsonValue: (source) => {
      const metafield = asRecord(source);
      return metafieldJson(String(metafield.type), String(metafield.value));
    },
    ownerType: () => "CUSTOMER",
    legacyResourceId: (source) => legacyId(String(asRecord(source).id)),
    compareDigest: (source) => Buffer.from(`${String(asRecord(source).id)}:${String(asRecord(source).updatedAt)}`).toString("base64url"),
  },

  BulkOperation: {
    type: () => "QUERY",
    url: (source, _a, ctx) => {
      const record = source as BulkOperationRecord;
      return record.status === "COMPLETED" ? ctx.bulkResultUrl(ctx.shop, record) : null;
    },
    partialDataUrl: () => null,
    fileSize: (source) => {
      const record = source as BulkOperationRecord;
      return record.status === "COMPLETED" ? String(Buffer.byteLength(record.jsonl)) : null;
    },
    objectCount: (source) => String(countSoFar(source as BulkOperationRecord, "objectCount")),
    rootObjectCount: (source) => String(countSoFar(source as BulkOperationRecord, "rootObjectCount")),
  },
};

export const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
  if (info.parentType.name === "Mutation") {
    const call: RecordedCall = {
      at: ctx.now().toISOString(),
      shop: ctx.shop.seed.domain,
      operationName: ctx.operationName,
      field: info.fieldName,
      args: structuredClone(args),
      variables: structuredClone(ctx.variables),
    };
    ctx.calls.push(call);
    try {
      checkAccess(ctx, info);
    } catch (error) {
      call.accessDenied = true;
      throw error;
    }
  } else {
    checkAccess(ctx, info);
  }
  const resolver = resolvers[info.parentType.name]?.[info.fieldName];
  if (resolver) return resolver(source, args, ctx, info);
  if (typeof source === "object" && source !== null && info.fieldName in source) {
    return (source as Record<string, unknown>)[info.fieldName];
  }
  throw new GraphQLError(`The Admin API stand-in does not implement ${info.parentType.name}.${info.fieldName}`, {
    extensions: { code: "STANDIN_NOT_IMPLEMENTED" },
  });
};

const GID_TYPE = /^gid:\/\/shopify\/([A-Za-z]+)\//;

/** Abstract types (Node, HasMetafields, ...) resolve from the record's global id. */
export const typeResolver: GraphQLTypeResolver<unknown, ResolverContext> = (value) => {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.__typename === "string") return record.__typename;
  return typeof record.id === "string" ? GID_TYPE.exec(record.id)?.[1] : undefined;
};
