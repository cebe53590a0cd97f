import { Button } from "@shopify/polaris";
import { useState } from "react";
import type { StepUpReason } from "../modules/mfa/rules/policy";
import { StepUpModal } from "./step-up";
import { useT } from "./i18n";

/**
 * Downloads through fetch so App Bridge attaches the session token (a plain link inside the admin
 * iframe would carry no credentials), then hands the bytes to the browser as a file.
 */
export function DownloadButton({ href, filename, children }: { href: string; filename: string; children: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [stepUp, setStepUp] = useState<StepUpReason | null>(null);
  async function download() {
    setBusy(true);
    setFailed(false);
    try {
      const response = await fetch(href);
      // A download of personal data may need a fresh second factor: ask for it, then retry.
      if (response.status === 403 && response.headers.get("Content-Type")?.includes("json")) {
        const answer = (await response.json()) as { stepUp?: StepUpReason };
        if (answer.stepUp) {
          setStepUp(answer.stepUp);
          return;
        }
      }
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
    <>
      <Button onClick={download} loading={busy} tone={failed ? "critical" : undefined}>
        {failed ? t("download.failed", { label: children }) : children}
      </Button>
      {stepUp ? (
        <StepUpModal
          reason={stepUp}
          onClose={() => setStepUp(null)}
          onVerified={() => {
            setStepUp(null);
            void download();
          }}
        />
      ) : null}
    </>
  );
}
