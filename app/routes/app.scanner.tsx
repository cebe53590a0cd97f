import { readForm } from "../platform/http/form.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, DataTable, FormLayout, InlineStack, Layout, Page, ProgressBar, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { DownloadButton } from "../ui/download-button";
import { formatDate, humanise } from "../ui/format";
import { useCan } from "../ui/permissions";
import { DeclarationEditSchema, getDeclaration, getScanReport, getScannerSettings, requestScan, saveDeclarationEdit, saveScannerSettings, ScannerSettingsSchema } from "../modules/scanner/scanner.server";
import type { Finding } from "../modules/scanner/rules/findings";
import { requireStaff } from "../modules/team/staff.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  const [report, settings, declaration] = await Promise.all([getScanReport(staff), getScannerSettings(staff), getDeclaration(staff.shop, { includeHidden: true })]);
  return json({ report, settings, declaration }, { headers: { "Cache-Control": "no-store" } });
};

const Intent = z.enum(["scan", "settings", "declaration"]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "settings.manage");
  const form = await readForm(request);
  const intent = Intent.safeParse(form.get("intent"));
  if (!intent.success) return json({ ok: false as const, message: "Unknown action.", fields: {} as Record<string, string> }, { status: 400 });
  if (intent.data === "scan") {
    const { created } = await requestScan(staff.shop, "manual", new Date());
    return json({ ok: true as const, message: created ? "Scan started." : "A scan is already running.", fields: {} as Record<string, string> });
  }
  if (intent.data === "declaration") {
    const edit = DeclarationEditSchema.safeParse(Object.fromEntries([...form].filter(([, v]) => v !== "")));
    if (!edit.success) return json({ ok: false as const, message: "Check the declaration entry.", fields: {} as Record<string, string> }, { status: 422 });
    await saveDeclarationEdit(staff, edit.data);
    return json({ ok: true as const, message: "Cookie declaration saved.", fields: {} as Record<string, string> });
  }
  const parsed = ScannerSettingsSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return json({ ok: false as const, message: "Check the settings.", fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }, { status: 422 });
  }
  const saved = await saveScannerSettings(staff, parsed.data, new Date());
  if (!saved.ok) return json({ ok: false as const, message: "Check the settings.", fields: saved.fields }, { status: 422 });
  return json({ ok: true as const, message: "Scanner settings saved.", fields: {} as Record<string, string> });
};

const KIND = { cookie: "Cookie", local_storage: "Local storage", session_storage: "Session storage", request: "Request" } as const;

function findingRows(findings: Finding[]) {
  return findings.map((f) => [
    f.beforeConsent && f.category !== "necessary" ? (
      <span data-violation key="v">
        <Badge tone="critical">Before consent</Badge>
      </span>
    ) : f.beforeConsent ? (
      <Badge key="n">Before consent (necessary)</Badge>
    ) : (
      <Badge key="a" tone="success">
        After consent
      </Badge>
    ),
    KIND[f.kind],
    <span key="n" data-finding={`${f.kind}:${f.name}`}>
      {f.name}
    </span>,
    f.category === "unclassified" ? <Badge tone="attention">Unclassified</Badge> : humanise(f.category),
    f.provider ?? "",
    f.firstParty ? "First party" : `Third party (${f.domain})`,
    f.expiresInDays === null ? "" : `${f.expiresInDays} days`,
  ]);
}

type DeclarationRow = { key: string; name: string; category: string; provider: string; purpose: string; retention: string; hidden: boolean };

