import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { useCan } from "../ui/permissions";
import { useT } from "../ui/i18n";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";
import { useFormatDate } from "../ui/format";
import { DESTINATION_KINDS, type DestinationKind } from "../modules/audit-stream/rules/destinations";
import { createStream, deleteStream, listStreams, parseDestination, sendTestEvent, setStreamEnabled } from "../modules/audit-stream/streams.server";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { env } from "../platform/env.server";
import { requireStepUp, stepUpRefusal } from "../modules/mfa/mfa.server";
import { StepUpError } from "../modules/mfa/rules/policy";
import { StepUpGate } from "../ui/step-up";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";
import { streamMessage } from "../modules/admin-i18n/answers.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  return json({ streams: await listStreams(staff.shop, new Date()), checkpointKey: Boolean(env().checkpointKey), pageMessages: await pageMessages({ request, context }, staff, ["streaming"]) }, { headers: { "Cache-Control": "no-store" } });
};

const Intent = z.enum(["create", "delete", "pause", "enable", "test"]);
const StreamId = z.string().min(1).max(100);
type Result = { ok: boolean; message: string; fields: Record<string, string> };
const reply = (result: Result, status = 200) => json(result, { status });

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "settings.manage");
  const form = await readForm(request);
  const intent = Intent.safeParse(form.get("intent"));
  const t = await staffTranslator(request, staff);
  if (!intent.success) return reply({ ok: false, message: t("streaming.result.unknown"), fields: {} }, 400);
  const now = new Date();
  try {
    await requireStepUp(staff, "settings.streaming", now);
  } catch (error) {
    if (error instanceof StepUpError) return stepUpRefusal(error, { say: t });
    throw error;
  }
  if (intent.data === "create") {
    const parsed = parseDestination(Object.fromEntries([...form].filter(([k, v]) => k !== "intent" && typeof v === "string")));
    if (!parsed.success) {
      return reply({ ok: false, message: t("streaming.result.check"), fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "kind"), streamMessage(t, i.message)])) }, 422);
    }
    await createStream(staff, parsed.data, now);
    return reply({ ok: true, message: t("streaming.result.added"), fields: {} }, 201);
  }
  const id = StreamId.safeParse(form.get("streamId"));
  if (!id.success) return reply({ ok: false, message: t("streaming.result.unknownDestination"), fields: {} }, 400);
  if (intent.data === "test") {
    const sent = await sendTestEvent(staff, id.data, now);
    if (!sent.found) return reply({ ok: false, message: t("streaming.result.unknownDestination"), fields: {} }, 404);
    // The request was fine and the destination said no: a 4xx the page shows, never a 5xx.
    return sent.error ? reply({ ok: false, message: t("streaming.result.testFailed", { error: sent.error }), fields: {} }, 422) : reply({ ok: true, message: t("streaming.result.testDelivered"), fields: {} });
  }
  const done = intent.data === "delete" ? await deleteStream(staff, id.data, now) : await setStreamEnabled(staff, id.data, intent.data === "enable", now);
  if (!done) return reply({ ok: false, message: t("streaming.result.unknownDestination"), fields: {} }, 404);
  return reply({ ok: true, message: t(`streaming.result.${intent.data === "delete" ? "delete" : intent.data === "enable" ? "enable" : "pause"}`), fields: {} });
};

// `label` and `help` are catalog keys under streaming.field.* and streaming.help.*.
const FIELDS: Record<DestinationKind, { name: string; label: string; multiline?: boolean; secret?: boolean; help?: string }[]> = {
  syslog: [
    { name: "host", label: "host", help: "host" },
    { name: "port", label: "port", help: "port" },
    { name: "caPem", label: "caPem", multiline: true },
    { name: "clientCertPem", label: "clientCertPem", multiline: true },
    { name: "clientKeyPem", label: "clientKeyPem", multiline: true, secret: true },
  ],
  splunk_hec: [
    { name: "url", label: "hecUrl", help: "hecUrl" },
    { name: "token", label: "token", secret: true },
    { name: "index", label: "indexOptional" },
    { name: "sourcetype", label: "sourcetype", help: "sourcetype" },
  ],
  elasticsearch: [
    { name: "url", label: "clusterUrl", help: "clusterUrl" },
    { name: "index", label: "index", help: "index" },
    { name: "apiKey", label: "apiKey", secret: true },
    { name: "username", label: "username" },
    { name: "password", label: "password", secret: true },
  ],
};

