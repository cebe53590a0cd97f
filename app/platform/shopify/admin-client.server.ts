import { ADMIN_API_VERSION } from "./api-version";
import { env } from "../env.server";
import { log } from "../logger.server";
import { sessionStorage } from "./shopify.server";

export class AdminApiError extends Error {
  override readonly name = "AdminApiError";
  constructor(
    readonly code: "NO_SESSION" | "HTTP_ERROR" | "GRAPHQL_ERROR" | "THROTTLED" | "USER_ERROR",
    message: string,
  ) {
    super(message);
  }
}

interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: GraphqlError[];
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

export interface AdminResult<T> {
  data: T;
  /** Field-level errors Shopify returned beside data (e.g. protected customer data not granted). */
  partialErrors: { path: string; message: string }[];
}

const MAX_THROTTLE_RETRIES = 6;

/** Seconds to wait until the bucket holds the points this query asked for, from Shopify's own numbers. */
export function throttleWaitMs(requested: number, status: ThrottleStatus | undefined, attempt: number): number {
  if (!status || status.restoreRate <= 0) return Math.min(1_000 * 2 ** attempt, 10_000);
  const missing = Math.max(0, requested - status.currentlyAvailable);
  return Math.min(Math.ceil((missing / status.restoreRate) * 1_000) + 50, 30_000);
}

/**
 * Runs one named Admin GraphQL operation for a shop with its offline token. THROTTLED answers are
 * retried after the time Shopify's throttleStatus says the bucket needs; `errors[]` beside data
 * (fields Shopify withheld) are returned to the caller to report, not thrown.
 */
export async function adminGraphql<T>(shop: string, operationName: string, query: string, variables: Record<string, unknown>): Promise<AdminResult<T>> {
  const session = await sessionStorage.loadSession(`offline_${shop}`);
  if (!session?.accessToken) throw new AdminApiError("NO_SESSION", "the app has no access to this shop (reinstall it)");
  const origin = env().SHOPIFY_ADMIN_API_ORIGIN ?? `https://${shop}`;
  const url = `${origin}/admin/api/${ADMIN_API_VERSION}/graphql.json`;
  for (let attempt = 0; ; attempt++) {
    // Unreachable (refused, DNS, timeout) is an AdminApiError like a 5xx, so callers answer it, not a 500 page.
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Access-Token": session.accessToken },
      body: JSON.stringify({ query, variables, operationName }),
      signal: AbortSignal.timeout(30_000),
    }).catch((error: unknown) => {
      throw new AdminApiError("HTTP_ERROR", `Shopify could not be reached (${error instanceof Error ? error.name : "error"})`);
    });
    if (response.status === 429 || response.status >= 500) {
      if (attempt >= MAX_THROTTLE_RETRIES) throw new AdminApiError("HTTP_ERROR", `Shopify answered ${response.status}`);
      await new Promise((r) => setTimeout(r, Math.min(1_000 * 2 ** attempt, 10_000)));
      continue;
    }
    if (!response.ok) throw new AdminApiError("HTTP_ERROR", `Shopify answered ${response.status}`);
    const body = (await response.json()) as GraphqlResponse<T>;
    const throttled = body.errors?.some((e) => e.extensions?.code === "THROTTLED");
    if (throttled) {
      if (attempt >= MAX_THROTTLE_RETRIES) throw new AdminApiError("THROTTLED", "Shopify kept throttling the request");
      const cost = body.extensions?.cost;
      const wait = throttleWaitMs(cost?.requestedQueryCost ?? 0, cost?.throttleStatus, attempt);
      log.info("admin api throttled", { shop, operation: operationName, waitMs: wait, attempt });
      await new Promise((r) => setTimeout(r, wait));
      continue;
    }
    if (!body.data) throw new AdminApiError("GRAPHQL_ERROR", (body.errors ?? []).map((e) => e.message).join("; ").slice(0, 500) || "no data");
    return { data: body.data, partialErrors: (body.errors ?? []).map((e) => ({ path: (e.path ?? []).join("."), message: e.message })) };
  }
}
