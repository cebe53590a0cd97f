import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { useT } from "../ui/i18n";
import { z } from "zod";
import { useFormatDate } from "../ui/format";
import { isRole, ROLES, RoleError, type Role } from "../modules/team/rules";
import { accessReviews, confirmAccessReview, type ReviewState } from "../modules/alerts/access-reviews.server";
import { assignRole, listTeam, requireStaff, staffNames } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { useStaffLabel } from "../ui/staff-label";
import { staffTranslator, type StaffTranslate } from "../modules/admin-i18n/staff-translator.server";
import { requireStepUp, stepUpRefusal } from "../modules/mfa/mfa.server";
import { StepUpError } from "../modules/mfa/rules/policy";
import { StepUpGate } from "../ui/step-up";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "team.manage", context);
  return { me: staff.staffId, members: await listTeam(staff), names: await staffNames(staff.shop), review: await accessReviews(staff, new Date()), pageMessages: await pageMessages({ request, context }, staff, ["team", "roleLabel"]) };
};

const AssignSchema = z.object({
  // Messages are catalog keys, said in the staff member's language by the action.
  intent: z.literal("assign", { error: "team.error.notAvailable" }),
  staffId: z.string("team.error.chooseStaff").trim().regex(/^\d{1,20}$/, "team.error.chooseStaff"),
  role: z.enum(ROLES, { error: "team.error.chooseRole" }),
});

const ConfirmSchema = z.object({
  intent: z.literal("confirm_review"),
  staffId: z.string("team.error.chooseStaff").trim().regex(/^\d{1,20}$/, "team.error.chooseStaff"),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "team.manage");
  const fields = Object.fromEntries(await readForm(request));
  const t = await staffTranslator(request, staff);
  if (fields.intent === "confirm_review") return confirmReview(staff, fields, t);
  const parsed = AssignSchema.safeParse(fields);
  if (!parsed.success) return json({ ok: false as const, message: [...new Set(parsed.error.issues.map((i) => t(i.message)))].join(" ") }, { status: 400 });
  try {
    await requireStepUp(staff, "team.roles", new Date());
    const { changed } = await assignRole(staff, parsed.data.staffId, parsed.data.role, new Date());
    const who = (await staffNames(staff.shop, [parsed.data.staffId]))[parsed.data.staffId] ?? t("staff.unnamed", { id: parsed.data.staffId });
    return json({ ok: true as const, message: changed ? t("team.result.assigned", { who, role: t(`roleLabel.${parsed.data.role}`) }) : t("team.result.unchanged") });
  } catch (error) {
    if (error instanceof StepUpError) return stepUpRefusal(error, { say: t });
    if (!(error instanceof RoleError)) throw error;
    return json({ ok: false as const, message: error.code === "UNKNOWN_STAFF" ? t("team.error.unknownStaff") : error.code === "LAST_OWNER" ? t("team.error.lastOwner") : error.message }, { status: error.code === "UNKNOWN_STAFF" ? 404 : 409 });
  }
};

// Access reviews (app/modules/alerts): an owner confirms a member's role, which restarts the period.
async function confirmReview(staff: Awaited<ReturnType<typeof requireStaff>>, fields: Record<string, FormDataEntryValue>, t: StaffTranslate) {
  const parsed = ConfirmSchema.safeParse(fields);
  if (!parsed.success) return json({ ok: false as const, message: [...new Set(parsed.error.issues.map((i) => t(i.message)))].join(" ") }, { status: 400 });
  try {
    const { role } = await confirmAccessReview(staff, parsed.data.staffId, new Date());
    return json({ ok: true as const, message: t("team.result.confirmed", { role: t(`roleLabel.${isRole(role) ? role : "viewer"}`) }) });
  } catch (error) {
    if (!(error instanceof RoleError)) throw error;
    return json({ ok: false as const, message: t("team.error.unknownStaff") }, { status: 404 });
  }
}

function ReviewCell({ staffId, state }: { staffId: string; state: ReviewState | undefined }) {
  const formatDate = useFormatDate();
  const t = useT();
  if (!state) return null;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="confirm_review" />
      <input type="hidden" name="staffId" value={staffId} />
      <InlineStack gap="200" blockAlign="center">
        {state.overdue ? <Badge tone="critical">{t("team.review.overdue")}</Badge> : <Text as="span">{t("team.review.next", { date: formatDate(state.dueAt) })}</Text>}
        <Button submit>{t("team.review.confirm")}</Button>
      </InlineStack>
    </Form>
  );
}

function RoleForm({ staffId, label, role }: { staffId: string; label: string; role: Role }) {
  const [value, setValue] = useState<string>(role);
  const t = useT();
  const options = ROLES.map((r) => ({ label: t(`roleLabel.${r}`), value: r }));
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="assign" />
      <input type="hidden" name="staffId" value={staffId} />
      <InlineStack gap="200" blockAlign="end">
        <Select label={t("team.roleOf", { name: label })} labelHidden name="role" options={options} value={value} onChange={setValue} />
        <Button submit disabled={value === role}>
          {t("common.save")}
        </Button>
      </InlineStack>
    </Form>
  );
}

export default function Team() {
  const formatDate = useFormatDate();
  const t = useT();
  const staffLabel = useStaffLabel();
  const { me, members, names, review } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title={t("nav.team")} subtitle={t("team.subtitle")}>
      <BlockStack gap="400">
        {result && !("stepUp" in result) ? <Banner tone={result.ok ? "success" : "critical"}>{result.message}</Banner> : null}
        <StepUpGate result={result} />
        <Card>
          <BlockStack gap="200">
            <Text as="p">{t("team.intro")}</Text>
            <Text as="p">{t("team.review.intro", { count: review.months })}</Text>
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={[t("team.column.member"), t("team.column.firstSeen"), t("team.column.role"), t("team.column.review")]}
              rows={members.map((m) => [
                staffLabel(m.staffId, names, me),
                formatDate(m.firstSeenAt),
                <RoleForm key={m.staffId} staffId={m.staffId} label={names[m.staffId] ?? t("team.staffMember", { id: m.staffId })} role={m.role} />,
                <ReviewCell key={`review-${m.staffId}`} staffId={m.staffId} state={review.reviews[m.staffId]} />,
              ])}
            />
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
