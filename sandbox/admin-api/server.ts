/**
 * A local stand-in for Shopify's Admin GraphQL API (version 2026-07) for tests and the sandbox.
 * Documents are parsed, validated and executed against Shopify's real published schema; data comes
 * from an in-memory seeded store (seed.ts). Emulates auth, calculated query cost with a leaky
 * bucket, protected customer data denials, access scopes, bulk queries with JSONL results, and
 * records every mutation for assertions.
 *
 *   const admin = await startAdminApiStandin();
 *   await fetch(admin.graphqlUrl, { method: "POST", headers: { "X-Shopify-Access-Token": SANDBOX_ACCESS_TOKEN,
 *     "Content-Type": "application/json" }, body: JSON.stringify({ query, variables }) });
 *   admin.calls; admin.state.customer(id); await admin.close();
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import {
  execute,
  getVariableValues,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";

import { ADMIN_API_VERSION, MAX_SINGLE_QUERY_COST } from "../../app/platform/shopify/api-version";
import { calculateActualQueryCost, calculateRequestedQueryCost, selectOperation } from "./schema/query-cost";
import { loadAdminSchemaBundle } from "./schema/schema";
import { checkBulkQuery, flattenBulkResult } from "./bulk";
import { fieldResolver, typeResolver, type BulkRunResult, type RecordedCall, type ResolverContext } from "./resolvers";
import { createSandboxSeed, type SeedData } from "./seed";
import { StandinState, type BulkOperationRecord, type ShopState } from "./store";
import { LeakyBucket, type BucketOptions, type ThrottleStatus } from "./throttle";

export type { RecordedCall } from "./resolvers";
export type { BucketOptions, ThrottleStatus } from "./throttle";

export interface StartAdminApiStandinOptions {
  /** Port on 127.0.0.1; 0 or omitted picks a free one. */
  port?: number;
  /** Shop data; defaults to createSandboxSeed(). Cloned, so the caller's object is never mutated. */
  seed?: SeedData;
  /**
   * Leaky bucket per shop; default capacity 1000 points restoring 50 points/s. A single query may
   * cost at most min(1000, capacity); above that it fails with MAX_COST_EXCEEDED instead of
   * waiting forever.
   */
  bucket?: BucketOptions;
  /** Millisecond clock for throttling and timestamps (inject one to test throttling without sleeping). */
  now?: () => number;
  /** Number of status reads a bulk operation reports RUNNING before COMPLETED; default 0. */
  bulkOperationPolls?: number;
}

export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export interface RecordedRequest {
  at: string;
  shop: string | null;
  status: number;
  operationName: string | null;
  throttled: boolean;
  cost: QueryCost | null;
}

export interface AdminApiStandin {
  /** Origin, e.g. `http://127.0.0.1:54321`: the stand-in for `https://{shop}`. */
  url: string;
  /** `${url}/admin/api/2026-07/graphql.json`. */
  graphqlUrl: string;
  close(): Promise<void>;
  /** Every root mutation field that reached execution, in order (also those denied for scopes). */
  calls: RecordedCall[];
  /** Every GraphQL request answered 200 or 401, including invalid and throttled ones. */
  requests: RecordedRequest[];
  state: StandinState;
}

const GRAPHQL_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;
const BULK_PATH = /^\/bulk-operations\/([^/]+)\/(\d+)\.jsonl$/;
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const DEFAULT_BUCKET: BucketOptions = { capacity: 1000, restoreRate: 50 };

const UNAUTHORIZED_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

