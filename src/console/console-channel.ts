// The console channel: commands typed in a terminal, answered in plain text, acting as a chosen person.
// The console is the operator's tool (it runs with direct access to the database), so `--as` is trusted.
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { commands, dispatch, type InboundFile } from "../../commands";
import type { Core } from "../core";
import type { Role } from "../core/db";
import { badInput } from "../core/errors";
import { renderText } from "../reply/text";

export interface Persona {
  name: string;
  organisationCode: string;
  role: Role;
}

/** Reads `--as "Jo Smith@02N"`, `--as sam@Q51:admin`. */
export function parsePersona(text: string): Persona {
  const m = /^(.+)@([A-Za-z0-9]{3})(?::(member|admin|operator))?$/i.exec(text.trim());
  if (!m) throw badInput(`--as expects name@ORG, optionally :admin or :operator (e.g. "Jo Smith@02N"); got "${text}".`);
  return { name: m[1]!.trim(), organisationCode: m[2]!.toUpperCase(), role: (m[3]?.toUpperCase() ?? "MEMBER") as Role };
}

export class ConsoleChannel {
  private userId?: string;

  constructor(
    private readonly core: Core,
    /** where files the bot hands over (planning templates) are saved */
    private readonly filesDir = path.join(tmpdir(), "plan-dialogue-files"),
  ) {}

  /** Acts as this person from now on, registering them if new. */
  async actAs(persona: Persona): Promise<void> {
    const org = await this.core.organisations.resolve(persona.organisationCode);
    const user = {
      platform: "CONSOLE" as const,
      tenantId: "local",
      userId: `${persona.name}@${org.code}`.toLowerCase(),
      displayName: persona.name,
    };
    await this.core.people.register(user, org.code, persona.role);
    this.userId = user.userId;
  }

  /** Runs one line and returns the answer as text. */
  /** Runs one line (with any files attached) and returns the answer as text; a file it hands over is saved. */
  async run(line: string, files?: InboundFile[]): Promise<{ text: string; isError: boolean; files: string[] }> {
    const result = await dispatch(this.core, commands, line, {
      user: { platform: "CONSOLE", tenantId: "local", userId: this.userId ?? "anonymous" },
      channel: { id: "console", name: "console", tenantId: "local" },
      ...(files ? { files } : {}),
    });
    const saved: string[] = [];
    for (const block of result.reply.blocks) {
      if (block.type !== "file") continue;
      await mkdir(this.filesDir, { recursive: true });
      const file = path.join(this.filesDir, path.basename(block.fileName));
      await writeFile(file, block.content);
      saved.push(file);
    }
    const text = renderText(result.reply) + saved.map((f) => `\n\nSaved to ${f}`).join("");
    return { text, isError: !!result.reply.isError, files: saved };
  }
}
