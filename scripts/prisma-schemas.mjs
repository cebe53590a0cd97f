// Writes prisma/sqlite/schema.prisma and prisma/postgres/schema.prisma from prisma/models.prisma.
// `--check` exits 1 when the written files differ from what models.prisma gives (used by tests).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const HEADERS = {
  sqlite: `generator client {
  provider   = "prisma-client-js"
  engineType = "client"
}

datasource db {
  provider = "sqlite"
  // The connection comes from the driver adapter in prisma.config.ts and app/platform/db.server.ts.
  url      = "file:./unused.sqlite"
}
`,
  postgres: `generator client {
  provider   = "prisma-client-js"
  engineType = "client"
  output     = "../../node_modules/.prisma/client-postgres"
}

datasource db {
  provider = "postgresql"
  // The connection comes from the driver adapter in prisma.config.ts and app/platform/db.server.ts.
  url      = "postgresql://unused@127.0.0.1:5432/unused"
}
`,
};

export function renderSchemas() {
  const models = readFileSync(join(root, "prisma/models.prisma"), "utf8");
  const banner = "// GENERATED from prisma/models.prisma by scripts/prisma-schemas.mjs. Do not edit.\n\n";
  return Object.fromEntries(
    Object.entries(HEADERS).map(([provider, header]) => [provider, `${banner}${header}\n${models}`]),
  );
}

const check = process.argv.includes("--check");
let stale = false;
for (const [provider, text] of Object.entries(renderSchemas())) {
  const file = join(root, "prisma", provider, "schema.prisma");
  if (check) {
    let current = "";
    try {
      current = readFileSync(file, "utf8");
    } catch {
      /* missing counts as stale */
    }
    if (current !== text) {
      console.error(`${file} is stale: run npm run db:schemas`);
      stale = true;
    }
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}
process.exit(stale ? 1 : 0);
