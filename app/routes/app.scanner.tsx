import { readForm } from "../platform/http/form.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, DataTable, FormLayout, InlineStack, Layout, Page, ProgressBar, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { DownloadButton } from "../ui/download-button";
import { formatDate } from "../ui/format";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";
import { useT, type Translate } from "../ui/i18n";
import { useCan } from "../ui/permissions";
import { DeclarationEditSchema, getDeclaration, getScanReport, getScannerSettings, requestScan, saveDeclarationEdit, saveScannerSettings, ScannerSettingsSchema } from "../modules/scanner/scanner.server";
import type { Finding } from "../modules/scanner/rules/findings";
import { requireStaff } from "../modules/team/staff.server";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const [report, settings, declaration] = await Promise.all([getScanReport(staff), getScannerSettings(staff), getDeclaration(staff.shop, { includeHidden: true })]);
  return json({ report, settings, declaration, pageMessages: await pageMessages({ request, context }, staff, ["scanner", "trackerCategory", "audit.exportCsv", "download"]) }, { headers: { "Cache-Control": "no-store" } });
};

const Intent = z.enum(["scan", "settings", "declaration"]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "settings.manage");
  const form = await readForm(request);
  const intent = Intent.safeParse(form.get("intent"));
  const t = await staffTranslator(request, staff);
  if (!intent.success) return json({ ok: false as const, message: t("scanner.result.unknown"), fields: {} as Record<string, string> }, { status: 400 });
  if (intent.data === "scan") {
    const { created } = await requestScan(staff.shop, "manual", new Date());
    return json({ ok: true as const, message: created ? t("scanner.result.started") : t("scanner.result.running"), fields: {} as Record<string, string> });
  }
  if (intent.data === "declaration") {
    const edit = DeclarationEditSchema.safeParse(Object.fromEntries([...form].filter(([, v]) => v !== "")));
    if (!edit.success) return json({ ok: false as const, message: t("scanner.result.checkEntry"), fields: {} as Record<string, string> }, { status: 422 });
    await saveDeclarationEdit(staff, edit.data);
    return json({ ok: true as const, message: t("scanner.result.declarationSaved"), fields: {} as Record<string, string> });
  }
  const parsed = ScannerSettingsSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return json({ ok: false as const, message: t("scanner.result.checkSettings"), fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }, { status: 422 });
  }
  const saved = await saveScannerSettings(staff, parsed.data, new Date());
  if (!saved.ok) return json({ ok: false as const, message: t("scanner.result.checkSettings"), fields: saved.fields }, { status: 422 });
  return json({ ok: true as const, message: t("scanner.result.settingsSaved"), fields: {} as Record<string, string> });
};

function findingRows(t: Translate, findings: Finding[]) {
  return findings.map((f) => [
    f.beforeConsent && f.category !== "necessary" ? (
      <span data-violation key="v">
        <Badge tone="critical">{t("scanner.before")}</Badge>
      </span>
    ) : f.beforeConsent ? (
      <Badge key="n">{t("scanner.beforeNecessary")}</Badge>
    ) : (
      <Badge key="a" tone="success">
        {t("scanner.after")}
      </Badge>
    ),
    t(`scanner.kind.${f.kind}`),
    <span key="n" data-finding={`${f.kind}:${f.name}`}>
      {f.name}
    </span>,
    f.category === "unclassified" ? <Badge tone="attention">{t("scanner.unclassified")}</Badge> : t(`trackerCategory.${f.category}`),
    f.provider ?? "",
    f.firstParty ? t("scanner.firstParty") : t("scanner.thirdParty", { domain: f.domain }),
    f.expiresInDays === null ? "" : t("common.days", { count: f.expiresInDays }),
  ]);
}

type DeclarationRow = { key: string; name: string; category: string; provider: string; purpose: string; retention: string; hidden: boolean };

