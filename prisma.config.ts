// Prisma CLI configuration: the driver-adapter ("js") engine, so migrations run without downloading
// a native schema engine (see docs/decisions/0002-prisma-driver-adapters.md). The provider follows
// DATABASE_URL: file: is SQLite, postgres:// is PostgreSQL, each with its own schema and migrations.
import { defineConfig } from "prisma/config";
import { sqliteAdapterFactory, postgresMigrationAdapterFactory } from "./prisma/adapters";

const url = process.env.DATABASE_URL ?? "file:./.local/dev.sqlite";
const provider = url.startsWith("file:") ? "sqlite" : "postgres";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  adapter: async () => (provider === "sqlite" ? sqliteAdapterFactory(url) : postgresMigrationAdapterFactory(url)),
});
