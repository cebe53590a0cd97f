import { isIP } from "node:net";

/**
 * The client's address for rate limits, from X-Forwarded-For as server/start.mjs passes it on (the
 * connecting peer appended last). Each trusted hop is a proxy in front of the app that appends the
 * address it saw (Fly, Render, Heroku: 1); Shopify's app proxy is one more for requests it signed.
 * Entries further left were written by the client and are never used. Null when the chain is
 * shorter than the trusted hops or the entry is not an IP address: callers then apply only their
 * per-shop or per-endpoint ceilings.
 */
export function clientAddress(forwardedFor: string | null, trustedHops: number): string | null {
  if (!forwardedFor) return null;
  const entries = forwardedFor.split(",").map((entry) => entry.trim());
  const index = entries.length - 1 - trustedHops;
  if (index < 0) return null;
  return normaliseAddress(entries[index]!);
}

/** An IP address without port, brackets or IPv4-mapped prefix; null when it is none. */
export function normaliseAddress(entry: string): string | null {
  let value = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(value)) value = value.slice(7);
  if (isIP(value) === 0) return null;
  return value.toLowerCase();
}
