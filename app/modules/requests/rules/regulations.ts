import type { RequestType } from "./states";

/**
 * The privacy laws a request can fall under, and what each says about each right. Pure data plus
 * the mapping from the shopper's region (Shopify's `customerPrivacy.getRegion()`: an ISO 3166-1
 * country, optionally followed by the ISO 3166-2 subdivision, e.g. "DE", "USCA", "CAQC").
 * Sources: GDPR art. 12(3), UK GDPR art. 12(3), Swiss FADP art. 25(7) with FADO art. 18, CCPA
 * §1798.130 and CCPA regs §7026(f), Va. Code §59.1-577, C.R.S. §6-1-1306 and 4 CCR 904-3 Rule 4.03,
 * Conn. Gen. Stat. §42-520, Utah Code §13-61-203, Tex. Bus. & Com. Code §541.052, ORS 646A.576,
 * LGPD art. 19, PIPEDA s. 8(3)-(4) and Sch. 1 4.9, Quebec Private Sector Act s. 32 (Law 25).
 */
export const REGULATIONS = [
  "gdpr",
  "uk_gdpr",
  "swiss_fadp",
  "ccpa",
  "us_va",
  "us_co",
  "us_ct",
  "us_ut",
  "us_tx",
  "us_or",
  "lgpd",
  "pipeda",
  "quebec",
  "shopify",
] as const;
export type Regulation = (typeof REGULATIONS)[number];

export function isRegulation(value: unknown): value is Regulation {
  return typeof value === "string" && (REGULATIONS as readonly string[]).includes(value);
}

/** A period. Business days are Monday to Friday in the regulation's time zone (see deadlines.ts). */
export type Span = { months: number } | { days: number } | { businessDays: number };

export interface RightRule {
  /** False where the law gives no such right; the shop may still honour it, within the same period. */
  exists: boolean;
  /** Where the right (or its absence) comes from. */
  basis: string;
  /** Whether identity must be confirmed before acting. Never for opt-outs of sale/sharing. */
  verify: boolean;
  period: Span;
  /** One extension at most; null when the law allows none. */
  extension: Span | null;
  /** What the requester must be told, and by when, to extend. */
  extensionNotice: string | null;
}

export interface RegulationInfo {
  name: string;
  /** IANA zone in which business days are counted (only used by business-day periods). */
  timeZone: string;
  /** The regulator's cure period before enforcement, where the law has one (informational). */
  cure: string | null;
  rights: Record<RequestType, RightRule>;
}

const ONE_MONTH = { months: 1 } as const;
const GDPR_EXTENSION = { months: 2 } as const;

function gdprLike(name: string, article: string): RegulationInfo {
  const right = (basis: string): RightRule => ({
    exists: true,
    basis,
    verify: true,
    period: ONE_MONTH,
    extension: GDPR_EXTENSION,
    extensionNotice: `${article}: tell the requester of the extension and why within one month of receipt`,
  });
  return {
    name,
    timeZone: "UTC",
    cure: null,
    rights: {
      access: right("art. 15"),
      portability: right("art. 20"),
      rectification: right("art. 16"),
      erasure: right("art. 17"),
      // Objection to direct marketing (art. 21(2)-(3)) covers "do not sell or share": absolute, no doubt about identity needed.
      do_not_sell: { ...right("art. 21 (objection to direct marketing)"), verify: false },
    },
  };
}

interface UsStateInput {
  name: string;
  code: string;
  timeZone: string;
  cure: string | null;
  rectification: boolean;
  optOut: { period: Span; extension: Span | null; basis: string };
}

/** US state laws: 45 days, one 45-day extension when reasonably necessary, told within the first 45. */
function usState(input: UsStateInput): RegulationInfo {
  const right = (basis: string, exists = true): RightRule => ({
    exists,
    basis: `${input.code} ${basis}`,
    verify: true,
    period: { days: 45 },
    extension: { days: 45 },
    extensionNotice: "tell the requester of the extension and why within the first 45 days",
  });
  return {
    name: input.name,
    timeZone: input.timeZone,
    cure: input.cure,
    rights: {
      access: right("right to know/access"),
      portability: right("right to a portable copy"),
      rectification: right(input.rectification ? "right to correct" : "has no right to correct", input.rectification),
      erasure: right("right to delete"),
      do_not_sell: {
        exists: true,
        basis: `${input.code} ${input.optOut.basis}`,
        verify: false,
        period: input.optOut.period,
        extension: input.optOut.extension,
        extensionNotice: input.optOut.extension ? "tell the requester of the extension and why within the first 45 days" : null,
      },
    },
  };
}