/** graphql-ruby error codes, which is what Shopify reports for invalid documents. */
const VALIDATION_CODES: Record<string, string> = {
  FieldsOnCorrectTypeRule: "undefinedField",
  KnownArgumentNamesRule: "argumentNotAccepted",
  ProvidedRequiredArgumentsRule: "missingRequiredArguments",
  KnownTypeNamesRule: "undefinedType",
  ScalarLeafsRule: "selectionMismatch",
  NoUndefinedVariablesRule: "variableNotDefined",
  NoUnusedVariablesRule: "variableNotUsed",
  VariablesInAllowedPositionRule: "variableMismatch",
  ValuesOfCorrectTypeRule: "argumentLiteralsIncompatible",
  UniqueArgumentNamesRule: "argumentNotUnique",
  KnownDirectivesRule: "undefinedDirective",
  KnownFragmentNamesRule: "undefinedFragment",
  NoUnusedFragmentsRule: "useAndDefineFragment",
  UniqueOperationNamesRule: "operationNotUnique",
  UniqueVariableNamesRule: "variableNotUnique",
  VariablesAreInputTypesRule: "variableRequiresValidType",
  OverlappingFieldsCanBeMergedRule: "fieldConflict",
  PossibleFragmentSpreadsRule: "cannotSpreadFragment",
  FragmentsOnCompositeTypesRule: "fragmentOnNonCompositeType",
  NoFragmentCyclesRule: "infiniteLoop",
  UniqueFragmentNamesRule: "fragmentNotUnique",
};

interface GraphQLRequestBody {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === "string" ? body : JSON.stringify(body));
  }
}

