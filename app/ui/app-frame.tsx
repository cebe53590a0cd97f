import { Link } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import type { ReactNode } from "react";
import type { Permission } from "../modules/team/rules";

/** The embedded app's frame: App Bridge, Polaris and the admin navigation (also around error pages). */
export function AppFrame({ apiKey, permissions, children }: { apiKey: string; permissions: Permission[]; children: ReactNode }) {
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">
          Overview
        </Link>
        <Link to="/app/requests">Requests</Link>
        <Link to="/app/webhooks">Compliance webhooks</Link>
        <Link to="/app/breaches">Breaches</Link>
        <Link to="/app/alerts">Alerts</Link>
        <Link to="/app/settings">Settings</Link>
        {permissions.includes("team.manage") ? <Link to="/app/team">Team</Link> : null}
        <Link to="/app/audit">Audit log</Link>
        <Link to="/app/consent">Consent log</Link>
        <Link to="/app/scanner">Tracker scanner</Link>
      </NavMenu>
      {children}
    </AppProvider>
  );
}
