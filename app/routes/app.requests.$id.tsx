import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { availableIntents, isClosed } from "../modules/requests/rules/actions";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { DownloadButton } from "../ui/download-button";
import { ExportProgressCard } from "../ui/export-progress";
import { useFormatDate, humanise } from "../ui/format";
import { useCan } from "../ui/permissions";
import { RequestError } from "../modules/requests/rules";
import { requestDetail } from "../modules/requests/queries.server";
import { ActionSchema, performRequestAction, RectifySchema } from "../modules/requests/request-actions.server";
import { nextActions } from "../modules/requests/rules/next-actions";
import { useT } from "../ui/i18n";
import { RequestHeader } from "../ui/request-header";
import { RequestActions, type ActionResult } from "../ui/request-actions";
import { useNow } from "../ui/breach-ui";
import { AdminApiError } from "../platform/shopify/admin-client.server";
import { requireStaff, staffNames } from "../modules/team/staff.server";
import { useStaffLabel } from "../ui/staff-label";
import { requestRightsView } from "../modules/requests/rights-view.server";
import { RegulationCard, RequesterWordsCard } from "../ui/request-rights";
import { readForm } from "../platform/http/form.server";
import { stepUpRefusal } from "../modules/mfa/mfa.server";
import { StepUpError } from "../modules/mfa/rules/policy";
import { StepUpGate } from "../ui/step-up";
import { refusalMessage, refused, requestId, resultMessage, STATUS_FOR } from "../modules/requests/request-route.server";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";
import { timed } from "../platform/http/server-timing.server";
import { pageMessages, pageTranslator } from "../modules/admin-i18n/page-messages.server";
import { exportProblemMessage, shopifyMessage } from "../modules/admin-i18n/answers.server";

export const loader = async ({ request, params, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const id = requestId(params);
  const detail = await timed("data", () => requestDetail(staff, id));
  if (!detail) throw new Response("Not found", { status: 404 });
  const people = [...detail.timeline.map((t) => (t.actorType === "staff" ? t.actorId : null)), ...detail.messages.map((m) => m.authorId)].filter((id): id is string => Boolean(id));
  const [rights, names] = await timed("data2", () => Promise.all([requestRightsView(staff, id), staffNames(staff.shop, people)]));
  // The export job stores its problem in English (and codes): said here in the page's language.
  const problem = detail.exportProgress?.problem;
  const exportProgress = detail.exportProgress && problem ? { ...detail.exportProgress, problem: exportProblemMessage(await pageTranslator({ request, context }, staff), problem) } : detail.exportProgress;
  return json({ ...detail, exportProgress, rights, names, me: staff.staffId, now: new Date().toISOString(), pageMessages: await pageMessages({ request, context }, staff, ["request", "action", "export", "rights", "law", "download", "breach.clock", "regulation", "requestType", "requestStatus", "requestSource"]) }, { headers: { "Cache-Control": "no-store" } });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "requests.act");
  const id = requestId(params);
  const form = Object.fromEntries(await readForm(request));
  const intent = typeof form.intent === "string" ? form.intent : undefined;
  const parsed = ActionSchema.safeParse(form);
  const t = await staffTranslator(request, staff);
  if (!parsed.success) return refused(intent, parsed.error, t);
  if (parsed.data.intent === "rectify") {
    const { intent: _intent, ...fields } = parsed.data;
    const check = RectifySchema.safeParse(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== "")));
    if (!check.success) return refused(intent, check.error, t);
  }
  try {
    const result = await performRequestAction(staff, id, parsed.data, new Date());
    return json({ ok: true as const, intent, message: resultMessage(t, parsed.data.intent, result.message) });
  } catch (error) {
    if (error instanceof StepUpError) return stepUpRefusal(error, { intent, say: t });
    if (error instanceof RequestError) return json({ ok: false as const, intent, message: refusalMessage(t, error) }, { status: STATUS_FOR[error.code] });
    if (error instanceof AdminApiError) return json({ ok: false as const, intent, message: shopifyMessage(t, error) }, { status: 502 });
    throw error;
  }
};