function AddDestination({ errors, busy, reset }: { errors: Record<string, string>; busy: boolean; reset: boolean }) {
  const [kind, setKind] = useState<DestinationKind>("syslog");
  const [values, setValues] = useState<Record<string, string>>({ name: "", port: "6514" });
  useEffect(() => {
    if (reset) setValues({ name: "", port: "6514" });
  }, [reset]);
  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const t = useT();
  return (
    <Form method="post" data-add-destination>
      <input type="hidden" name="intent" value="create" />
      <FormLayout>
        <Select label={t("streaming.kind")} name="kind" options={DESTINATION_KINDS.map((k) => ({ label: t(`streaming.kindName.${k}`), value: k }))} value={kind} onChange={(v) => setKind(v as DestinationKind)} error={errors.kind} />
        <TextField label={t("streaming.name")} name="name" value={values.name ?? ""} onChange={set("name")} autoComplete="off" error={errors.name} />
        {FIELDS[kind].map((f) => (
          <TextField
            key={`${kind}-${f.name}`}
            label={t(`streaming.field.${f.label}`)}
            name={f.name}
            value={values[f.name] ?? ""}
            onChange={set(f.name)}
            autoComplete="off"
            multiline={f.multiline ? 4 : undefined}
            type={f.secret && !f.multiline ? "password" : "text"}
            helpText={f.help ? t(`streaming.help.${f.help}`) : undefined}
            error={errors[f.name]}
          />
        ))}
        <Button submit variant="primary" loading={busy}>
          {t("streaming.addSubmit")}
        </Button>
      </FormLayout>
    </Form>
  );
}

function StreamAction({ id, intent, label, tone }: { id: string; intent: string; label: string; tone?: "critical" }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="streamId" value={id} />
      <Button submit tone={tone}>
        {label}
      </Button>
    </Form>
  );
}

export default function Streaming() {
  const { streams, checkpointKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const canManage = useCan()("settings.manage");
  const formatDate = useFormatDate();
  const t = useT();
  const { revalidate, state } = useRevalidator();
  // The lag figures stay current while the page is open.
  useEffect(() => {
    const timer = setInterval(() => state === "idle" && revalidate(), 5000);
    return () => clearInterval(timer);
  }, [revalidate, state]);
  return (
    <Page title={t("streaming.title")} subtitle={t("streaming.subtitle")} backAction={{ content: t("nav.settings"), url: "/app/settings" }}>
      <BlockStack gap="400">
        <StepUpGate result={result} />
        {result && !("stepUp" in result) ? <Banner tone={result.ok ? "success" : "critical"}>{result.message}</Banner> : null}
        {!checkpointKey ? <Banner tone="warning">{t("streaming.noKey")}</Banner> : null}
        {!canManage ? <Banner>{t("streaming.ownerOnly")}</Banner> : null}
        {streams.length === 0 ? (
          <Card>
            <Text as="p">{t("streaming.none")}</Text>
          </Card>
        ) : null}
        {streams.map((s) => (
          <Card key={s.id}>
            <div data-stream={s.id}>
              <BlockStack gap="200">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {s.name}
                  </Text>
                  {!s.enabled ? <Badge>{t("streaming.state.paused")}</Badge> : s.lastError ? <Badge tone="critical">{t("streaming.state.failing")}</Badge> : s.lag.entries > 0 ? <Badge tone="attention">{t("streaming.state.catchingUp")}</Badge> : <Badge tone="success">{t("streaming.state.upToDate")}</Badge>}
                </InlineStack>
                <Text as="p" tone="subdued">
                  {t(`streaming.kindName.${s.kind}`)} · {s.target}
                </Text>
                <Text as="p">
                  <span data-lag-entries={s.lag.entries} data-lag-seconds={s.lag.seconds} data-delivered-seq={s.deliveredSeq} />
                  {t("streaming.delivered", { seq: s.deliveredSeq, date: formatDate(s.deliveredAt), count: s.lag.entries, seconds: s.lag.entries ? `, ${s.lag.seconds} s` : "", checkpoint: formatDate(s.lastCheckpointAt) })}
                </Text>
                {s.lastError ? (
                  <Banner tone="critical" title={t("streaming.lastError", { date: formatDate(s.lastErrorAt) })}>
                    <p data-last-error>{s.lastError}</p>
                    {s.nextAttemptAt ? <p>{t("streaming.nextAttempt", { date: formatDate(s.nextAttemptAt) })}</p> : null}
                  </Banner>
                ) : null}
                {canManage ? (
                  <InlineStack gap="200">
                    <StreamAction id={s.id} intent="test" label={t("streaming.action.test")} />
                    {s.enabled ? <StreamAction id={s.id} intent="pause" label={t("streaming.action.pause")} /> : <StreamAction id={s.id} intent="enable" label={t("streaming.action.enable")} />}
                    <StreamAction id={s.id} intent="delete" label={t("streaming.action.delete")} tone="critical" />
                  </InlineStack>
                ) : null}
              </BlockStack>
            </div>
          </Card>
        ))}
        {canManage ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("streaming.add")}
              </Text>
              <AddDestination errors={result && !result.ok && "fields" in result ? result.fields : {}} busy={busy} reset={Boolean(result?.ok)} />
            </BlockStack>
          </Card>
        ) : null}
      </BlockStack>
    </Page>
  );
}
