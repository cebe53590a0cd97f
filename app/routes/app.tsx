import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { boundary } from "@shopify/shopify-app-remix/server";
import { permissionsOf } from "../modules/team/rules";
import { env } from "../platform/env.server";
import { requireStaff } from "../modules/team/staff.server";
import { shopTimeZone } from "../modules/shop-profile/shop-profile.server";
import { AppFrame } from "../ui/app-frame";
import { AdminErrorPage } from "../ui/error-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  // For the UI only, to hide what the server would refuse; every loader and action checks again.
  return { apiKey: env().SHOPIFY_API_KEY, role: staff.role, permissions: permissionsOf(staff.role), staffId: staff.staffId, timeZone: await shopTimeZone(staff.shop) };
};

export default function AppLayout() {
  const { apiKey, permissions } = useLoaderData<typeof loader>();
  return (
    <AppFrame apiKey={apiKey} permissions={permissions}>
      <Outlet />
    </AppFrame>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  // A page below refused (403) or found nothing (404): say so inside the frame, with the navigation.
  const layout = useRouteLoaderData<typeof loader>("routes/app");
  if (layout && isRouteErrorResponse(error) && (error.status === 403 || error.status === 404)) {
    return (
      <AppFrame apiKey={layout.apiKey} permissions={layout.permissions}>
        <AdminErrorPage status={error.status} role={layout.role} />
      </AppFrame>
    );
  }
  // The library's boundary renders a thrown response's body as HTML: right for its App Bridge
  // pages, wrong for anything else (Remix's 405 names the route). Those go to the root boundary.
  if (isRouteErrorResponse(error) && typeof error.data === "string" && error.data.includes("app-bridge.js")) return boundary.error(error);
  throw error;
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
