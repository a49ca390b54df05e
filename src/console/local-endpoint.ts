// Where `npm run cli` hands its commands to a running bot on the embedded database (src/db/ownership.ts): one
// process owns that database, so a console beside `npm start` must not open it too. POST /_console/run with the
// token from the lock file; the command runs through the same ConsoleChannel and dispatch as the bot's own
// console, as the person `--as` names. The token proves the caller could read the lock file (mode 0600), which
// is what opening the database directly would need anyway: the console is the operator's tool.
import { timingSafeEqual } from "node:crypto";
import express, { type Express } from "express";
import { z } from "zod";
import type { Core } from "../core";
import { ConsoleChannel, consoleFailure, parsePersona } from "./console-channel";

export const CONSOLE_ROUTE = "/_console/run";

const request = z.object({ line: z.string().max(10_000), as: z.string().max(200).optional() });

/** What the endpoint answers: the reply as the console prints it. */
export interface ConsoleAnswer {
  text: string;
  isError: boolean;
}

export function mountConsoleEndpoint(app: Express, core: Core, token: string): void {
  app.post(CONSOLE_ROUTE, express.json({ limit: "64kb" }), async (req, res) => {
    const given = Buffer.from(/^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "");
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(401).json({ error: "the console's token from the lock file is needed" });
      return;
    }
    const body = request.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: "expected { line, as? }" });
      return;
    }
    let answer: ConsoleAnswer;
    try {
      const channel = new ConsoleChannel(core);
      if (body.data.as) await channel.actAs(parsePersona(body.data.as));
      answer = await channel.run(body.data.line);
    } catch (error) {
      answer = { text: consoleFailure(error), isError: true };
    }
    res.json(answer);
  });
}
