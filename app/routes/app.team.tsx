import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { useFormatDate } from "../ui/format";
import { isRole, ROLE_LABELS, ROLES, RoleError, type Role } from "../modules/team/rules";
import { accessReviews, confirmAccessReview, type ReviewState } from "../modules/alerts/access-reviews.server";
import { assignRole, listTeam, requireStaff, staffNames } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { staffLabel } from "../modules/team/rules/staff-name";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "team.manage");
  return { me: staff.staffId, members: await listTeam(staff), names: await staffNames(staff.shop), review: await accessReviews(staff, new Date()) };
};

const AssignSchema = z.object({
  intent: z.literal("assign", { error: "This action is not available on the Team page." }),
  staffId: z.string("Choose a staff member from the list.").trim().regex(/^\d{1,20}$/, "Choose a staff member from the list."),
  role: z.enum(ROLES, { error: "Choose a role from the list." }),
});

const ConfirmSchema = z.object({
  intent: z.literal("confirm_review"),
  staffId: z.string("Choose a staff member from the list.").trim().regex(/^\d{1,20}$/, "Choose a staff member from the list."),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "team.manage");
  const fields = Object.fromEntries(await readForm(request));
  if (fields.intent === "confirm_review") return confirmReview(staff, fields);
  const parsed = AssignSchema.safeParse(fields);
  if (!parsed.success) return json({ ok: false as const, message: [...new Set(parsed.error.issues.map((i) => i.message))].join(" ") }, { status: 400 });
  try {
    const { changed } = await assignRole(staff, parsed.data.staffId, parsed.data.role, new Date());
    const who = (await staffNames(staff.shop, [parsed.data.staffId]))[parsed.data.staffId] ?? `Staff member ${parsed.data.staffId}`;
    return json({ ok: true as const, message: changed ? `${who} is now ${ROLE_LABELS[parsed.data.role]}.` : "Nothing changed." });
  } catch (error) {
    if (!(error instanceof RoleError)) throw error;
    return json({ ok: false as const, message: error.message }, { status: error.code === "UNKNOWN_STAFF" ? 404 : 409 });
  }
};

// Access reviews (app/modules/alerts): an owner confirms a member's role, which restarts the period.
async function confirmReview(staff: Awaited<ReturnType<typeof requireStaff>>, fields: Record<string, FormDataEntryValue>) {
  const parsed = ConfirmSchema.safeParse(fields);
  if (!parsed.success) return json({ ok: false as const, message: [...new Set(parsed.error.issues.map((i) => i.message))].join(" ") }, { status: 400 });
  try {
    const { role } = await confirmAccessReview(staff, parsed.data.staffId, new Date());
    return json({ ok: true as const, message: `Role confirmed: ${ROLE_LABELS[isRole(role) ? role : "viewer"]}.` });
  } catch (error) {
    if (!(error instanceof RoleError)) throw error;
    return json({ ok: false as const, message: error.message }, { status: 404 });
  }
}

function ReviewCell({ staffId, state }: { staffId: string; state: ReviewState | undefined }) {
  const formatDate = useFormatDate();
  if (!state) return null;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="confirm_review" />
      <input type="hidden" name="staffId" value={staffId} />
      <InlineStack gap="200" blockAlign="center">
        {state.overdue ? <Badge tone="critical">Review overdue</Badge> : <Text as="span">{`Next review ${formatDate(state.dueAt)}`}</Text>}
        <Button submit>Confirm role</Button>
      </InlineStack>
    </Form>
  );
}

const ROLE_OPTIONS = ROLES.map((r) => ({ label: ROLE_LABELS[r], value: r }));

function RoleForm({ staffId, label, role }: { staffId: string; label: string; role: Role }) {
  const [value, setValue] = useState<string>(role);
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="assign" />
      <input type="hidden" name="staffId" value={staffId} />
      <InlineStack gap="200" blockAlign="end">
        <Select label={`Role of ${label}`} labelHidden name="role" options={ROLE_OPTIONS} value={value} onChange={setValue} />
        <Button submit disabled={value === role}>
          Save
        </Button>
      </InlineStack>
    </Form>
  );
}

export default function Team() {
  const formatDate = useFormatDate();
  const { me, members, names, review } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title="Team" subtitle="Who may do what in this app">
      <BlockStack gap="400">
        {result ? <Banner tone={result.ok ? "success" : "critical"}>{result.message}</Banner> : null}
        <Card>
          <BlockStack gap="200">
            <Text as="p">
              Owners manage the team and settings. Privacy officers run requests and breaches. Viewers can read everything but change nothing and download no
              personal data. Staff appear here, as viewers, after they first open the app; the shop always keeps at least one owner. Every {review.months} months an owner
              confirms each member&apos;s role (an overdue review raises an alert).
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Staff member", "First opened the app", "Role", "Access review"]}
              rows={members.map((m) => [
                staffLabel(m.staffId, names, me),
                formatDate(m.firstSeenAt),
                <RoleForm key={m.staffId} staffId={m.staffId} label={names[m.staffId] ?? `staff member ${m.staffId}`} role={m.role} />,
                <ReviewCell key={`review-${m.staffId}`} staffId={m.staffId} state={review.reviews[m.staffId]} />,
              ])}
            />
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
