import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, ChoiceList, EmptyState, FormLayout, IndexTable, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { clockText, CLOCK_TONE, toInstant, useNow } from "../ui/breach-ui";
import { useLang, useT } from "../ui/i18n";
import { useFormatDate } from "../ui/format";
import { useCan } from "../ui/permissions";
import { breachClock } from "../modules/breaches/rules/clock";
import { BREACH_CATEGORIES, BreachError, listBreaches, MAX_TEXT, recordBreach } from "../modules/breaches/breaches.server";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";
import { breachFieldErrors, breachMessage } from "../modules/admin-i18n/answers.server";
import { staffTranslator, type StaffTranslate } from "../modules/admin-i18n/staff-translator.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const now = new Date();
  return json({ breaches: await listBreaches(staff, now), categories: [...BREACH_CATEGORIES], maxText: MAX_TEXT, now: now.toISOString(), pageMessages: await pageMessages({ request, context }, staff, ["breaches", "breach", "breachCategory", "breachClockState"]) });
};

const required = (label: string) => z.string({ error: `${label} is required` });

// The form's shape only; the service checks the rules (time, lengths, categories, ranges).
const RecordForm = z.object({
  intent: z.literal("record", { error: "Unknown action" }),
  discoveredAt: z.iso.datetime({ offset: true, error: "Discovery time must be a date and time" }).transform((v) => new Date(v)),
  description: required("Description"),
  categories: z.array(z.string().max(64)).max(20),
  approxPeopleAffected: required("Approximate number of people")
    .trim()
    .regex(/^-?\d{1,12}$/, "Approximate number of people must be a whole number")
    .transform(Number),
  containment: z.string().optional(),
});

type FieldErrors = Record<string, string>;

/** `t`: the staff member's language (staffTranslator); the module's English texts map to keys in answers.server.ts. */
function invalid(status: 400 | 422, fieldErrors: FieldErrors, t: StaffTranslate) {
  return json({ ok: false as const, error: breachMessage(t, "The incident was not recorded: some fields need attention."), fieldErrors: breachFieldErrors(t, fieldErrors) }, { status });
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "breaches.manage");
  const form = await readForm(request);
  const t = await staffTranslator(request, staff);
  const parsed = RecordForm.safeParse({ ...Object.fromEntries(form), categories: form.getAll("categories[]") });
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    return invalid(400, fieldErrors, t);
  }
  try {
    const breach = await recordBreach(staff, parsed.data, new Date());
    return json({ ok: true as const, id: breach.id }, { status: 201 });
  } catch (error) {
    if (error instanceof BreachError && error.code === "INVALID_INPUT") return invalid(422, error.fieldErrors, t);
    throw error;
  }
};

function RecordIncidentForm({ categories, maxText }: { categories: string[]; maxText: number }) {
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors: FieldErrors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const [discoveredLocal, setDiscoveredLocal] = useState("");
  const [description, setDescription] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [people, setPeople] = useState("");
  const [containment, setContainment] = useState("");
  const t = useT();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="record" />
      <input type="hidden" name="discoveredAt" value={toInstant(discoveredLocal)} />
      <FormLayout>
        <TextField
          label={t("breaches.form.discoveredAt")}
          type="datetime-local"
          value={discoveredLocal}
          onChange={setDiscoveredLocal}
          autoComplete="off"
          helpText={t("breaches.form.discoveredHelp")}
          error={errors.discoveredAt}
        />
        <TextField
          label={t("breaches.form.description")}
          name="description"
          value={description}
          onChange={setDescription}
          multiline={4}
          maxLength={maxText}
          showCharacterCount
          autoComplete="off"
          helpText={t("breaches.form.descriptionHelp")}
          error={errors.description}
        />
        <ChoiceList
          title={t("breaches.form.categories")}
          name="categories"
          allowMultiple
          choices={categories.map((c) => ({ label: t(`breachCategory.${c}`), value: c }))}
          selected={chosen}
          onChange={setChosen}
          error={errors.categories}
        />
        <TextField
          label={t("breaches.form.people")}
          name="approxPeopleAffected"
          type="number"
          min={0}
          value={people}
          onChange={setPeople}
          autoComplete="off"
          error={errors.approxPeopleAffected}
        />
        <TextField
          label={t("breaches.form.containment")}
          name="containment"
          value={containment}
          onChange={setContainment}
          multiline={3}
          maxLength={maxText}
          autoComplete="off"
          error={errors.containment}
        />
        <Button submit variant="primary" loading={submitting}>
          {t("breaches.form.submit")}
        </Button>
      </FormLayout>
    </Form>
  );
}

