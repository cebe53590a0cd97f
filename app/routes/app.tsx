import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { permissionsOf } from "../modules/team/rules";
import { env } from "../platform/env.server";
import { requireStaff } from "../modules/team/staff.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  // For the UI only, to hide what the server would refuse; every loader and action checks again.
  return { apiKey: env().SHOPIFY_API_KEY, role: staff.role, permissions: permissionsOf(staff.role) };
};

export default function AppLayout() {
  const { apiKey, permissions } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">
          Overview
        </Link>
        <Link to="/app/requests">Requests</Link>
        <Link to="/app/webhooks">Compliance webhooks</Link>
        <Link to="/app/breaches">Breaches</Link>
        <Link to="/app/settings">Settings</Link>
        {permissions.includes("team.manage") ? <Link to="/app/team">Team</Link> : null}
        <Link to="/app/audit">Audit log</Link>
        <Link to="/app/consent">Consent log</Link>
        <Link to="/app/scanner">Tracker scanner</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
