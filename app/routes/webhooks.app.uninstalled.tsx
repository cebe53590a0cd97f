import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../modules/webhooks/intake.server";

export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, ["APP_UNINSTALLED"]);
export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