const STATUTE_OPT_OUT = { period: { days: 45 }, extension: { days: 45 } } as const;

export const REGULATION_RULES: Record<Regulation, RegulationInfo> = {
  gdpr: gdprLike("GDPR", "GDPR art. 12(3)"),
  uk_gdpr: gdprLike("UK GDPR", "UK GDPR art. 12(3)"),
  swiss_fadp: (() => {
    // FADP art. 25(7): 30 days. FADO art. 18(2) lets the controller postpone if it tells the
    // person, within the 30 days, by when it will answer; the law sets no cap, the app allows 30 more.
    const right = (basis: string, verify = true): RightRule => ({
      exists: true,
      basis,
      verify,
      period: { days: 30 },
      extension: { days: 30 },
      extensionNotice: "FADO art. 18(2): tell the requester within the 30 days by when they will be answered",
    });
    return {
      name: "Swiss FADP",
      timeZone: "Europe/Zurich",
      cure: null,
      rights: { access: right("FADP art. 25"), portability: right("FADP art. 28"), rectification: right("FADP art. 32"), erasure: right("FADP art. 32(2)"), do_not_sell: right("FADP art. 30(2)(b) (objection)", false) },
    };
  })(),
  ccpa: {
    name: "CCPA/CPRA",
    timeZone: "America/Los_Angeles",
    cure: null,
    rights: {
      access: { exists: true, basis: "Cal. Civ. Code §1798.110", verify: true, period: { days: 45 }, extension: { days: 45 }, extensionNotice: "§1798.130(a)(2): tell the requester of the extension and why within the first 45 days" },
      portability: { exists: true, basis: "Cal. Civ. Code §1798.100(d)", verify: true, period: { days: 45 }, extension: { days: 45 }, extensionNotice: "§1798.130(a)(2): tell the requester of the extension and why within the first 45 days" },
      rectification: { exists: true, basis: "Cal. Civ. Code §1798.106", verify: true, period: { days: 45 }, extension: { days: 45 }, extensionNotice: "§1798.130(a)(2): tell the requester of the extension and why within the first 45 days" },
      erasure: { exists: true, basis: "Cal. Civ. Code §1798.105", verify: true, period: { days: 45 }, extension: { days: 45 }, extensionNotice: "§1798.130(a)(2): tell the requester of the extension and why within the first 45 days" },
      // CCPA regs §7026(f): honour an opt-out of sale/sharing within 15 business days; no verification (§7026(d)), no extension.
      do_not_sell: { exists: true, basis: "Cal. Civ. Code §1798.120, CCPA regs §7026", verify: false, period: { businessDays: 15 }, extension: null, extensionNotice: null },
    },
  },
  us_va: usState({ name: "Virginia CDPA", code: "Va. Code §59.1-577", timeZone: "America/New_York", cure: "30 days (Va. Code §59.1-584)", rectification: true, optOut: { ...STATUTE_OPT_OUT, basis: "right to opt out" } }),
  // Colorado's Rule 4.03 asks opt-outs "as soon as feasibly possible and without undue delay", within the statute's 45 days.
  us_co: usState({ name: "Colorado Privacy Act", code: "C.R.S. §6-1-1306", timeZone: "America/Denver", cure: "none since 1 January 2025", rectification: true, optOut: { ...STATUTE_OPT_OUT, basis: "right to opt out (4 CCR 904-3 Rule 4.03: without undue delay)" } }),
  us_ct: usState({ name: "Connecticut DPA", code: "Conn. Gen. Stat. §42-520", timeZone: "America/New_York", cure: "none since 1 January 2025", rectification: true, optOut: { ...STATUTE_OPT_OUT, basis: "right to opt out" } }),
  us_ut: usState({ name: "Utah CPA", code: "Utah Code §13-61-203", timeZone: "America/Denver", cure: "30 days (Utah Code §13-61-402)", rectification: false, optOut: { ...STATUTE_OPT_OUT, basis: "right to opt out" } }),
  us_tx: usState({ name: "Texas DPSA", code: "Tex. Bus. & Com. Code §541.052", timeZone: "America/Chicago", cure: "30 days (§541.154)", rectification: true, optOut: { ...STATUTE_OPT_OUT, basis: "right to opt out" } }),
  us_or: usState({ name: "Oregon CPA", code: "ORS 646A.576", timeZone: "America/Los_Angeles", cure: "none since 1 January 2026", rectification: true, optOut: { ...STATUTE_OPT_OUT, basis: "right to opt out" } }),
  lgpd: (() => {
    // Art. 19 II: a full report within 15 days. ANPD has set no other period for the other rights,
    // so the same 15 days (the shortest reading) apply to all; the law allows no extension.
    const right = (basis: string, verify = true): RightRule => ({ exists: true, basis, verify, period: { days: 15 }, extension: null, extensionNotice: null });
    return {
      name: "LGPD",
      timeZone: "America/Sao_Paulo",
      cure: null,
      rights: { access: right("art. 18 II, art. 19"), portability: right("art. 18 V"), rectification: right("art. 18 III"), erasure: right("art. 18 VI"), do_not_sell: right("art. 18 §2 (opposition), art. 18 IX (withdrawal of consent)", false) },
    };
  })(),
  pipeda: (() => {
    // PIPEDA s. 8(3): 30 days; s. 8(4): one extension of up to 30 days, told within the first 30 with the right to complain.
    const right = (basis: string, exists = true, verify = true): RightRule => ({
      exists,
      basis,
      verify,
      period: { days: 30 },
      extension: { days: 30 },
      extensionNotice: "PIPEDA s. 8(4): tell the requester within the first 30 days, with the new date and their right to complain to the Privacy Commissioner",
    });
    return {
      name: "PIPEDA",
      timeZone: "America/Toronto",
      cure: null,
      rights: {
        access: right("s. 8, Sch. 1 principle 4.9"),
        portability: right("PIPEDA has no portability right", false),
        rectification: right("Sch. 1 principle 4.9.5"),
        erasure: right("PIPEDA has no erasure right (principle 4.5.3: destroy data no longer needed)", false),
        do_not_sell: right("Sch. 1 principle 4.3.8 (withdrawal of consent)", true, false),
      },
    };
  })(),
  quebec: (() => {
    // Quebec Private Sector Act s. 32: 30 days, no extension for private enterprises.
    const right = (basis: string, verify = true): RightRule => ({ exists: true, basis, verify, period: { days: 30 }, extension: null, extensionNotice: null });
    return {
      name: "Quebec Law 25",
      timeZone: "America/Toronto",
      cure: null,
      rights: { access: right("s. 27"), portability: right("s. 27 para. 3"), rectification: right("s. 28"), erasure: right("s. 28.1"), do_not_sell: right("s. 8.3 (withdrawal of consent)", false) },
    };
  })(),
  shopify: (() => {
    const right: RightRule = { exists: true, basis: "Shopify compliance webhook", verify: false, period: { days: 30 }, extension: null, extensionNotice: null };
    return { name: "Shopify compliance webhook", timeZone: "UTC", cure: null, rights: { access: right, portability: right, rectification: right, erasure: right, do_not_sell: right } };
  })(),
};

