// Per-page catalogs (ADR 0019): the layout sends LAYOUT_MESSAGES, each admin page's loader its own
// prefixes through pageMessages(). A key a page can show but nobody sends would show as the raw key:
// this reads every admin page's code (tests/helpers/catalog-sections.ts) and fails on such a key,
// including text that only appears after a click (modals, results, empty states) which the
// pseudo-locale walk in Chromium does not reach.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { admin } from "../../app/locales/admin";
import { flatten } from "../../app/modules/admin-i18n/rules/catalog";
import { LAYOUT_MESSAGES, pickMessages, underPrefix } from "../../app/modules/admin-i18n/rules/sections";
import { adminPageRoutes } from "../helpers/admin-routes";
import { ROOT } from "../helpers/app-server";
import { covered, pageKeys } from "../helpers/catalog-sections";

const english = flatten(admin.en);

/** The prefix lists a route file passes to pageMessages() (every call; one list per page in practice). */
function sentBy(file: string): string[][] {
  const source = readFileSync(join(ROOT, "app", "routes", file), "utf8");
  return [...source.matchAll(/pageMessages\(\{[^}]*\},\s*\w+,\s*\[([^\]]*)\]\)/g)].map((m) => [...m[1]!.matchAll(/"([^"]+)"/g)].map((q) => q[1]!));
}

describe("per-page admin catalogs", () => {
  const routes = adminPageRoutes();

  it("finds the admin pages and their lists", () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(sentBy("app._index.tsx")).toEqual([["overview", "setup", "breach.clock", "requestType"]]);
  });

  for (const route of routes) {
    it(`${route.file}: every catalog key its code can show is sent by the layout or its loader`, () => {
      const lists = sentBy(route.file);
      const sent = [...LAYOUT_MESSAGES, ...lists.flat()];
      const { keys, prefixes } = pageKeys(join("app", "routes", route.file));
      const missing = [...keys, ...[...prefixes].map((p) => `${p}.\${…}`)].filter((k) => !covered(sent, k.replace(/\.\$\{…\}$/, ""))).sort();
      expect(missing, `add their prefixes to the pageMessages() call in ${route.file}`).toEqual([]);
      // Every listed prefix names keys of the catalog (no typo sending nothing).
      for (const prefix of lists.flat()) expect(Object.keys(pickMessages(english, [prefix])).length, `${route.file}: "${prefix}" matches no key`).toBeGreaterThan(0);
      // A page that shows keys beyond the layout's sends them from its own loader.
      if ([...keys].some((k) => !covered([...LAYOUT_MESSAGES], k))) expect(lists.length, `${route.file} calls pageMessages()`).toBeGreaterThan(0);
    });
  }

  it("the checker finds a key that is not sent (it would show raw)", () => {
    const { keys } = pageKeys("app/routes/app._index.tsx");
    const sent = [...LAYOUT_MESSAGES, "overview", "breach.clock", "requestType"];
    expect([...keys].filter((k) => !covered(sent, k)).every((k) => k.startsWith("setup."))).toBe(true);
    expect([...keys].some((k) => !covered(sent, k))).toBe(true);
  });

  it("a prefix takes its keys and their plural forms, and nothing else", () => {
    const catalog = { "alert.count_one": "1", "alert.count_other": "n", "alert.countdown": "x", "alert.none": "a", "alert.noneBody": "b", "alerts.x": "c", "mfa.error.a": "d" };
    expect(pickMessages(catalog, ["alert.count", "alert.none", "mfa.error"])).toEqual({ "alert.count_one": "1", "alert.count_other": "n", "alert.none": "a", "mfa.error.a": "d" });
    expect(underPrefix(["alert"], "alerts.x")).toBe(false);
  });
});