export default function Breaches() {
  const formatDate = useFormatDate();
  const { breaches, categories, maxText, now: serverNow } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const now = useNow(serverNow);
  const canManage = useCan()("breaches.manage");
  const t = useT();
  const lang = useLang();
  return (
    <Page title={t("breaches.title")} subtitle={t("breaches.subtitle")}>
      <BlockStack gap="400">
        <Card padding="0">
          {breaches.length === 0 ? (
            <EmptyState heading={t("breaches.empty.heading")} image="">
              <p>{t("breaches.empty.body")}</p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: t("breaches.resource.singular"), plural: t("breaches.resource.plural") }}
              itemCount={breaches.length}
              selectable={false}
              headings={[{ title: t("breaches.column.discovered") }, { title: t("breaches.column.categories") }, { title: t("breaches.column.people") }, { title: t("breaches.column.deadline") }, { title: t("breaches.column.clock") }, { title: "" }]}
            >
              {breaches.map((b, index) => {
                const clock = breachClock({
                  discoveredAt: new Date(b.discoveredAt),
                  authorityNotifiedAt: b.authorityNotifiedAt ? new Date(b.authorityNotifiedAt) : null,
                  notificationNotNeeded: b.notificationNotNeeded,
                  now,
                });
                return (
                  <IndexTable.Row id={b.id} key={b.id} position={index}>
                    <IndexTable.Cell>{formatDate(b.discoveredAt)}</IndexTable.Cell>
                    <IndexTable.Cell>{b.categories.map((c) => t(`breachCategory.${c}`)).join(", ")}</IndexTable.Cell>
                    <IndexTable.Cell>{b.approxPeopleAffected.toLocaleString(lang === "en" ? "en-US" : lang)}</IndexTable.Cell>
                    <IndexTable.Cell>{formatDate(clock.deadline)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="100">
                        <span>
                          <Badge tone={CLOCK_TONE[clock.state]}>{t(`breachClockState.${clock.state}`)}</Badge> {b.closedAt ? <Badge>{t("breaches.closed")}</Badge> : null}{" "}
                          {b.integrityOk ? null : <Badge tone="critical">{t("breaches.edited")}</Badge>}
                        </span>
                        <Text as="span" variant="bodySm">
                          {clockText(t, clock)}
                        </Text>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Link to={`/app/breaches/${b.id}`}>{t("breaches.open")}</Link>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                );
              })}
            </IndexTable>
          )}
        </Card>
        {canManage ? (
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("breaches.record")}
            </Text>
            {actionData?.ok ? (
              <Banner tone="success" title={t("breaches.recorded")}>
                <Link to={`/app/breaches/${actionData.id}`}>{t("breaches.openIt")}</Link> {t("breaches.openItRest")}
              </Banner>
            ) : actionData ? (
              <Banner tone="critical">{actionData.error}</Banner>
            ) : null}
            {/* Remounted after each recorded incident, which clears the form. */}
            <RecordIncidentForm key={actionData?.ok ? actionData.id : "new"} categories={categories} maxText={maxText} />
          </BlockStack>
        </Card>
        ) : null}
      </BlockStack>
    </Page>
  );
}
