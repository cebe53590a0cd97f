import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { useFormatDate } from "../ui/format";
import { useCan } from "../ui/permissions";
import { SEVERITY_TONE, STATUS_TONE } from "../ui/alert-ui";
import { getAlert, moveAlert, openBreachFromAlert } from "../modules/alerts/alert-admin.server";
import { AlertError } from "../modules/alerts/rules";
import { requireStaff, staffNames } from "../modules/team/staff.server";
import { useStaffLabel } from "../ui/staff-label";
import { useT } from "../ui/i18n";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";
import { readForm } from "../platform/http/form.server";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";
import { alertMessage } from "../modules/admin-i18n/answers.server";

const Params = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

const notFound = () => new Response("Not found", { status: 404 });

export const loader = async ({ request, params, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw notFound();
  const alert = await getAlert(staff, parsed.data.id);
  if (!alert) throw notFound();
  const ids = [alert.actorId, alert.acknowledgedBy, alert.resolvedBy].filter((id): id is string => id !== null);
  return json({ alert, me: staff.staffId, names: await staffNames(staff.shop, ids), pageMessages: await pageMessages({ request, context }, staff, ["alert", "digest", "audit.subjectType", "requestType", "requestStatus"]) });
};

const ActionForm = z.object({ intent: z.enum(["acknowledge", "resolve", "open_breach"], { error: "Unknown action" }) });

const STATUS_OF: Record<AlertError["code"], number> = { NOT_FOUND: 404, INVALID_MOVE: 409, BAD_INPUT: 400 };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "breaches.manage");
  const parsedParams = Params.safeParse(params);
  const t = await staffTranslator(request, staff);
  if (!parsedParams.success) return json({ ok: false as const, message: t("alert.result.noSuch") }, { status: 404 });
  const parsed = ActionForm.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return json({ ok: false as const, message: t("alert.result.unknown") }, { status: 400 });
  const now = new Date();
  try {
    if (parsed.data.intent === "open_breach") {
      const { breachId, created } = await openBreachFromAlert(staff, parsedParams.data.id, now);
      return json({ ok: true as const, message: created ? t("alert.result.breachOpened") : t("alert.result.breachExists"), breachId }, { status: created ? 201 : 200 });
    }
    await moveAlert(staff, parsedParams.data.id, parsed.data.intent, now);
    return json({ ok: true as const, message: parsed.data.intent === "acknowledge" ? t("alert.result.acknowledge") : t("alert.result.resolve"), breachId: null });
  } catch (error) {
    if (!(error instanceof AlertError)) throw error;
    return json({ ok: false as const, message: alertMessage(t, error.message) }, { status: STATUS_OF[error.code] });
  }
};

function Intent({ intent, label, primary }: { intent: string; label: string; primary?: boolean }) {
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button submit variant={primary ? "primary" : undefined} disabled={busy}>
        {label}
      </Button>
    </Form>
  );
}

export default function AlertPage() {
  const { alert, me, names } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formatDate = useFormatDate();
  const can = useCan();
  const t = useT();
  const staffLabel = useStaffLabel();
  const who = (id: string | null) => (id ? staffLabel(id, names, me) : "—");
  const subject = (type: string, id: string | null) => (type === "staff" && id ? staffLabel(id, names, me) : t(`audit.subjectType.${type}`, { id: id ?? "" }) !== `audit.subjectType.${type}` ? t(`audit.subjectType.${type}`, { id: id ?? "" }) : `${type} ${id ?? ""}`);
  const breachId = alert.breachId ?? (result?.ok ? result.breachId : null);
  return (
    <Page title={t(`alert.rule.${alert.rule}`)} backAction={{ content: t("nav.alerts"), url: "/app/alerts" }}>
      <BlockStack gap="400">
        {result ? <Banner tone={result.ok ? "success" : "critical"}>{result.message}</Banner> : null}
        <Card>
          <BlockStack gap="300">
            <InlineStack gap="200">
              <Badge tone={SEVERITY_TONE[alert.severity]}>{t("alert.severityOf", { severity: t(`alert.severity.${alert.severity}`) })}</Badge>
              <Badge tone={STATUS_TONE[alert.status]}>{t(`alert.status.${alert.status}`)}</Badge>
            </InlineStack>
            <Text as="p">{alert.auditSeq !== null ? t("alert.raisedBy", { date: formatDate(alert.raisedAt), seq: alert.auditSeq }) : t("alert.raised", { date: formatDate(alert.raisedAt) })}</Text>
            {alert.actorId ? <Text as="p">{t("alert.staffMember", { who: who(alert.actorId) })}</Text> : null}
            {alert.sourceRef ? <Text as="p">{t("alert.source", { ref: alert.sourceRef })}</Text> : null}
            {alert.subjectType ? <Text as="p">{t("alert.subject", { subject: subject(alert.subjectType, alert.subjectId) })}</Text> : null}
            {alert.count > 1 ? <Text as="p">{t("alert.count", { count: alert.count })}</Text> : null}
            {/* The audit entry's own fields and values, as recorded (machine data, like the audit export). */}
            <dl data-untranslated>
              {Object.entries(alert.details).map(([key, value]) => (
                <div key={key}>
                  <dt style={{ display: "inline", fontWeight: 600 }}>{key}: </dt>
                  <dd style={{ display: "inline", margin: 0 }}>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
                </div>
              ))}
            </dl>
            <Text as="p">{t("alert.acknowledgedAt", { when: alert.acknowledgedAt ? t("alert.atBy", { date: formatDate(alert.acknowledgedAt), who: who(alert.acknowledgedBy) }) : "—" })}</Text>
            <Text as="p">{t("alert.resolvedAt", { when: alert.resolvedAt ? t("alert.atBy", { date: formatDate(alert.resolvedAt), who: who(alert.resolvedBy) }) : "—" })}</Text>
            {breachId ? <Link to={`/app/breaches/${breachId}`}>{t("alert.openBreachRecord")}</Link> : null}
          </BlockStack>
        </Card>
        {can("breaches.manage") ? (
          <InlineStack gap="200">
            {alert.status === "new" ? <Intent intent="acknowledge" label={t("alert.acknowledge")} primary /> : null}
            {alert.status !== "resolved" ? <Intent intent="resolve" label={t("alert.resolve")} /> : null}
            {breachId ? null : <Intent intent="open_breach" label={t("alert.openBreach")} />}
          </InlineStack>
        ) : (
          <Text as="p" tone="subdued">
            {t("alert.officersOnly")}
          </Text>
        )}
      </BlockStack>
    </Page>
  );
}
