import { REGULATIONS, type Regulation } from "./";

/**
 * The storefront form does not say where the shopper is, so one rule covers every storefront
 * request: GDPR when the shop has it enabled (the default), else UK GDPR, else the first other
 * enabled regulation in the order of REGULATIONS; GDPR when the setting names nothing usable.
 * The merchant sees the regulation on the request and can act within the shortest deadline anyway.
 */
export function storefrontRegulation(enabled: string | null | undefined): Regulation {
  const listed = (enabled ?? "gdpr").split(",").map((r) => r.trim());
  const usable = REGULATIONS.filter((r) => r !== "shopify" && listed.includes(r));
  if (usable.includes("gdpr")) return "gdpr";
  if (usable.includes("uk_gdpr")) return "uk_gdpr";
  return usable[0] ?? "gdpr";
}
