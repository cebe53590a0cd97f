/**
 * `npm run webhook -- <topic> [--customer <id>] [--shop <domain>] [--app <url>]`: delivers a webhook
 * to the app started by `npm run local`, signed with the secret in .local/dev.env, like
 * `shopify app webhook trigger`. Topics: customers/data_request, customers/redact, shop/redact,
 * app/uninstalled.
 */
import { parseArgs } from "node:util";
import { localEnv } from "../../scripts/local-env.mjs";
import { deliverSandboxWebhook, isSandboxTopic, sandboxCustomers, SANDBOX_TOPICS, UnknownCustomerError } from "./deliver";

function usage(message: string): never {
  const customers = sandboxCustomers().map((c) => `  ${c.id}  ${c.name}`).join("\n");
  console.error(`${message}\n\nusage: npm run webhook -- <topic> [--customer <id>] [--shop <domain>] [--app <url>]\ntopics: ${SANDBOX_TOPICS.join(", ")}\nseeded customers:\n${customers}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ args: process.argv.slice(2).filter((a) => a !== "--"), allowPositionals: true, options: { customer: { type: "string" }, shop: { type: "string" }, app: { type: "string" } } });
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
const topic = parsed.positionals[0] ?? "";
if (!isSandboxTopic(topic)) usage(topic ? `unknown topic ${topic}` : "which topic?");
const customerId = parsed.values.customer === undefined ? undefined : Number(parsed.values.customer);
if (customerId !== undefined && !Number.isSafeInteger(customerId)) usage("--customer takes a numeric customer id");

const env = localEnv();
const appUrl = parsed.values.app ?? `http://127.0.0.1:${env.PORT}`;
try {
  const result = await deliverSandboxWebhook(appUrl, env.SHOPIFY_API_SECRET, topic, { shop: parsed.values.shop, customerId });
  console.info(`${result.topic} → ${appUrl}: HTTP ${result.status} (X-Shopify-Webhook-Id ${result.webhookId})`);
  process.exit(result.status >= 200 && result.status < 300 ? 0 : 1);
} catch (error) {
  if (error instanceof UnknownCustomerError) usage(error.message);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
  console.error(`could not reach the app at ${appUrl} (is npm run local running?) ${cause}`);
  process.exit(1);
}
