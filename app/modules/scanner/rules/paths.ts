// Which storefront pages a scan visits, and what it refuses. Pure.
export const MAX_EXTRA_PATHS = 10;

/** A merchant's extra path: same-origin, absolute path, no scheme tricks, at most 200 characters. */
export function parseExtraPath(input: string): string | null {
  const p = input.trim();
  if (!p.startsWith("/") || p.startsWith("//") || p.length > 200 || /[\s\\]/.test(p)) return null;
  try {
    const url = new URL(p, "https://shop.invalid");
    return url.host === "shop.invalid" ? url.pathname + url.search : null;
  } catch {
    return null;
  }
}

export function parseExtraPaths(text: string): { paths: string[]; rejected: string[] } {
  const paths: string[] = [];
  const rejected: string[] = [];
  for (const line of text.split(/[\r\n,]+/).map((l) => l.trim()).filter(Boolean)) {
    const p = parseExtraPath(line);
    if (p && !paths.includes(p)) paths.push(p);
    else if (!p) rejected.push(line.slice(0, 80));
  }
  return { paths: paths.slice(0, MAX_EXTRA_PATHS), rejected };
}

/** Joins a path to the storefront base (which may itself have a path prefix, as the sandbox's /trackers). */
export function pageUrl(base: string, path: string): string {
  const b = new URL(base);
  const prefix = b.pathname.replace(/\/$/, "");
  return `${b.origin}${prefix}${path === "/" ? "" : path}` || `${b.origin}/`;
}

/** Only the storefront's own origin may be navigated to. */
export function sameOrigin(base: string, url: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}
