// Copies Shopify's Admin GraphQL schema for the pinned API version (ADMIN_API_VERSION) out of the
// published @shopify/dev-mcp package into sandbox/admin-api/schema/data/, with the package's ISC
// licence beside it. Only that one file is used (by the Admin API stand-in and the operation tests);
// installing the whole package would drag Hydrogen, React Router and the Shopify CLI into npm ci.
//   node scripts/vendor-admin-schema.mjs [dev-mcp version]   (default: the version in SOURCE.md)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./local-env.mjs";

const version = /ADMIN_API_VERSION = "([^"]+)"/.exec(readFileSync(join(root, "app/platform/shopify/api-version.ts"), "utf8"))?.[1];
if (!version) throw new Error("ADMIN_API_VERSION not found in app/platform/shopify/api-version.ts");
const out = join(root, "sandbox/admin-api/schema/data");
const source = join(out, "SOURCE.md");
const pinned = /@shopify\/dev-mcp@(\S+)/.exec(readFileSync(source, "utf8"))?.[1];
const packageVersion = process.argv[2] ?? pinned;
if (!packageVersion) throw new Error("give the @shopify/dev-mcp version to copy from");

const work = mkdtempSync(join(tmpdir(), "dev-mcp-"));
try {
  // npm pack fetches the tarball only: no install, no dependencies, no scripts.
  execFileSync("npm", ["pack", `@shopify/dev-mcp@${packageVersion}`, "--pack-destination", work, "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  const file = `admin_${version}.json.gz`;
  execFileSync("tar", ["-xzf", join(work, tarball), "-C", work, `package/dist/data/${file}`, "package/LICENSE"]);
  copyFileSync(join(work, "package/dist/data", file), join(out, file));
  copyFileSync(join(work, "package/LICENSE"), join(out, "LICENSE-shopify-dev-mcp"));
  const sha256 = createHash("sha256").update(readFileSync(join(out, file))).digest("hex");
  writeFileSync(
    source,
    [
      "# Vendored Shopify Admin GraphQL schema",
      "",
      `\`${file}\` is copied unchanged from \`dist/data/${file}\` of the npm package`,
      `@shopify/dev-mcp@${packageVersion} (Copyright Shopify Inc., ISC licence: LICENSE-shopify-dev-mcp, which`,
      "permits copying and redistribution with the notice kept). It is Shopify's introspection result for",
      "the Admin API plus the access scopes of each type and field (`offline_scopes`).",
      "",
      `sha256: ${sha256}`,
      "",
      "Refresh (after changing ADMIN_API_VERSION): `node scripts/vendor-admin-schema.mjs <dev-mcp version>`.",
      "",
    ].join("\n"),
  );
  console.info(`sandbox/admin-api/schema/data/${file} from @shopify/dev-mcp@${packageVersion} (sha256 ${sha256})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
