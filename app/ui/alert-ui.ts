import type { BadgeProps } from "@shopify/polaris";

export const SEVERITY_TONE: Record<"high" | "medium" | "low", BadgeProps["tone"]> = { high: "critical", medium: "warning", low: "info" };
export const STATUS_TONE: Record<"new" | "acknowledged" | "resolved", BadgeProps["tone"]> = { new: "attention", acknowledged: "info", resolved: "success" };
