import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import type { StaffContext } from "./admin.server";

/** Authenticates an admin request (session token) and returns who is acting for which shop. */
export async function requireStaff(request: LoaderFunctionArgs["request"]): Promise<StaffContext> {
  const { session, sessionToken } = await authenticate.admin(request);
  return { shop: session.shop, staffId: sessionToken?.sub ? String(sessionToken.sub) : null };
}