export function rightRule(regulation: Regulation, type: RequestType): RightRule {
  return REGULATION_RULES[regulation].rights[type];
}

// ---------------------------------------------------------------------------------------------
// Region -> law

/** EU member states plus Iceland, Liechtenstein and Norway (the EEA applies GDPR). */
const EEA = new Set([
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
  "IS", "LI", "NO",
  // Outermost regions and dependencies Shopify reports with their own ISO codes but inside the EU.
  "GP", "GF", "MQ", "RE", "YT", "MF", "AX",
]);

const US_STATES: Record<string, Regulation> = { CA: "ccpa", VA: "us_va", CO: "us_co", CT: "us_ct", UT: "us_ut", TX: "us_tx", OR: "us_or" };

const REGION = /^([A-Z]{2})([A-Z0-9]{1,3})?$/;

export interface ParsedRegion {
  country: string;
  subdivision: string | null;
}

/** "USCA" -> {US, CA}; "DE" -> {DE, null}; "US-CA" also accepted; anything else null. */
export function parseRegion(value: string | null | undefined): ParsedRegion | null {
  const cleaned = (value ?? "").trim().toUpperCase().replace("-", "");
  const match = REGION.exec(cleaned);
  if (!match) return null;
  return { country: match[1]!, subdivision: match[2] ?? null };
}

/**
 * The law of a region, or null where none of the table's laws applies (the shop's default then
 * does). A US or Canadian region without its subdivision is ambiguous: "unknown".
 */
export function lawOfRegion(region: ParsedRegion): Regulation | "unknown" | null {
  const { country, subdivision } = region;
  if (EEA.has(country)) return "gdpr";
  if (country === "GB" || country === "GG" || country === "JE" || country === "IM") return "uk_gdpr";
  if (country === "CH") return "swiss_fadp";
  if (country === "BR") return "lgpd";
  if (country === "US") return subdivision ? (US_STATES[subdivision] ?? null) : "unknown";
  if (country === "CA") return subdivision ? (subdivision === "QC" ? "quebec" : "pipeda") : "unknown";
  return null;
}
