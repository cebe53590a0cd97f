import type { ActionFunctionArgs } from "@remix-run/node";
import { COMPLIANCE_TOPICS } from "../modules/webhooks/rules/payloads";
import { receiveWebhook } from "../modules/webhooks/intake.server";

// customers/data_request, customers/redact and shop/redact (shopify.app.toml compliance_topics).
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, COMPLIANCE_TOPICS);
export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
