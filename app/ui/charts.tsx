import { Link } from "@remix-run/react";
import { Text } from "@shopify/polaris";

export interface Bar {
  label: string;
  value: number;
  /** Shown instead of the number, e.g. "3 (67% on time)". */
  text?: string;
  href?: string;
  tone?: "critical" | "warning" | "success";
}

const FILL = {
  critical: "var(--p-color-bg-fill-critical)",
  warning: "var(--p-color-bg-fill-caution)",
  success: "var(--p-color-bg-fill-success)",
  default: "var(--p-color-bg-fill-info)",
};

/**
 * A horizontal bar chart that is a table: screen readers and copy-paste get the label and number,
 * the bar itself is decoration. No chart library: a few divs, nothing to download.
 */
export function BarChart({ caption, bars }: { caption: string; bars: Bar[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <table style={{ width: "100%", borderCollapse: "collapse" }} data-chart={caption}>
      <caption style={{ textAlign: "start", paddingBlockEnd: "var(--p-space-200)" }}>
        <Text as="span" variant="headingSm">
          {caption}
        </Text>
      </caption>
      <tbody>
        {bars.map((bar) => (
          <tr key={bar.label}>
            <th scope="row" style={{ textAlign: "start", fontWeight: "normal", whiteSpace: "nowrap", paddingInlineEnd: "var(--p-space-300)", width: "1%" }}>
              {bar.href ? <Link to={bar.href}>{bar.label}</Link> : bar.label}
            </th>
            <td style={{ width: "100%", paddingBlock: "var(--p-space-100)" }}>
              <div style={{ display: "flex", alignItems: "center", gap: "var(--p-space-200)" }}>
                <div
                  aria-hidden="true"
                  style={{ height: 12, minWidth: bar.value > 0 ? 4 : 0, width: `${(bar.value / max) * 80}%`, background: FILL[bar.tone ?? "default"], borderRadius: "var(--p-border-radius-100)" }}
                />
                <Text as="span" variant="bodySm">
                  {bar.text ?? String(bar.value)}
                </Text>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
