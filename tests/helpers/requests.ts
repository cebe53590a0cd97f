// Filing and acting on privacy requests the way the storefront and the admin do, over real HTTP.
import type { PrivacyRequest } from "@prisma/client";
import { expect } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { signedProxyUrl } from "../../sandbox/signing/app-proxy";
import { adminHeaders } from "./admin-session";

export interface RequestsTarget {
  appUrl: string;
  env: Record<string, string>;
  db: Db;
  shop: string;
}

export interface StorefrontRequestInput {
  type: string;
  email: string;
  /** The signed-in customer's gid; a guest without it. */
  customerGid?: string | null;
  correction?: string;
  /** customerPrivacy.getRegion() as the storefront sends it; Germany (GDPR) unless given. */
  region?: string;
  /** The storefront's request.locale as the form sends it; "en" unless given. */
  locale?: string;
}

/** Files a request through the app proxy as Shopify forwards it; returns the stored row. */
export async function fileStorefrontRequest(target: RequestsTarget, input: StorefrontRequestInput): Promise<PrivacyRequest> {
  const customerId = input.customerGid ? input.customerGid.slice(input.customerGid.lastIndexOf("/") + 1) : "";
  const url = signedProxyUrl(target.appUrl, "/requests", { shop: target.shop, customerId }, target.env.SHOPIFY_API_SECRET!);
  const body = new URLSearchParams({ type: input.type, email: input.email, message: "", correction: input.correction ?? "", website: "", locale: input.locale ?? "en", region: input.region ?? "DE" });
  const response = await fetch(url, { method: "POST", headers: { Accept: "application/json" }, body });
  expect(response.status).toBe(201);
  const { reference } = (await response.json()) as { reference: string };
  return target.db.privacyRequest.findFirstOrThrow({ where: { shopDomain: target.shop, reference } });
}

/** One staff action on the request page, as the admin's fetch posts it (session token, route data). */
export function requestAction(target: Omit<RequestsTarget, "db">, requestId: string, fields: Record<string, string>, staffId?: string): Promise<Response> {
  const url = new URL(`/app/requests/${requestId}`, target.appUrl);
  url.searchParams.set("_data", "routes/app.requests.$id");
  return fetch(url, { method: "POST", headers: adminHeaders(target.env, target.shop, staffId), body: new URLSearchParams(fields) });
}