function DeclarationEditor({ entry, categories, disabled }: { entry: DeclarationRow; categories: readonly string[]; disabled: boolean }) {
  const [category, setCategory] = useState(entry.category);
  const [provider, setProvider] = useState(entry.provider);
  const [purpose, setPurpose] = useState(entry.purpose);
  const [retention, setRetention] = useState(entry.retention);
  const [hidden, setHidden] = useState(entry.hidden);
  const t = useT();
  return (
    <Form method="post" data-declaration-entry={entry.key}>
      <input type="hidden" name="intent" value="declaration" />
      <input type="hidden" name="key" value={entry.key} />
      {hidden ? <input type="hidden" name="hidden" value="on" /> : null}
      <FormLayout>
        <FormLayout.Group condensed>
          <Select label={t("scanner.categoryOf", { name: entry.name })} name="category" options={[...categories, "unclassified"].map((c) => ({ label: c === "unclassified" ? t("scanner.unclassified") : t(`trackerCategory.${c}`), value: c }))} value={category} onChange={setCategory} disabled={disabled} />
          <TextField label={t("scanner.provider")} name="provider" value={provider} onChange={setProvider} autoComplete="off" disabled={disabled} />
          <TextField label={t("scanner.purpose")} name="purpose" value={purpose} onChange={setPurpose} autoComplete="off" disabled={disabled} />
          <TextField label={t("scanner.retention")} name="retention" value={retention} onChange={setRetention} autoComplete="off" disabled={disabled} />
        </FormLayout.Group>
        <InlineStack gap="300" blockAlign="center">
          <Checkbox label={t("scanner.leaveOut")} checked={hidden} onChange={setHidden} disabled={disabled} />
          <Button submit disabled={disabled}>{t("scanner.saveEntry", { name: entry.name })}</Button>
        </InlineStack>
      </FormLayout>
    </Form>
  );
}

