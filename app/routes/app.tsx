import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Outlet, type ShouldRevalidateFunction, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { boundary } from "@shopify/shopify-app-remix/server";
import { permissionsOf } from "../modules/team/rules";
import { env } from "../platform/env.server";
import { requireStaff } from "../modules/team/staff.server";
import { shopTimeZone } from "../modules/shop-profile/shop-profile.server";
import { AppFrame } from "../ui/app-frame";
import { AdminErrorPage } from "../ui/error-page";
import { messagesFor, requestAdminI18nOnce } from "../modules/admin-i18n/page-messages.server";
import { LAYOUT_MESSAGES } from "../modules/admin-i18n/rules/sections";
import { timed } from "../platform/http/server-timing.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  // For the UI only, to hide what the server would refuse; every loader and action checks again.
  const [timeZone, i18n] = await timed("layout", () => Promise.all([shopTimeZone(staff.shop), requestAdminI18nOnce(request, staff, context)]));
  // Only the keys every page needs: each page's loader sends its own (pageMessages), merged by useT().
  return { apiKey: env().SHOPIFY_API_KEY, role: staff.role, permissions: permissionsOf(staff.role), staffId: staff.staffId, timeZone, i18n: { ...i18n, messages: messagesFor(i18n, LAYOUT_MESSAGES) } };
};

export default function AppLayout() {
  const { apiKey, permissions, i18n } = useLoaderData<typeof loader>();
  return (
    <AppFrame apiKey={apiKey} permissions={permissions} i18n={i18n}>
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
      <AppFrame apiKey={layout.apiKey} permissions={layout.permissions} i18n={layout.i18n}>
        <AdminErrorPage status={error.status} role={layout.role} />
      </AppFrame>
    );
  }
  // The library's boundary renders a thrown response's body as HTML: right for its App Bridge
  // pages, wrong for anything else (Remix's 405 names the route). Those go to the root boundary.
  if (isRouteErrorResponse(error) && typeof error.data === "string" && error.data.includes("app-bridge.js")) return boundary.error(error);
  throw error;
}

// Shopify's `locale` comes with the first load only: a plain navigation keeps the layout's data
// (language, role) instead of asking again; form submissions revalidate as before.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) => (formMethod && formMethod.toUpperCase() !== "GET" ? defaultShouldRevalidate : false);

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
