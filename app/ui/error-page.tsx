import { Link } from "@remix-run/react";
import { BlockStack, Card, List, Page, Text } from "@shopify/polaris";
import type { Role } from "../modules/team/rules";

const ROLE_NAMES: Record<Role, string> = { owner: "owner", privacy_officer: "privacy officer", viewer: "viewer" };

/** A 403 or 404 inside the app frame: what happened, why, and where to go next. */
export function AdminErrorPage({ status, role }: { status: 403 | 404; role: Role }) {
  const forbidden = status === 403;
  return (
    <Page title={forbidden ? "You don't have access to this" : "Page not found"} backAction={{ content: "Overview", url: "/app" }}>
      <Card>
        <BlockStack gap="300">
          <div data-error-status={status} />
          <Text as="p" variant="bodyLg">
            {forbidden
              ? `Your role in Privacy Desk is ${ROLE_NAMES[role]}, which cannot open this page or do this action. Nothing was changed.`
              : "There is nothing at this address. The request or incident may belong to another shop, or the link may be mistyped."}
          </Text>
          <Text as="h2" variant="headingSm">
            What you can do
          </Text>
          <List>
            {forbidden ? <List.Item>Ask an owner of the app to give you the role you need on the Team page.</List.Item> : null}
            <List.Item>
              Go back to the <Link to="/app">overview</Link> or the <Link to="/app/requests">list of requests</Link>.
            </List.Item>
          </List>
        </BlockStack>
      </Card>
    </Page>
  );
}