function DeclarationEditor({ entry, categories, disabled }: { entry: DeclarationRow; categories: readonly string[]; disabled: boolean }) {
  const [category, setCategory] = useState(entry.category);
  const [provider, setProvider] = useState(entry.provider);
  const [purpose, setPurpose] = useState(entry.purpose);
  const [retention, setRetention] = useState(entry.retention);
  const [hidden, setHidden] = useState(entry.hidden);
  return (
    <Form method="post" data-declaration-entry={entry.key}>
      <input type="hidden" name="intent" value="declaration" />
      <input type="hidden" name="key" value={entry.key} />
      {hidden ? <input type="hidden" name="hidden" value="on" /> : null}
      <FormLayout>
        <FormLayout.Group condensed>
          <Select label={`Category of ${entry.name}`} name="category" options={[...categories, "unclassified"].map((c) => ({ label: humanise(c), value: c }))} value={category} onChange={setCategory} disabled={disabled} />
          <TextField label="Provider" name="provider" value={provider} onChange={setProvider} autoComplete="off" disabled={disabled} />
          <TextField label="Purpose" name="purpose" value={purpose} onChange={setPurpose} autoComplete="off" disabled={disabled} />
          <TextField label="Retention" name="retention" value={retention} onChange={setRetention} autoComplete="off" disabled={disabled} />
        </FormLayout.Group>
        <InlineStack gap="300" blockAlign="center">
          <Checkbox label="Leave out of the declaration" checked={hidden} onChange={setHidden} disabled={disabled} />
          <Button submit disabled={disabled}>{`Save ${entry.name}`}</Button>
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
    <Page title="Tracker scanner" subtitle="What your storefront sets and calls, before and after consent">
      <BlockStack gap="400">
        {result ? <Banner tone={result.ok ? "success" : "critical"}>{result.message}</Banner> : null}
        <Card>
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h2" variant="headingMd">
                Scan
              </Text>
              {canManage ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="scan" />
                  <Button submit variant="primary" loading={busy} disabled={Boolean(running)}>
                    Scan now
                  </Button>
                </Form>
              ) : null}
            </InlineStack>
            {report.latest ? (
              <BlockStack gap="200">
                <Text as="p">
                  <span data-scan-status={report.latest.status} />
                  Latest scan: {humanise(report.latest.status)} ({report.latest.trigger === "schedule" ? "weekly schedule" : "on demand"}), requested {formatDate(report.latest.requestedAt)}
                  {report.latest.error ? ` — ${report.latest.error === "chromium_missing" ? "the scanner's browser is not installed on the server" : "the scan could not finish"}` : ""}
                </Text>
                {running ? <ProgressBar progress={report.latest.progress.total ? Math.round((100 * report.latest.progress.done) / report.latest.progress.total) : 0} size="small" /> : null}
              </BlockStack>
            ) : (
              <Text as="p">No scan yet. A scan visits your home page, a collection, a product, the cart and the privacy policy, before and after accepting all cookies.</Text>
            )}
          </BlockStack>
        </Card>
        {scan ? (
          <>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Report of {formatDate(scan.finishedAt)}
                </Text>
                {violations.length ? (
                  <Banner tone="critical" title={`${violations.length} tracker${violations.length === 1 ? "" : "s"} fire before consent`}>
                    <p>These are set or called before the shopper has chosen. Mark the tags in your theme so the consent banner holds them (see the preset list below).</p>
                  </Banner>
                ) : (
                  <Banner tone="success">Nothing but necessary cookies before consent.</Banner>
                )}
                {report.diff ? (
                  <Text as="p">
                    <span data-diff />
                    Since the scan of {formatDate(report.previousAt)}: {report.diff.added.length} new, {report.diff.removed.length} gone, {report.diff.newViolations.length} newly firing before consent.
                  </Text>
                ) : null}
                <InlineStack gap="200">
                  {byCategory.map(([c, n]) => (
                    <Badge key={c} tone={c === "unclassified" ? "attention" : undefined}>{`${humanise(c)}: ${n}`}</Badge>
                  ))}
                </InlineStack>
                <Text as="p" tone="subdued">
                  Providers: {byProvider.map(([p, n]) => `${p} (${n})`).join(", ") || "none recognised"}
                </Text>
                {scan.issues.length ? (
                  <Banner tone="warning" title="The scan was limited">
                    <ul>
                      {scan.issues.map((i) => (
                        <li key={i}>{i}</li>
                      ))}
                    </ul>
                  </Banner>
                ) : null}
                <InlineStack>
                  <DownloadButton href={`/app/scanner/export?scan=${scan.id}`} filename={`tracker-scan-${scan.id}.csv`}>
                    Export CSV
                  </DownloadButton>
                </InlineStack>
              </BlockStack>
            </Card>
            <Card padding="0">
              <DataTable
                columnContentTypes={["text", "text", "text", "text", "text", "text", "text"]}
                headings={["When", "Kind", "Name", "Category", "Provider", "Party", "Expires"]}
                rows={findingRows(scan.findings)}
              />
            </Card>
          </>
        ) : null}
        {declaration.entries.length ? (
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                Cookie declaration
              </Text>
              <Text as="p" tone="subdued">
                Shown on the storefront by the Cookie declaration app block, in the shopper&apos;s language. It follows the latest scan; what you change here is kept across scans.
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
                  Blocked until consent (presets)
                </Text>
                <Text as="p" tone="subdued">
                  The consent banner holds these until the shopper consents to their category (theme editor: App embeds, Privacy consent banner, &quot;Block trackers until the shopper consents&quot;).
                </Text>
                <DataTable columnContentTypes={["text", "text", "text"]} headings={["Preset", "Category", "Hosts"]} rows={report.presets.map((p) => [p.provider, humanise(p.category), p.hosts.join(", ")])} />
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <Card>
              <Form method="post">
                <input type="hidden" name="intent" value="settings" />
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    Scanner settings
                  </Text>
                  <TextField label="Extra pages to scan" name="extraPaths" multiline={3} value={extraPaths} onChange={setExtraPaths} autoComplete="off" helpText="One path per line, e.g. /pages/about (up to 10)." error={result?.fields.extraPaths} disabled={!canManage} />
                  <TextField
                    label="Storefront password"
                    name="password"
                    type="password"
                    value={password}
                    onChange={setPassword}
                    autoComplete="off"
                    helpText={settings.hasPassword ? "A password is stored (encrypted). Leave blank to keep it." : "Only for password-protected (development) stores. Stored encrypted."}
                    disabled={!canManage}
                  />
                  {settings.hasPassword ? <Checkbox label="Remove the stored password" name="clearPassword" checked={clear} onChange={setClear} disabled={!canManage} /> : null}
                  {clear ? <input type="hidden" name="clearPassword" value="on" /> : null}
                  <Checkbox label="Scan every week and email the notification addresses when a new tracker fires before consent" checked={schedule} onChange={setSchedule} disabled={!canManage} />
                  {schedule ? <input type="hidden" name="scheduleEnabled" value="on" /> : null}
                  <Box>
                    <Button submit loading={busy} disabled={!canManage}>
                      Save scanner settings
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
