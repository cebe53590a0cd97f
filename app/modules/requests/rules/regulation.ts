import { computeDeadline } from "./deadlines";
import { lawOfRegion, parseRegion, REGULATIONS, type Regulation } from "./regulations";
import type { RequestType } from "./states";

const STOREFRONT_REGULATIONS = REGULATIONS.filter((r) => r !== "shopify");

/** What a shop that never saved its settings is subject to (the column's default in models.prisma). */
export const DEFAULT_REGULATIONS = "gdpr,uk_gdpr,ccpa,lgpd";

/** The regulations the shop said it is subject to (Settings); null: the default; nothing usable: GDPR. */
export function enabledRegulations(setting: string | null | undefined): Regulation[] {
  const listed = (setting ?? DEFAULT_REGULATIONS).split(",").map((r) => r.trim());
  const usable = STOREFRONT_REGULATIONS.filter((r) => listed.includes(r));
  return usable.length ? usable : ["gdpr"];
}

/**
 * The shop's default for shoppers outside every law in the table: GDPR when the shop has it
 * enabled (the default), else UK GDPR, else the first other enabled regulation.
 */
export function storefrontRegulation(enabled: string | null | undefined): Regulation {
  const usable = enabledRegulations(enabled);
  if (usable.includes("gdpr")) return "gdpr";
  if (usable.includes("uk_gdpr")) return "uk_gdpr";
  return usable[0] ?? "gdpr";
}

export interface RegulationChoiceInput {
  /** `customerPrivacy.getRegion()` as the storefront sent it (a claim), or null. */
  region: string | null | undefined;
  /** The signed-in customer's country (+ province) from the theme, or null. */
  customerCountry: string | null | undefined;
  /** The shop's enabled regulations setting. */
  enabled: string | null | undefined;
  type: RequestType;
  now: Date;
}

export interface RegulationChoice {
  regulation: Regulation;
  /** How it was chosen, for the audit log and the merchant. */
  basis: "region" | "shop_default" | "unknown_region" | "disputed_region";
  /** The laws that were weighed (one unless unknown or disputed). */
  candidates: Regulation[];
  /** The normalised region claimed, e.g. "USCA", or null. */
  region: string | null;
}

/** Earliest deadline first; then the one allowing no or the shorter extension; then table order. */
export function shortestOf(candidates: readonly Regulation[], type: RequestType, now: Date): Regulation {
  const ranked = candidates.map((regulation) => {
    const d = computeDeadline({ regulation, type, receivedAt: now, verifiedAt: null, clockStart: "receipt" });
    return { regulation, due: d.dueAt.getTime(), max: d.maxExtendedDueAt?.getTime() ?? d.dueAt.getTime() };
  });
  ranked.sort((a, b) => a.due - b.due || a.max - b.max || REGULATIONS.indexOf(a.regulation) - REGULATIONS.indexOf(b.regulation));
  return ranked[0]!.regulation;
}

/**
 * The law of a storefront request. The region comes from the shopper's browser, so it is a claim:
 * it picks the law when it is clear, but it can never buy a longer deadline. Where the region is
 * missing, malformed or too coarse (a US or Canadian region without its state or province), or
 * where it and the signed-in customer's country point at different laws, the shortest deadline
 * among the laws in play wins (all the shop's enabled laws when nothing is known). A law the shop
 * has not enabled falls back to the shop's default.
 */
export function chooseRegulation(input: RegulationChoiceInput): RegulationChoice {
  const enabled = enabledRegulations(input.enabled);
  const fallback = storefrontRegulation(input.enabled);
  const resolve = (value: string | null | undefined): { law: Regulation | null; code: string } | null => {
    const parsed = parseRegion(value);
    if (!parsed) return null;
    const law = lawOfRegion(parsed);
    if (law === "unknown") return null;
    return { law: law && enabled.includes(law) ? law : null, code: parsed.country + (parsed.subdivision ?? "") };
  };
  const claimed = resolve(input.region);
  const customer = resolve(input.customerCountry);
  const regionCode = claimed?.code ?? null;
  const known = [claimed, customer].filter((x): x is { law: Regulation | null; code: string } => x !== null);
  if (known.length === 0) {
    return { regulation: shortestOf(enabled, input.type, input.now), basis: "unknown_region", candidates: enabled, region: regionCode };
  }
  const laws = [...new Set(known.map((k) => k.law ?? fallback))];
  if (laws.length > 1) return { regulation: shortestOf(laws, input.type, input.now), basis: "disputed_region", candidates: laws, region: regionCode };
  const only = known[0]!;
  return { regulation: laws[0]!, basis: only.law ? "region" : "shop_default", candidates: laws, region: regionCode };
}
