import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

import type { AdminApiVersion } from "../../../app/platform/shopify/api-version";

/**
 * Access requirement of one type or field, as published next to the schema in `@shopify/dev-mcp` (vendored in data/)
 * (`offline_scopes.items`). `offlineScopes` lists alternatives: any one of them grants access.
 */
export interface AdminAccessRule {
  type: "type" | "field";
  typeName: string;
  fieldName?: string;
  requiredAccess: string;
  offlineScopes: string[];
}

export interface AdminSchemaBundle {
  version: AdminApiVersion;
  schema: GraphQLSchema;
  /** Keyed by `Type` for type rules and `Type.field` for field rules. */
  accessRules: ReadonlyMap<string, AdminAccessRule>;
}

const cache = new Map<AdminApiVersion, AdminSchemaBundle>();

/** The real Shopify Admin GraphQL schema for `version`, loaded once per process. */
export function loadAdminSchema(version: AdminApiVersion): GraphQLSchema {
  return loadAdminSchemaBundle(version).schema;
}

export function loadAdminSchemaBundle(version: AdminApiVersion): AdminSchemaBundle {
  const cached = cache.get(version);
  if (cached) return cached;

  const file = locateSchemaFile(version);
  const raw: unknown = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8"));
  if (!isRecord(raw) || !isRecord(raw.data) || !isRecord(raw.data.__schema)) {
    throw new Error(`${file} is not an introspection result ({data: {__schema}})`);
  }
  // Shape checked above; buildClientSchema validates the rest and throws on anything malformed.
  const schema = buildClientSchema(raw.data as unknown as IntrospectionQuery);
  const bundle: AdminSchemaBundle = { version, schema, accessRules: parseAccessRules(raw.offline_scopes) };
  cache.set(version, bundle);
  return bundle;
}

function locateSchemaFile(version: AdminApiVersion): string {
  const fileName = `admin_${version}.json.gz`;
  const override = process.env.SHOPIFY_ADMIN_SCHEMA_DIR;
  // Vendored from @shopify/dev-mcp (data/SOURCE.md): only this one file of that package is used.
  const candidates = [...(override ? [path.join(override, fileName)] : []), path.join(path.dirname(fileURLToPath(import.meta.url)), "data", fileName)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(`Admin schema ${fileName} not found (node scripts/vendor-admin-schema.mjs copies it). Looked in:\n${candidates.join("\n")}`);
  }
  return found;
}

function parseAccessRules(value: unknown): Map<string, AdminAccessRule> {
  const rules = new Map<string, AdminAccessRule>();
  if (!isRecord(value) || !Array.isArray(value.items)) return rules;
  for (const item of value.items) {
    if (!isRecord(item) || typeof item.typeName !== "string") continue;
    const type = item.type === "field" ? "field" : "type";
    const fieldName = typeof item.fieldName === "string" ? item.fieldName : undefined;
    const offlineScopes = Array.isArray(item.offlineScopes)
      ? item.offlineScopes.filter((scope): scope is string => typeof scope === "string")
      : [];
    const rule: AdminAccessRule = {
      type,
      typeName: item.typeName,
      fieldName,
      requiredAccess: typeof item.requiredAccess === "string" ? item.requiredAccess : "",
      offlineScopes,
    };
    rules.set(type === "field" && fieldName ? `${item.typeName}.${fieldName}` : item.typeName, rule);
  }
  return rules;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
