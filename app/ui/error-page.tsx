import { Link } from "@remix-run/react";
import { BlockStack, Card, List, Page, Text } from "@shopify/polaris";
import type { Role } from "../modules/team/rules";
import { useT } from "./i18n";

/** A 403 or 404 inside the app frame: what happened, why, and where to go next. */
export function AdminErrorPage({ status, role }: { status: 403 | 404; role: Role }) {
  const forbidden = status === 403;
  const t = useT();
  return (
    <Page title={forbidden ? t("error.forbiddenTitle") : t("error.notFoundTitle")} backAction={{ content: t("nav.overview"), url: "/app" }}>
      <Card>
        <BlockStack gap="300">
          <div data-error-status={status} />
          <Text as="p" variant="bodyLg">
            {forbidden ? t("error.forbidden", { role: t(`role.${role}`) }) : t("error.notFound")}
          </Text>
          <Text as="h2" variant="headingSm">
            {t("error.whatYouCanDo")}
          </Text>
          <List>
            {forbidden ? <List.Item>{t("error.askOwner")}</List.Item> : null}
            <List.Item>
              {t("error.goBack")} <Link to="/app">{t("error.overviewLink")}</Link> {t("error.or")} <Link to="/app/requests">{t("error.requestsLink")}</Link>
              {t("error.end")}
            </List.Item>
          </List>
        </BlockStack>
      </Card>
    </Page>
  );
}
