import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../platform/shopify/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};
