import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { isUnreadable } from "../platform/protected-data/unreadable";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { clockText, CLOCK_TONE, useNow } from "../ui/breach-ui";
import { useLang, useT } from "../ui/i18n";
import { CloseForm, ContainmentForm, NotificationForm, NotNeededForm } from "../ui/breach-forms";
import { useFormatDate } from "../ui/format";
import { useCan } from "../ui/permissions";
import { breachClock } from "../modules/breaches/rules/clock";
import {
  BreachError,
  closeBreach,
  getBreach,
  markAuthorityNotified,
  markNotificationNotNeeded,
  markPeopleNotified,
  MAX_REASON,
  MAX_TEXT,
  updateContainment,
} from "../modules/breaches/breaches.server";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";
import { breachFieldErrors, breachMessage } from "../modules/admin-i18n/answers.server";
import { staffTranslator, type StaffTranslate } from "../modules/admin-i18n/staff-translator.server";

// Ids are cuids: anything else is not found without asking the database.
const Params = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

export const loader = async ({ request, params, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const parsedParams = Params.safeParse(params);
  if (!parsedParams.success) throw notFound();
  const now = new Date();
  const breach = await getBreach(staff, parsedParams.data.id, now);
  if (!breach) throw notFound();
  return json({ breach, maxText: MAX_TEXT, maxReason: MAX_REASON, now: now.toISOString(), pageMessages: await pageMessages({ request, context }, staff, ["breach", "breaches.closed", "breachCategory", "breachClockState", "audit.actorType"]) });
};

const instant = (label: string) =>
  z.iso.datetime({ offset: true, error: `${label} must be a date and time` }).transform((v) => new Date(v));
const required = (label: string) => z.string({ error: `${label} is required` });

// The form's shape only; the service checks the rules (time, lengths, state of the incident).
const ActionForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("authority_notified"), at: instant("Notification time") }),
    z.object({ intent: z.literal("people_notified"), at: instant("Notification time") }),
    z.object({ intent: z.literal("not_needed"), reason: required("Reason") }),
    z.object({ intent: z.literal("containment"), containment: required("Containment steps") }),
    z.object({ intent: z.literal("close") }),
  ],
  { error: "Unknown action" },
);
type Intent = z.infer<typeof ActionForm>["intent"];

const DONE: Record<Intent, string> = {
  authority_notified: "Notification of the supervisory authority recorded.",
  people_notified: "Communication to the people affected recorded.",
  not_needed: "Recorded that notifying the authority is not needed.",
  containment: "Containment steps updated.",
  close: "Incident closed.",
};

type FieldErrors = Record<string, string>;

/** `t`: the staff member's language (staffTranslator); the module's English texts map to keys in answers.server.ts. */
function failed(t: StaffTranslate, status: 400 | 409 | 422, intent: string, error: string, fieldErrors: FieldErrors = {}) {
  return json({ ok: false as const, intent, error: breachMessage(t, error), fieldErrors: breachFieldErrors(t, fieldErrors) }, { status });
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "breaches.manage");
  const parsedParams = Params.safeParse(params);
  if (!parsedParams.success) throw notFound();
  const id = parsedParams.data.id;
  const form = Object.fromEntries(await readForm(request));
  const t = await staffTranslator(request, staff);
  const parsed = ActionForm.safeParse(form);
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    return failed(t, 400, String(form.intent ?? ""), "Nothing was changed: some fields need attention.", fieldErrors);
  }
  const input = parsed.data;
  const now = new Date();
  try {
    switch (input.intent) {
      case "authority_notified":
        await markAuthorityNotified(staff, id, input.at, now);
        break;
      case "people_notified":
        await markPeopleNotified(staff, id, input.at, now);
        break;
      case "not_needed":
        await markNotificationNotNeeded(staff, id, input.reason, now);
        break;
      case "containment":
        await updateContainment(staff, id, input.containment, now);
        break;
      case "close":
        await closeBreach(staff, id, now);
        break;
    }
    return json({ ok: true as const, intent: input.intent, message: breachMessage(t, DONE[input.intent]) });
  } catch (error) {
    if (!(error instanceof BreachError)) throw error;
    switch (error.code) {
      case "NOT_FOUND":
        throw notFound();
      case "INVALID_INPUT":
        return failed(t, 422, input.intent, "Nothing was changed: some fields need attention.", error.fieldErrors);
      case "CONFLICT":
      case "INTEGRITY_MISMATCH":
        return failed(t, 409, input.intent, error.message);
    }
  }
};

const TIMELINE_ACTIONS = new Set(["breach.recorded", "breach.authority_notified", "breach.people_notified", "breach.notification_not_needed", "breach.containment_updated", "breach.closed", "breach.integrity_mismatch"]);

