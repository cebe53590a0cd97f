import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  useActionData,
  useLoaderData,
  useNavigate,
  useNavigation,
  useSubmit,
} from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import {
  editorData,
  OverrideInvalid,
  previewOverride,
  resetOverride,
  saveOverride,
} from "../modules/notices/email-overrides.server";
import type { OverrideProblem } from "../modules/notices/rules/email-overrides";
import type { ShopperMailKind } from "../modules/notices/rules/shopper-mail";
import { requireStaff } from "../modules/team/staff.server";
import { SUPPORTED_LOCALES } from "../platform/i18n/locales";
import { readForm } from "../platform/http/form.server";
import { useCan } from "../ui/permissions";
import { useT } from "../ui/i18n";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";

// Here, not imported from the .server module: the browser bundle parses the same schema names.
const KINDS = [
  "code",
  "acknowledgment",
  "extension",
  "rejection",
  "completion",
] as const satisfies readonly ShopperMailKind[];
// Each language by its own name: the merchant picks the language their customers read.
const LOCALE_NAMES: Record<(typeof SUPPORTED_LOCALES)[number], string> = {
  da: "Dansk",
  de: "Deutsch",
  en: "English",
  es: "Español",
  fr: "Français",
  it: "Italiano",
  ja: "日本語",
  nl: "Nederlands",
  pl: "Polski",
  "pt-BR": "Português (Brasil)",
  sv: "Svenska",
};

const Choice = z.object({
  template: z.enum(KINDS).default("code"),
  locale: z.enum(SUPPORTED_LOCALES).default("en"),
});

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const query = new URL(request.url).searchParams;
  // The email's language is `mailLocale`: `locale` is the admin's own, which Shopify passes to embedded apps.
  const choice = Choice.safeParse({
    template: query.get("template") ?? undefined,
    locale: query.get("mailLocale") ?? undefined,
  });
  if (!choice.success)
    throw new Response("Choose an email and a language from the lists.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  return json(
    {
      ...choice.data,
      ...(await editorData(
        staff.shop,
        choice.data.template,
        choice.data.locale
      )),
      pageMessages: await pageMessages({ request, context }, staff, ["emails", "digest", "rights", "requestType", "requestStatus"]),
    },
    { headers: { "Cache-Control": "no-store" } }
  );
};

const Edit = Choice.extend({
  intent: z.enum(["preview", "save", "reset"]),
  template: z.enum(KINDS),
  locale: z.enum(SUPPORTED_LOCALES),
  subject: z.string().max(10_000).default(""),
  body: z.string().max(50_000).default(""),
});

type Problems = { subject?: OverrideProblem; body?: OverrideProblem };
interface Reply {
  ok: boolean;
  /** An `admin` catalog key. */
  message: string;
  problems: Problems;
  preview: { subject: string; text: string } | null;
}
const reply = (body: Reply, status = 200) => json(body, { status });

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "emails.manage");
  const parsed = Edit.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success)
    return reply(
      { ok: false, message: "emails.badForm", problems: {}, preview: null },
      400
    );
  const { intent, template, locale, subject, body } = parsed.data;
  const now = new Date();
  if (intent === "reset") {
    const removed = await resetOverride(staff, template, locale, now);
    return reply({
      ok: true,
      message: removed ? "emails.resetDone" : "emails.nothingToReset",
      problems: {},
      preview: null,
    });
  }
  try {
    if (intent === "preview") {
      const mail = previewOverride(template, locale, { subject, body });
      return reply({
        ok: true,
        message: "emails.previewReady",
        problems: {},
        preview: { subject: mail.subject, text: mail.text },
      });
    }
    await saveOverride(staff, template, locale, { subject, body }, now);
    return reply({
      ok: true,
      message: "emails.saved",
      problems: {},
      preview: null,
    });
  } catch (error) {
    if (error instanceof OverrideInvalid)
      return reply(
        {
          ok: false,
          message: "emails.invalid",
          problems: error.problems,
          preview: null,
        },
        422
      );
    throw error;
  }
};

function useProblemText() {
  const t = useT();
  return (problem: OverrideProblem | undefined) => {
    if (!problem) return undefined;
    switch (problem.kind) {
      case "empty":
        return t("emails.problem.empty");
      case "too_long":
        return t("emails.problem.tooLong", { max: problem.max });
      case "malformed":
        return t("emails.problem.malformed", { name: "{{name}}" });
      case "unknown":
        return t("emails.problem.unknown", {
          placeholder: `{{${problem.placeholder}}}`,
        });
      case "missing":
        return t("emails.problem.missing", {
          placeholder: `{{${problem.placeholder}}}`,
        });
    }
  };
}

