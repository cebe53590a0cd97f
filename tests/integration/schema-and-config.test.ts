import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/app-server";
import { createTestDatabase, testDatabaseKind } from "../helpers/database";

function prisma(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, [join(ROOT, "node_modules/prisma/build/index.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" },
  });
}

describe("migrations", () => {
  it(`the committed ${testDatabaseKind()} migrations produce exactly prisma/models.prisma`, async () => {
    const database = await createTestDatabase();
    try {
      const provider = database.kind;
      const diff = prisma(
        ["migrate", "diff", "--from-migrations", `prisma/${provider}/migrations`, "--to-schema-datamodel", `prisma/${provider}/schema.prisma`, "--exit-code"],
        database.url,
      );
      expect(diff.stdout + diff.stderr).toContain("No difference detected");
      expect(diff.status).toBe(0);
    } finally {
      await database.drop();
    }
  }, 120_000);

  it("the generated schemas are up to date with models.prisma", () => {
    const check = spawnSync(process.execPath, ["scripts/prisma-schemas.mjs", "--check"], { cwd: ROOT, encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });
});

describe("shopify.app.toml", () => {
  const toml = readFileSync(join(ROOT, "shopify.app.toml"), "utf8");
  const shopifyServer = readFileSync(join(ROOT, "app/platform/shopify/shopify.server.ts"), "utf8");

  it("pins the same API version as shopifyApp", () => {
    const tomlVersion = /api_version\s*=\s*"([^"]+)"/.exec(toml)?.[1];
    const enumName = /SHOPIFY_API_VERSION = ApiVersion\.(\w+)/.exec(shopifyServer)?.[1];
    const months: Record<string, string> = { January: "01", April: "04", July: "07", October: "10" };
    const [, month, yy] = /^([A-Z][a-z]+)(\d\d)$/.exec(enumName ?? "") ?? [];
    expect(tomlVersion).toBe(`20${yy}-${months[month ?? ""]}`);
  });

  it("subscribes every compliance topic and app/uninstalled to routes that exist", () => {
    expect(toml).toMatch(/compliance_topics = \["customers\/data_request", "customers\/redact", "shop\/redact"\]/);
    const uris = [...toml.matchAll(/uri = "([^"]+)"/g)].map((m) => m[1]!);
    expect(uris).toEqual(["/webhooks/compliance", "/webhooks/app/uninstalled", "/webhooks/app/scopes_update"]);
    for (const uri of uris) {
      const file = join(ROOT, "app/routes", `${uri.slice(1).replaceAll("/", ".")}.tsx`);
      expect(readFileSync(file, "utf8")).toContain("receiveWebhook");
    }
  });

  it("declares the app proxy the storefront uses", () => {
    expect(toml).toMatch(/\[app_proxy\][^[]*prefix = "apps"[^[]*subpath = "privacy"/s);
  });
});
