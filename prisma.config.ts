// Prisma CLI configuration. The CLI reaches the database through the same driver adapters as the app
// (PGlite by default, PostgreSQL when DATABASE_URL is set), so it works offline: no schema-engine download.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { createMigrationAdapter } from "./src/db/adapter";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => createMigrationAdapter(process.env.DATABASE_URL),
});
