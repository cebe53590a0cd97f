import { randomUUID } from "node:crypto";
import type { WebhookEvent } from "@prisma/client";
import type { Db } from "../../app/platform/db.server";
import { deliverWebhook } from "../../sandbox/signing/webhook";
import type { RunningApp } from "./app-server";
import { waitFor } from "./db-client";

/**
 * Delivers a compliance webhook signed as Shopify signs it, requires the 200, and waits until the
 * app has stored it (`stored`) or its job has processed it (`processed`, the default).
 */
export async function deliverCompliance(
  target: { app: RunningApp; db: Db },
  topic: string,
  shop: string,
  payload: unknown,
  wait: "processed" | "stored" = "processed",
): Promise<WebhookEvent> {
  const webhookId = randomUUID();
  const response = await deliverWebhook(target.app.url, "/webhooks/compliance", { topic, shop, body: JSON.stringify(payload), webhookId }, target.app.env.SHOPIFY_API_SECRET!);
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  return waitFor(async () => {
    const event = await target.db.webhookEvent.findUnique({ where: { webhookId } });
    return event && (wait === "stored" || event.status === "processed") ? event : null;
  });
}
