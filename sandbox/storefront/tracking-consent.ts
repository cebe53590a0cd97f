// Shopify's `_tracking_consent` cookie as the storefront writes it today (format "3"), so the
// sandbox keeps the visitor's choice exactly where the tracker blocker reads it:
//   3<choices>.<purposes>_<region>_<display banner t|f>_<sale-of-data region t|f>_<consent id>
// <choices>: one letter per category the visitor decided (a analytics, m marketing, p preferences,
// s sale of data), upper case for yes, lower case for no, absent when undecided. <purposes>: upper
// case letters of what may be processed now (the decision, or the region's default when undecided).
// The older JSON form ({"con":{"CMP":{"a":"1",...}},"v":"2.1",...}) is read by the blocker too.
import { randomBytes } from "node:crypto";
import type { ConsentCategory, ConsentValue, VisitorConsent } from "./render";

export const TRACKING_CONSENT_COOKIE = "_tracking_consent";

const LETTERS: Record<ConsentCategory, string> = { analytics: "a", marketing: "m", preferences: "p", sale_of_data: "s" };

export interface TrackingConsent {
  consent: VisitorConsent;
  region: string;
  displayBanner: boolean;
  saleOfDataRegion: boolean;
  consentId?: string;
}

export function encodeTrackingConsent(t: TrackingConsent): string {
  let choices = "";
  let purposes = "";
  for (const [category, letter] of Object.entries(LETTERS) as [ConsentCategory, string][]) {
    const value = t.consent[category];
    if (value === "yes") choices += letter.toUpperCase();
    if (value === "no") choices += letter;
    if (value === "yes" || (value === "" && !t.displayBanner)) purposes += letter.toUpperCase();
  }
  const id = (t.consentId ?? randomBytes(16).toString("base64")).replace(/\//g, "*").replace(/\+/g, "-").replace(/=+$/, "");
  return `3${choices}.${purposes}_${t.region}_${t.displayBanner ? "t" : "f"}_${t.saleOfDataRegion ? "t" : "f"}_${id}`;
}

export function decodeTrackingConsent(raw: string): VisitorConsent | null {
  const value = raw.startsWith("3") ? raw : decodeURIComponent(raw);
  if (!value.startsWith("3")) return null;
  const choices = value.slice(1).split("_")[0]?.split(".")[0] ?? "";
  const read = (letter: string): ConsentValue =>
    choices.includes(letter.toUpperCase()) ? "yes" : choices.includes(letter) ? "no" : "";
  return { analytics: read("a"), marketing: read("m"), preferences: read("p"), sale_of_data: read("s") };
}
