import { Link } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import type { AppProviderProps } from "@shopify/polaris";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import type { ReactNode } from "react";
import type { Permission } from "../modules/team/rules";
import { I18nProvider, useT } from "./i18n";

export interface FrameI18n {
  lang: string;
  messages: Record<string, string>;
  polaris: AppProviderProps["i18n"] | null;
}

/** The embedded app's frame: App Bridge, Polaris (in the admin's language) and the admin navigation (also around error pages). */
export function AppFrame({ apiKey, permissions, i18n, children }: { apiKey: string; permissions: Permission[]; i18n: FrameI18n; children: ReactNode }) {
  return (
    <I18nProvider lang={i18n.lang} messages={i18n.messages}>
      <AppProvider isEmbeddedApp apiKey={apiKey} {...(i18n.polaris ? { i18n: i18n.polaris } : {})}>
        <Navigation permissions={permissions} />
        {children}
      </AppProvider>
    </I18nProvider>
  );
}

function Navigation({ permissions }: { permissions: Permission[] }) {
  const t = useT();
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        {t("nav.overview")}
      </Link>
      <Link to="/app/requests">{t("nav.requests")}</Link>
      <Link to="/app/webhooks">{t("nav.webhooks")}</Link>
      <Link to="/app/breaches">{t("nav.breaches")}</Link>
      <Link to="/app/alerts">{t("nav.alerts")}</Link>
      <Link to="/app/settings">{t("nav.settings")}</Link>
      {permissions.includes("team.manage") ? <Link to="/app/team">{t("nav.team")}</Link> : null}
      <Link to="/app/audit">{t("nav.audit")}</Link>
      <Link to="/app/consent">{t("nav.consent")}</Link>
      <Link to="/app/scanner">{t("nav.scanner")}</Link>
      <Link to="/app/mfa">{t("nav.mfa")}</Link>
    </NavMenu>
  );
}