export default function BreachPage() {
  const formatDate = useFormatDate();
  const t = useT();
  const lang = useLang();
  const { breach: b, maxText, maxReason, now: serverNow } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const now = useNow(serverNow);
  const clock = breachClock({
    discoveredAt: new Date(b.discoveredAt),
    authorityNotifiedAt: b.authorityNotifiedAt ? new Date(b.authorityNotifiedAt) : null,
    notificationNotNeeded: b.notificationNotNeeded,
    now,
  });
  const open = b.closedAt === null;
  const canManage = useCan()("breaches.manage");
  // Keyed forms remount (and clear) after every recorded change.
  const version = b.timeline.length;
  return (
    <Page
      title={t("breach.page.title", { date: formatDate(b.discoveredAt) })}
      backAction={{ content: t("nav.breaches"), url: "/app/breaches" }}
      titleMetadata={
        <InlineStack gap="100">
          <Badge tone={CLOCK_TONE[clock.state]}>{t(`breachClockState.${clock.state}`)}</Badge>
          {open ? null : <Badge>{t("breaches.closed")}</Badge>}
        </InlineStack>
      }
    >
      <BlockStack gap="400">
        {b.integrityOk ? null : (
          <Banner tone="critical" title={t("breach.page.editedTitle")}>
            {t("breach.page.editedBody")}
          </Banner>
        )}
        {actionData?.ok ? <Banner tone="success">{actionData.message}</Banner> : null}
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("breach.page.clock")}
            </Text>
            <Text as="p" variant="headingLg">
              {clockText(t, clock)}
            </Text>
            <Text as="p">
              {t("breach.page.deadline")} <strong>{formatDate(clock.deadline)}</strong>
            </Text>
            <Text as="p">{t("breach.page.authorityNotified", { when: b.authorityNotifiedAt ? formatDate(b.authorityNotifiedAt) : b.notificationNotNeeded ? t("breach.page.notNeeded") : t("breach.page.notYet") })}</Text>
            {b.notificationNotNeeded && b.notNeededReason ? <Text as="p">{t("breach.page.whyNotNeeded", { reason: b.notNeededReason })}</Text> : null}
            <Text as="p">{t("breach.page.peopleNotified", { when: b.peopleNotifiedAt ? formatDate(b.peopleNotifiedAt) : t("breach.page.notYet") })}</Text>
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("breach.page.incident")}
            </Text>
            <Text as="p" tone={isUnreadable(b.description) ? "critical" : undefined}>
              {isUnreadable(b.description) ? t("breach.page.unreadableDescription") : b.description}
            </Text>
            <Text as="p" tone="subdued">
              {t("breach.page.summary", { categories: b.categories.map((c) => t(`breachCategory.${c}`)).join(", "), count: b.approxPeopleAffected, people: b.approxPeopleAffected.toLocaleString(lang === "en" ? "en-US" : lang), recorded: formatDate(b.createdAt) })}
              {b.createdBy ? t("breach.page.byStaff", { id: b.createdBy }) : ""}.{b.closedAt ? ` ${t("breach.page.closedAt", { date: formatDate(b.closedAt) })}` : ""}
            </Text>
          </BlockStack>
        </Card>
        {open && canManage ? (
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("breach.page.notifications")}
              </Text>
              {b.authorityNotifiedAt ? null : (
                <NotificationForm key={`a${version}`} intent="authority_notified" label={t("breach.form.authorityAt")} button={t("breach.form.authoritySubmit")} />
              )}
              {b.peopleNotifiedAt ? null : (
                <NotificationForm key={`p${version}`} intent="people_notified" label={t("breach.form.peopleAt")} button={t("breach.form.peopleSubmit")} />
              )}
              {b.authorityNotifiedAt || b.notificationNotNeeded ? null : <NotNeededForm key={`n${version}`} maxReason={maxReason} />}
            </BlockStack>
          </Card>
        ) : null}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("breach.page.containment")}
            </Text>
            {isUnreadable(b.containment) ? (
              <Text as="p" tone="critical">
                {t("breach.page.unreadableContainment")}
              </Text>
            ) : null}
            <ContainmentForm key={`c${version}`} current={isUnreadable(b.containment) ? "" : (b.containment ?? "")} maxText={maxText} disabled={!open || !canManage} />
          </BlockStack>
        </Card>
        {open && canManage ? (
          <Card>
            <CloseForm decided={b.authorityNotifiedAt !== null || b.notificationNotNeeded} />
          </Card>
        ) : null}
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("breach.page.timeline")}
            </Text>
            {b.timeline.map((e) => (
              <Text as="p" key={e.seq} tone={e.action === "breach.integrity_mismatch" ? "critical" : undefined}>
                {formatDate(e.occurredAt)}: {TIMELINE_ACTIONS.has(e.action) ? t(`breach.action.${e.action.slice("breach.".length)}`) : e.action}
                {typeof e.metadata.notifiedAt === "string" ? ` ${t("breach.page.at", { date: formatDate(e.metadata.notifiedAt) })}` : ""} {t("breach.page.by", { who: e.actorType === "staff" && e.actorId ? t("staff.unnamed", { id: e.actorId }) : t(`audit.actorType.${e.actorType}`) })}
              </Text>
            ))}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
