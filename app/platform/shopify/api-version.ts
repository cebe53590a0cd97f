/** The Admin API version this app is pinned to. Every operation is validated against this schema. */
export const ADMIN_API_VERSION = "2026-07" as const;

/** Admin schema versions Shopify publishes (sandbox/admin-api/schema/data holds the pinned one). */
export type AdminApiVersion = "2025-10" | "2026-01" | "2026-04" | "2026-07" | "2026-10" | "unstable";

/** Shopify's documented maximum cost of a single query; bigger queries are rejected before running. */
export const MAX_SINGLE_QUERY_COST = 1000;
