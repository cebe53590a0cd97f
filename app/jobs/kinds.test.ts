import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Tx } from "../platform/db.server";
import type { enqueueJob } from "./enqueue.server";
import { isJobKind, JOB_MAX_ATTEMPTS, JOB_PAYLOADS, webhookJobKind } from "./kinds";
import { WEBHOOK_TOPICS, type WebhookTopic } from "../modules/webhooks/rules/payloads";

describe("job kinds", () => {
  it("gives every webhook topic a job kind", () => {
    for (const topic of Object.keys(WEBHOOK_TOPICS) as WebhookTopic[]) expect(isJobKind(webhookJobKind(topic))).toBe(true);
  });

  it("rejects payloads that are not the kind's", () => {
    expect(JOB_PAYLOADS["request.export"].safeParse({ requestId: "r1", staffId: null }).success).toBe(true);
    expect(JOB_PAYLOADS["request.export"].safeParse({ requestId: 7 }).success).toBe(false);
    expect(JOB_PAYLOADS["digest.schedule"].safeParse({ day: "yesterday" }).success).toBe(false);
  });

  it("keeps the schema's default retry limit equal to the policy's", () => {
    const schema = readFileSync(fileURLToPath(new URL("../../prisma/models.prisma", import.meta.url)), "utf8");
    const job = /model Job \{([\s\S]*?)\n\}/.exec(schema)![1]!;
    expect(/maxAttempts\s+Int\s+@default\((\d+)\)/.exec(job)![1]).toBe(String(JOB_MAX_ATTEMPTS));
  });
});

// Compile-time checks (`npm run typecheck`): an unknown kind or a wrong payload does not compile.
export function typeChecks(tx: Tx, enqueue: typeof enqueueJob) {
  // @ts-expect-error: not a job kind
  void enqueue(tx, "webhook.orders/create", { webhookEventId: "x" }, { shopDomain: null, idempotencyKey: "k" });
  // @ts-expect-error: the payload of mail.send names an outbound email
  void enqueue(tx, "mail.send", { requestId: "x" }, { shopDomain: null, idempotencyKey: "k" });
}
