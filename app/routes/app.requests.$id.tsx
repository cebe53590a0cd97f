import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { DownloadButton } from "../ui/download-button";
import { ExportProgressCard } from "../ui/export-progress";
import { formatDate, humanise } from "../ui/format";
import { useCan } from "../ui/permissions";
import { RequestError } from "../modules/requests/rules";
import { requestDetail } from "../modules/overview/admin.server";
import { ActionSchema, performRequestAction } from "../modules/requests/request-actions.server";
import { AdminApiError } from "../platform/shopify/admin-client.server";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";

// Ids are cuids: anything else is not found without asking the database.
const Params = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** The request id from the URL; anything that cannot be one is simply not found. */
function requestId(params: unknown): string {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data.id;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  const id = requestId(params);
  const detail = await requestDetail(staff, id);
  if (!detail) throw new Response("Not found", { status: 404 });
  return detail;
};

const STATUS_FOR: Record<RequestError["code"], number> = {
  NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  REASON_REQUIRED: 422,
  EXTENSION_NOT_ALLOWED: 409,
  INTEGRITY_MISMATCH: 409,
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "requests.act");
  const id = requestId(params);
  const parsed = ActionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return json({ ok: false as const, message: parsed.error.issues.map((i) => i.message).join("; ") }, { status: 400 });
  try {
    const result = await performRequestAction(staff, id, parsed.data, new Date());
    return json({ ok: true as const, message: result.message });
  } catch (error) {
    if (error instanceof RequestError) return json({ ok: false as const, message: error.message }, { status: STATUS_FOR[error.code] });
    if (error instanceof AdminApiError) return json({ ok: false as const, message: `Shopify refused: ${error.message}` }, { status: 502 });
    throw error;
  }
};

function ActionButton({ intent, children, tone }: { intent: string; children: string; tone?: "critical" }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button submit tone={tone}>
        {children}
      </Button>
    </Form>
  );
}

function ReasonForm({ intent, label, button }: { intent: string; label: string; button: string }) {
  const [value, setValue] = useState("");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <FormLayout>
        <TextField label={label} name={intent === "note" ? "text" : "reason"} value={value} onChange={setValue} autoComplete="off" multiline={2} />
        <Button submit>{button}</Button>
      </FormLayout>
    </Form>
  );
}

function RectifyForm() {
  const [fields, setFields] = useState({ firstName: "", lastName: "", email: "", phone: "" });
  const set = (key: keyof typeof fields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="rectify" />
      <FormLayout>
        <FormLayout.Group>
          <TextField label="First name" name="firstName" value={fields.firstName} onChange={set("firstName")} autoComplete="off" />
          <TextField label="Last name" name="lastName" value={fields.lastName} onChange={set("lastName")} autoComplete="off" />
        </FormLayout.Group>
        <FormLayout.Group>
          <TextField label="Email" name="email" type="email" value={fields.email} onChange={set("email")} autoComplete="off" />
          <TextField label="Phone (+country code)" name="phone" value={fields.phone} onChange={set("phone")} autoComplete="off" />
        </FormLayout.Group>
        <Button submit>Update in Shopify</Button>
      </FormLayout>
    </Form>
  );
}

export default function RequestPage() {
  const r = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const can = useCan();
  const open = can("requests.act") && !["completed", "rejected", "cancelled"].includes(r.status);
  const verified = ["verified", "in_progress"].includes(r.status);
  return (
    <Page title={r.reference} backAction={{ content: "Requests", url: "/app/requests" }} titleMetadata={<Badge>{humanise(r.status)}</Badge>}>
      <BlockStack gap="400">
        {result ? <Banner tone={result.ok ? "success" : "critical"}>{result.message}</Banner> : null}
        <Card>
          <BlockStack gap="200">
            <Text as="p">
              {humanise(r.type)} request from {humanise(r.source)} ({r.regulation.toUpperCase()}), received {formatDate(r.receivedAt)}, due{" "}
              <strong>{formatDate(r.dueAt)}</strong>
              {r.extended ? ` (extended: ${r.extensionReason ?? ""})` : ""}.
            </Text>
            <Text as="p" tone="subdued">
              {r.anonymised ? "The requester's personal data has been erased." : r.email ? `Requester: ${r.email}` : "No email on file."}
            </Text>
            {r.closeReason ? <Text as="p">Closed: {r.closeReason}</Text> : null}
          </BlockStack>
        </Card>
        {open ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Actions
              </Text>
              <InlineStack gap="200">
                {r.status === "awaiting_verification" ? <ActionButton intent="verify">Mark identity verified</ActionButton> : null}
                {verified && (r.type === "access" || r.type === "portability") ? <ActionButton intent="export">Export from Shopify</ActionButton> : null}
                {verified && r.type === "erasure" ? (
                  <ActionButton intent="erase" tone="critical">
                    Erase in Shopify
                  </ActionButton>
                ) : null}
                {r.status === "awaiting_shopify" ? <ActionButton intent="cancel_erasure">Cancel the Shopify erasure</ActionButton> : null}
                {verified ? <ActionButton intent="complete">Mark completed</ActionButton> : null}
              </InlineStack>
              {verified && r.type === "rectification" ? <RectifyForm /> : null}
              {!r.extended ? <ReasonForm intent="extend" label="Reason for extending the deadline (sent to the requester)" button="Extend deadline" /> : null}
              <ReasonForm intent="reject" label="Reason for rejecting" button="Reject" />
              <ReasonForm intent="note" label="Internal note" button="Add note" />
              {busy ? <Text as="p">Working…</Text> : null}
            </BlockStack>
          </Card>
        ) : null}
        <ExportProgressCard progress={r.exportProgress} />
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Exports
            </Text>
            {r.exports.length === 0 ? (
              <Text as="p">No export files.</Text>
            ) : !can("requests.download") ? (
              <Text as="p">{r.exports.length} export file(s). Your role cannot download personal data.</Text>
            ) : (
              <InlineStack gap="200">
                {r.exports.map((f) => (
                  <DownloadButton key={f.id} href={`/app/requests/${r.id}/exports/${f.id}`} filename={`${r.reference}.${f.format}`}>
                    {`Download ${f.format.toUpperCase()} (${Math.ceil(f.bytes / 1024)} KB, until ${formatDate(f.expiresAt)})`}
                  </DownloadButton>
                ))}
              </InlineStack>
            )}
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Timeline
            </Text>
            {r.timeline.map((t, i) => (
              <Text as="p" key={i}>
                {formatDate(t.at)}: {t.from ? `${humanise(t.from)} → ` : ""}
                {humanise(t.to)} by {t.actorType}
                {t.reason ? ` (${t.reason})` : ""}
              </Text>
            ))}
            {r.messages.map((m) => (
              <Text as="p" key={m.id} tone="subdued">
                {formatDate(m.at)} {humanise(m.kind)}: {m.text}
              </Text>
            ))}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