export async function startAdminApiStandin(options: StartAdminApiStandinOptions = {}): Promise<AdminApiStandin> {
  const { schema, accessRules } = loadAdminSchemaBundle(ADMIN_API_VERSION);
  const state = new StandinState(options.seed ?? createSandboxSeed());
  const clock = options.now ?? (() => Date.now());
  const bucketOptions = options.bucket ?? DEFAULT_BUCKET;
  const buckets = new Map<string, LeakyBucket>();
  const calls: RecordedCall[] = [];
  const requests: RecordedRequest[] = [];
  let baseUrl = "";

  const bucketFor = (shop: ShopState) => {
    let bucket = buckets.get(shop.seed.domain);
    if (!bucket) {
      bucket = new LeakyBucket(bucketOptions, clock);
      buckets.set(shop.seed.domain, bucket);
    }
    return bucket;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const body = error instanceof HttpError ? error.body : { errors: `Internal error in Admin API stand-in: ${String(error)}` };
      if (!res.headersSent) sendJson(res, status, body);
      else res.end();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://stand-in").pathname;
    const bulkMatch = BULK_PATH.exec(path);
    if (bulkMatch && req.method === "GET") return serveBulkResult(res, bulkMatch[1] ?? "", bulkMatch[2] ?? "");

    const graphqlMatch = GRAPHQL_PATH.exec(path);
    if (!graphqlMatch) throw new HttpError(404, { errors: "Not Found" });
    if (graphqlMatch[1] !== ADMIN_API_VERSION) {
      throw new HttpError(404, { errors: `The Admin API stand-in only serves ${ADMIN_API_VERSION}` });
    }
    if (req.method !== "POST") throw new HttpError(405, { errors: "Method Not Allowed" });

    const token = headerValue(req, "x-shopify-access-token");
    const shop = token ? resolveShop(state, req, token) : undefined;
    if (!token || !shop) {
      requests.push({ at: new Date(clock()).toISOString(), shop: null, status: 401, operationName: null, throttled: false, cost: null });
      return sendJson(res, 401, UNAUTHORIZED_BODY);
    }

    const body = parseRequestBody(req.headers["content-type"], await readBody(req));
    const result = await runGraphQL(shop, token, body);
    requests.push({
      at: new Date(clock()).toISOString(),
      shop: shop.seed.domain,
      status: 200,
      operationName: body.operationName,
      throttled: result.throttled,
      cost: result.cost,
    });
    sendJson(res, 200, result.payload);
  };

  const serveBulkResult = (res: ServerResponse, shopDomain: string, numericId: string) => {
    const shop = state.shops.get(decodeURIComponent(shopDomain));
    const record = shop?.bulkOperations.get(`gid://shopify/BulkOperation/${numericId}`);
    if (!record || record.status !== "COMPLETED") throw new HttpError(404, { errors: "Not Found" });
    res.writeHead(200, { "content-type": "application/jsonl", "content-length": Buffer.byteLength(record.jsonl) });
    res.end(record.jsonl);
  };

  const runBulkQuery = (shop: ShopState, query: string, accessToken: string): BulkRunResult => {
    const empty = { jsonl: "", objectCount: 0, rootObjectCount: 0 };
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return { ...empty, errors: [`Invalid bulk query: ${error instanceof Error ? error.message : String(error)}`] };
    }
    const validationErrors = validate(schema, document);
    if (validationErrors.length > 0) return { ...empty, errors: validationErrors.map((error) => `Invalid bulk query: ${shopifyMessage(error)}`) };
    const ruleErrors = checkBulkQuery(schema, document);
    if (ruleErrors.length > 0) return { ...empty, errors: ruleErrors };

    const ctx = makeContext(shop, accessToken, null, {}, true);
    const result = execute({ schema, document, contextValue: ctx, fieldResolver, typeResolver });
    if (result instanceof Promise) throw new Error("stand-in resolvers are synchronous");
    const { lines, rootObjectCount } = flattenBulkResult(schema, document, result.data);
    const jsonl = lines.map((line) => JSON.stringify(line)).join("\n") + (lines.length > 0 ? "\n" : "");
    return { errors: [], jsonl, objectCount: lines.length, rootObjectCount };
  };

  const bulkResultUrl = (shop: ShopState, record: BulkOperationRecord) =>
    `${baseUrl}/bulk-operations/${encodeURIComponent(shop.seed.domain)}/${record.id.split("/").pop() ?? ""}.jsonl`;

  const makeContext = (
    shop: ShopState,
    accessToken: string,
    operationName: string | null,
    variables: Record<string, unknown>,
    bulk: boolean,
  ): ResolverContext => ({
    shop,
    accessToken,
    now: () => new Date(clock()),
    accessRules,
    extraErrors: [],
    bulk,
    operationName,
    variables,
    calls,
    bulkOperationPolls: options.bulkOperationPolls ?? 0,
    runBulkQuery,
    bulkResultUrl,
  });

  const runGraphQL = async (
    shop: ShopState,
    accessToken: string,
    body: GraphQLRequestBody,
  ): Promise<{ payload: Record<string, unknown>; throttled: boolean; cost: QueryCost | null }> => {
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      const graphqlError = error instanceof GraphQLError ? error : new GraphQLError(String(error));
      return { payload: { errors: [withCode(graphqlError.toJSON(), "parseError")] }, throttled: false, cost: null };
    }

    const validationErrors = validateLikeShopify(schema, document);
    if (validationErrors.length > 0) return { payload: { errors: validationErrors }, throttled: false, cost: null };

    const operation = selectOperation(document, body.operationName);
    if (!operation) {
      const message = body.operationName
        ? `No operation named "${body.operationName}"`
        : "An operation name is required when the document contains several operations";
      return { payload: { errors: [{ message, extensions: { code: "OPERATION_NAME_REQUIRED" } }] }, throttled: false, cost: null };
    }
    if (operation.operation === "subscription") {
      return { payload: { errors: [{ message: "Subscriptions are not supported", extensions: { code: "unsupportedOperation" } }] }, throttled: false, cost: null };
    }
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], body.variables);
    if (coerced.errors) {
      return { payload: { errors: coerced.errors.map((error) => withCode(error.toJSON(), "INVALID_VARIABLE")) }, throttled: false, cost: null };
    }

    const costInput = { schema, document, operationName: body.operationName, variables: body.variables };
    const requested = calculateRequestedQueryCost(costInput);
    const bucket = bucketFor(shop);
    const maxCost = Math.min(MAX_SINGLE_QUERY_COST, bucket.capacity);
    if (requested > maxCost) {
      const cost = { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() };
      return {
        payload: {
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${maxCost}). To query larger amounts of data with fewer limits, bulk operations should be used instead.`,
              extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost, documentation: "https://shopify.dev/api/usage/limits#rate-limits" },
            },
          ],
          extensions: { cost },
        },
        throttled: false,
        cost,
      };
    }
    if (!bucket.tryTake(requested)) {
      const cost = { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() };
      return {
        payload: {
          errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/limits#rate-limits" } }],
          extensions: { cost },
        },
        throttled: true,
        cost,
      };
    }

    const ctx = makeContext(shop, accessToken, operation.name?.value ?? null, body.variables, false);
    const result = await execute({
      schema,
      document,
      variableValues: body.variables,
      operationName: body.operationName,
      contextValue: ctx,
      fieldResolver,
      typeResolver,
    });
    const actual = calculateActualQueryCost(costInput, result.data);
    bucket.refund(requested - actual);
    const cost: QueryCost = { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() };
    const errors: GraphQLFormattedError[] = [...(result.errors ?? []), ...ctx.extraErrors].map((error) => error.toJSON());
    const payload: Record<string, unknown> = {};
    if (errors.length > 0) payload.errors = errors;
    payload.data = result.data ?? null;
    payload.extensions = { cost };
    return { payload, throttled: false, cost };
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    url: baseUrl,
    graphqlUrl: `${baseUrl}/admin/api/${ADMIN_API_VERSION}/graphql.json`,
    calls,
    requests,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * A request belongs to the shop listing its token in `accessTokens`. Shops seeded without
 * `accessTokens` accept any token, chosen by Host header (`{shop}.myshopify.com[:port]`) or,
 * failing that, as the first seeded shop.
 */
function resolveShop(state: StandinState, req: IncomingMessage, token: string): ShopState | undefined {
  for (const shop of state.shops.values()) {
    if (shop.seed.accessTokens?.includes(token)) return shop;
  }
  const host = (headerValue(req, "host") ?? "").replace(/:\d+$/, "");
  const byHost = state.shops.get(host);
  if (byHost) return byHost.seed.accessTokens === undefined ? byHost : undefined;
  const first = state.shop();
  return first.seed.accessTokens === undefined ? first : undefined;
}

function validateLikeShopify(schema: GraphQLSchema, document: DocumentNode): GraphQLFormattedError[] {
  if (validate(schema, document).length === 0) return [];
  // Run rule by rule only when invalid, to tag each error with the rule's graphql-ruby code.
  const errors: GraphQLFormattedError[] = [];
  for (const rule of specifiedRules as readonly ValidationRule[]) {
    for (const error of validate(schema, document, [rule])) {
      const code = VALIDATION_CODES[rule.name] ?? "GRAPHQL_VALIDATION_FAILED";
      const formatted = error.toJSON();
      const fieldMatch = code === "undefinedField" ? /Cannot query field "([^"]+)" on type "([^"]+)"/.exec(error.message) : null;
      errors.push({
        ...formatted,
        message: shopifyMessage(error),
        extensions: fieldMatch ? { code, typeName: fieldMatch[2], fieldName: fieldMatch[1] } : { code },
      });
    }
  }
  return errors;
}

/** Shopify (graphql-ruby) words the most common error differently from graphql-js. */
function shopifyMessage(error: GraphQLError): string {
  const match = /Cannot query field "([^"]+)" on type "([^"]+)"/.exec(error.message);
  return match ? `Field '${match[1]}' doesn't exist on type '${match[2]}'` : error.message;
}

function withCode(error: GraphQLFormattedError, code: string): GraphQLFormattedError {
  return { ...error, extensions: { ...(error.extensions ?? {}), code } };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single && single.trim() !== "" ? single.trim() : undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, { errors: "Request body too large" });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseRequestBody(contentType: string | undefined, raw: string): GraphQLRequestBody {
  const missing = new HttpError(400, { errors: { query: "Required parameter missing or invalid" } });
  if (contentType?.startsWith("application/graphql")) {
    if (raw.trim() === "") throw missing;
    return { query: raw, variables: {}, operationName: null };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw missing;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw missing;
  const body = parsed as Record<string, unknown>;
  if (typeof body.query !== "string" || body.query.trim() === "") throw missing;
  let variables: unknown = body.variables ?? {};
  if (typeof variables === "string") {
    try {
      variables = JSON.parse(variables);
    } catch {
      throw new HttpError(400, { errors: { variables: "Invalid JSON" } });
    }
  }
  if (typeof variables !== "object" || variables === null || Array.isArray(variables)) {
    throw new HttpError(400, { errors: { variables: "Must be an object" } });
  }
  return {
    query: body.query,
    variables: variables as Record<string, unknown>,
    operationName: typeof body.operationName === "string" && body.operationName !== "" ? body.operationName : null,
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-request-id": randomUUID(),
    "x-shopify-api-version": ADMIN_API_VERSION,
  });
  res.end(text);
}