export default function Scanner() {
  const { report, settings, declaration } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const canManage = useCan()("settings.manage");
  const { revalidate, state } = useRevalidator();
  const running = report.latest && (report.latest.status === "queued" || report.latest.status === "running");
  const [extraPaths, setExtraPaths] = useState(settings.extraPaths.join("\n"));
  const [password, setPassword] = useState("");
  const [clear, setClear] = useState(false);
  const [schedule, setSchedule] = useState(settings.scheduleEnabled);
  const t = useT();

  // A saved password is never shown again.
  useEffect(() => {
    if (result?.ok) {
      setPassword("");
      setClear(false);
    }
  }, [result]);

  // Progress while a scan runs.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => state === "idle" && revalidate(), 2000);
    return () => clearInterval(timer);
  }, [running, revalidate, state]);

  const scan = report.report;
  const violations = scan ? scan.findings.filter((f) => f.beforeConsent && f.category !== "necessary") : [];
  const byCategory = scan ? Object.entries(scan.findings.reduce<Record<string, number>>((acc, f) => ({ ...acc, [f.category]: (acc[f.category] ?? 0) + 1 }), {})) : [];
  const byProvider = scan ? Object.entries(scan.findings.reduce<Record<string, number>>((acc, f) => (f.provider ? { ...acc, [f.provider]: (acc[f.provider] ?? 0) + 1 } : acc), {})).sort() : [];

  return (
    <Page title={t("nav.scanner")} subtitle={t("scanner.subtitle")}>
      <BlockStack gap="400">
        {result ? <Banner tone={result.ok ? "success" : "critical"}>{result.message}</Banner> : null}
        <Card>
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {t("scanner.scan")}
              </Text>
              {canManage ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="scan" />
                  <Button submit variant="primary" loading={busy} disabled={Boolean(running)}>
                    {t("scanner.scanNow")}
                  </Button>
                </Form>
              ) : null}
            </InlineStack>
            {report.latest ? (
              <BlockStack gap="200">
                <Text as="p">
                  <span data-scan-status={report.latest.status} />
                  {t("scanner.latest", { status: t(`scanner.status.${report.latest.status}`), trigger: report.latest.trigger === "schedule" ? t("scanner.weekly") : t("scanner.onDemand"), date: formatDate(report.latest.requestedAt) })}
                  {report.latest.error ? ` — ${report.latest.error === "chromium_missing" ? t("scanner.noBrowser") : t("scanner.couldNotFinish")}` : ""}
                </Text>
                {running ? <ProgressBar progress={report.latest.progress.total ? Math.round((100 * report.latest.progress.done) / report.latest.progress.total) : 0} size="small" /> : null}
              </BlockStack>
            ) : (
              <Text as="p">{t("scanner.none")}</Text>
            )}
          </BlockStack>
        </Card>
        {scan ? (
          <>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("scanner.reportOf", { date: formatDate(scan.finishedAt) })}
                </Text>
                {violations.length ? (
                  <Banner tone="critical" title={t("scanner.violations", { count: violations.length })}>
                    <p>{t("scanner.violationsBody")}</p>
                  </Banner>
                ) : (
                  <Banner tone="success">{t("scanner.clean")}</Banner>
                )}
                {report.diff ? (
                  <Text as="p">
                    <span data-diff />
                    {t("scanner.diff", { date: formatDate(report.previousAt), added: report.diff.added.length, removed: report.diff.removed.length, violations: report.diff.newViolations.length })}
                  </Text>
                ) : null}
                <InlineStack gap="200">
                  {byCategory.map(([c, n]) => (
                    <Badge key={c} tone={c === "unclassified" ? "attention" : undefined}>{`${c === "unclassified" ? t("scanner.unclassified") : t(`trackerCategory.${c}`)}: ${n}`}</Badge>
                  ))}
                </InlineStack>
                <Text as="p" tone="subdued">
                  {t("scanner.providers", { list: byProvider.map(([p, n]) => `${p} (${n})`).join(", ") || t("scanner.noProviders") })}
                </Text>
                {scan.issues.length ? (
                  <Banner tone="warning" title={t("scanner.limited")}>
                    <ul>
                      {scan.issues.map((i) => (
                        <li key={i}>{i}</li>
                      ))}
                    </ul>
                  </Banner>
                ) : null}
                <InlineStack>
                  <DownloadButton href={`/app/scanner/export?scan=${scan.id}`} filename={`tracker-scan-${scan.id}.csv`}>
                    {t("audit.exportCsv")}
                  </DownloadButton>
                </InlineStack>
              </BlockStack>
            </Card>
            <Card padding="0">
              <DataTable
                columnContentTypes={["text", "text", "text", "text", "text", "text", "text"]}
                headings={[t("scanner.column.when"), t("scanner.column.kind"), t("scanner.column.name"), t("scanner.column.category"), t("scanner.provider"), t("scanner.column.party"), t("scanner.column.expires")]}
                rows={findingRows(t, scan.findings)}
              />
            </Card>
          </>
        ) : null}
        {declaration.entries.length ? (
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("scanner.declaration")}
              </Text>
              <Text as="p" tone="subdued">
                {t("scanner.declarationBody")}
              </Text>
              {declaration.entries.map((e) => (
                <DeclarationEditor key={e.key} entry={e} categories={report.categories} disabled={!canManage} />
              ))}
            </BlockStack>
          </Card>
        ) : null}
        <Layout>
          <Layout.Section variant="oneHalf">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("scanner.presets")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("scanner.presetsBody")}
                </Text>
                <DataTable columnContentTypes={["text", "text", "text"]} headings={[t("scanner.column.preset"), t("scanner.column.category"), t("scanner.column.hosts")]} rows={report.presets.map((p) => [p.provider, t(`trackerCategory.${p.category}`), p.hosts.join(", ")])} />
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <Card>
              <Form method="post">
                <input type="hidden" name="intent" value="settings" />
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    {t("scanner.settings")}
                  </Text>
                  <TextField label={t("scanner.extraPages")} name="extraPaths" multiline={3} value={extraPaths} onChange={setExtraPaths} autoComplete="off" helpText={t("scanner.extraPagesHelp")} error={result?.fields.extraPaths} disabled={!canManage} />
                  <TextField
                    label={t("scanner.password")}
                    name="password"
                    type="password"
                    value={password}
                    onChange={setPassword}
                    autoComplete="off"
                    helpText={settings.hasPassword ? t("scanner.passwordStored") : t("scanner.passwordHelp")}
                    disabled={!canManage}
                  />
                  {settings.hasPassword ? <Checkbox label={t("scanner.removePassword")} name="clearPassword" checked={clear} onChange={setClear} disabled={!canManage} /> : null}
                  {clear ? <input type="hidden" name="clearPassword" value="on" /> : null}
                  <Checkbox label={t("scanner.weeklyScan")} checked={schedule} onChange={setSchedule} disabled={!canManage} />
                  {schedule ? <input type="hidden" name="scheduleEnabled" value="on" /> : null}
                  <Box>
                    <Button submit loading={busy} disabled={!canManage}>
                      {t("scanner.saveSettings")}
                    </Button>
                  </Box>
                </FormLayout>
              </Form>
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