const ACTORS = new Set(["shopify", "system", "shopper", "requester", "customer", "staff"]);

export default function RequestPage() {
  const r = useLoaderData<typeof loader>();
  const formatDate = useFormatDate();
  const t = useT();
  const staffLabel = useStaffLabel();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== "idle";
  const can = useCan();
  const now = useNow(r.now);
  const closed = isClosed(r.status);
  const open = can("requests.act") && !closed;
  const who = (type: string, id: string | null) => (type === "staff" && id ? staffLabel(id, r.names, r.me) : (ACTORS.has(type) ? t(`request.actor.${type}`) : humanise(type)));
  const status = (value: string) => t(`requestStatus.${value}`);
  const actions = nextActions({ status: r.status, type: r.type, extended: r.extended, extendable: r.rights?.regulation.extendable !== false });
  return (
    <Page title={r.reference} backAction={{ content: t("nav.requests"), url: "/app/requests" }}>
      <BlockStack gap="400">
        {result && !result.stepUp ? <Banner tone={result.ok ? "success" : "critical"}>{result.message}</Banner> : null}
        <StepUpGate result={result} />
        <RequestHeader
          status={r.status}
          type={r.type}
          source={r.source}
          regulation={r.regulation}
          receivedAt={r.receivedAt}
          dueAt={r.dueAt}
          closed={closed}
          extended={r.extended}
          extensionReason={r.extensionReason}
          now={now}
        />
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("request.requester.title")}
            </Text>
            <Text as="p" tone="subdued">
              {r.anonymised ? t("request.requester.erased") : r.email ? t("request.requester.email", { email: r.email }) : t("request.requester.noEmail")}
            </Text>
            {r.closeReason ? <Text as="p">{t("request.closed", { reason: r.closeReason })}</Text> : null}
            {r.status === "awaiting_shopify" ? (
              <Banner tone="info">
                <p>{t("request.erasureTiming")}</p>
              </Banner>
            ) : null}
            {can("requests.act") ? <RequestActions primary={actions.primary} more={actions.more} result={result} busy={busy} /> : null}
            {busy ? <Text as="p">{t("common.working")}</Text> : null}
          </BlockStack>
        </Card>
        <RequesterWordsCard r={r} canAct={open} verified={availableIntents({ type: r.type, status: r.status, extended: r.extended }).includes("rectify")} />
        <RegulationCard r={r} canAct={open} />
        <ExportProgressCard progress={r.exportProgress} />
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("request.exports.title")}
            </Text>
            {r.exports.length === 0 ? (
              <Text as="p">{t("request.exports.none")}</Text>
            ) : !can("requests.download") ? (
              <Text as="p">{t("request.exports.noDownload", { count: r.exports.length })}</Text>
            ) : (
              <InlineStack gap="200">
                {r.exports.map((f) => (
                  <DownloadButton key={f.id} href={`/app/requests/${r.id}/exports/${f.id}`} filename={`${r.reference}.${f.format}`}>
                    {t("request.exports.download", { format: f.format.toUpperCase(), kb: Math.ceil(f.bytes / 1024), until: formatDate(f.expiresAt) })}
                  </DownloadButton>
                ))}
              </InlineStack>
            )}
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("request.timeline.title")}
            </Text>
            {[
              ...r.timeline.map((e, i) => ({
                key: `t${i}`,
                at: e.at,
                text: `${e.from ? `${status(e.from)} → ` : ""}${t("request.timeline.by", { status: status(e.to), who: who(e.actorType, e.actorId) })}${e.reason ? ` (${e.reason})` : ""}`,
                subdued: false,
              })),
              ...r.messages.map((m) => ({ key: m.id, at: m.at, text: `${m.authorId ? t("request.timeline.messageBy", { kind: t(`request.message.${m.kind}`), who: who("staff", m.authorId) }) : t(`request.message.${m.kind}`)}: ${m.text}`, subdued: true })),
            ]
              .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())
              .map((entry) => (
                <Text as="p" key={entry.key} tone={entry.subdued ? "subdued" : undefined}>
                  {formatDate(entry.at)}: {entry.text}
                </Text>
              ))}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