function Placeholders({ label, names }: { label: string; names: string[] }) {
  return (
    <InlineStack gap="150" blockAlign="center" wrap>
      <Text as="span" tone="subdued">
        {label}
      </Text>
      {names.map((name) => (
        <code key={name} data-literal-placeholder="" data-untranslated="">{`{{${name}}}`}</code>
      ))}
    </InlineStack>
  );
}

function MailPreview({
  title,
  mail,
}: {
  title: string;
  mail: { subject: string; text: string };
}) {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {/* The email itself is in the language chosen for it, not the admin's (data-untranslated). */}
        <div data-untranslated="">
          <Text as="p" fontWeight="semibold">
            {t("emails.subjectLine", { subject: mail.subject })}
          </Text>
        </div>
        <Box background="bg-surface-secondary" padding="300" borderRadius="200">
          <div
            data-untranslated=""
            data-testid={title}
            style={{
              whiteSpace: "pre-wrap",
              overflowWrap: "anywhere",
              fontFamily: "inherit",
              margin: 0,
            }}
          >
            {mail.text}
          </div>
        </Box>
      </BlockStack>
    </Card>
  );
}

function Editor() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const problemText = useProblemText();
  const busy = useNavigation().state !== "idle";
  const canEdit = useCan()("emails.manage");
  const [subject, setSubject] = useState(data.override?.subject ?? "");
  const [body, setBody] = useState(data.override?.body ?? "");
  const problems: Problems = result?.problems ?? {};
  const preview = result?.preview ?? null;
  const submit = useSubmit();
  const send = (intent: "preview" | "save" | "reset") =>
    submit(
      { intent, template: data.template, locale: data.locale, subject, body },
      { method: "post" }
    );
  return (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          {result ? (
            <Banner tone={result.ok ? "success" : "critical"}>
              {t(result.message)}
            </Banner>
          ) : null}
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {t("emails.yourText")}
                </Text>
                {data.override ? (
                  <Badge tone="info">{t("emails.overridden")}</Badge>
                ) : (
                  <Badge>{t("emails.usingDefault")}</Badge>
                )}
              </InlineStack>
              <Placeholders
                label={t("emails.allowedLabel")}
                names={data.allowed}
              />
              <Placeholders
                label={t("emails.requiredLabel")}
                names={data.required}
              />
              <TextField
                label={t("emails.subject")}
                name="subject"
                value={subject}
                onChange={setSubject}
                autoComplete="off"
                disabled={!canEdit}
                error={problemText(problems.subject)}
              />
              <TextField
                label={t("emails.body")}
                name="body"
                value={body}
                onChange={setBody}
                autoComplete="off"
                multiline={10}
                disabled={!canEdit}
                error={problemText(problems.body)}
                helpText={t("emails.bodyHelp")}
              />
              {canEdit ? (
                <InlineStack gap="200">
                  <Button onClick={() => send("preview")} loading={busy}>
                    {t("emails.preview")}
                  </Button>
                  <Button
                    onClick={() => send("save")}
                    variant="primary"
                    loading={busy}
                  >
                    {t("common.save")}
                  </Button>
                  <Button
                    onClick={() => send("reset")}
                    tone="critical"
                    disabled={!data.override}
                    loading={busy}
                  >
                    {t("emails.reset")}
                  </Button>
                </InlineStack>
              ) : (
                <Text as="p" tone="subdued">
                  {t("emails.readOnly")}
                </Text>
              )}
            </BlockStack>
          </Card>
        </BlockStack>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <BlockStack gap="400">
          {preview ? (
            <MailPreview title={t("emails.previewTitle")} mail={preview} />
          ) : null}
          <MailPreview
            title={t("emails.defaultTitle")}
            mail={data.defaultSample}
          />
        </BlockStack>
      </Layout.Section>
    </Layout>
  );
}

export default function EmailTexts() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const navigate = useNavigate();
  const go = (template: string, locale: string) =>
    navigate(
      `/app/settings/emails?${new URLSearchParams({
        template,
        mailLocale: locale,
      }).toString()}`
    );
  return (
    <Page
      title={t("emails.title")}
      subtitle={t("emails.subtitle")}
      backAction={{ content: t("nav.settings"), url: "/app/settings" }}
    >
      <BlockStack gap="400">
        <Card>
          <InlineStack gap="400" wrap>
            <Select
              label={t("emails.template")}
              options={KINDS.map((k) => ({
                label: t(`emails.kind.${k}`),
                value: k,
              }))}
              value={data.template}
              onChange={(v) => go(v, data.locale)}
            />
            <Select
              label={t("emails.language")}
              options={SUPPORTED_LOCALES.map((l) => ({
                label: LOCALE_NAMES[l],
                value: l,
              }))}
              value={data.locale}
              onChange={(v) => go(data.template, v)}
            />
          </InlineStack>
        </Card>
        <Editor
          key={`${data.template}:${data.locale}:${data.updatedAt ?? "default"}`}
        />
      </BlockStack>
    </Page>
  );
}
