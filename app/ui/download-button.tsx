import { Button } from "@shopify/polaris";
import { useState } from "react";
import { useT } from "./i18n";

/**
 * Downloads through fetch so App Bridge attaches the session token (a plain link inside the admin
 * iframe would carry no credentials), then hands the bytes to the browser as a file.
 */
export function DownloadButton({ href, filename, children }: { href: string; filename: string; children: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  async function download() {
    setBusy(true);
    setFailed(false);
    try {
      const response = await fetch(href);
      if (!response.ok) throw new Error(String(response.status));
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = filename;
      a.click();
      URL.revokeObjectURL(url);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button onClick={download} loading={busy} tone={failed ? "critical" : undefined}>
      {failed ? t("download.failed", { label: children }) : children}
    </Button>
  );
}
