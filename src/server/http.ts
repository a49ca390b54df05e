// The bot's one HTTP server: health and readiness here; Slack, Teams and the tab mount their routes on it.
import express, { type Express } from "express";
import type { Database } from "../db/database";
import { pendingMigrations } from "../db/migrate";

export function createHttpApp(db: Database): Express {
  const app = express();
  app.disable("x-powered-by");

  // Liveness: the process answers.
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  // Readiness: the database answers and every migration is applied.
  app.get("/readyz", async (_req, res) => {
    try {
      await db.sql.query("SELECT 1");
      const pending = await pendingMigrations(db.sql);
      if (pending.length) {
        res.status(503).json({ status: "migrations pending", pending });
        return;
      }
      res.json({ status: "ready", database: db.kind });
    } catch (error) {
      res.status(503).json({ status: "database unreachable", error: (error as Error).message });
    }
  });
  return app;
}
