// One process owns the embedded database. PGlite is PostgreSQL in this process's memory, writing its files in
// PGLITE_DIR: a second process that opens the same folder works on its own copy, and whichever writes last wins
// (a discussion opened by `npm run cli` beside `npm start` was gone after the bot stopped). So the owner records
// itself in a lock file beside the folder (`./data/pglite.lock`): its pid, and once it listens, the port where
// a console may hand it commands (src/console/local-endpoint.ts) with the token the file holds (mode 0600). A lock whose pid
// is no longer alive (a crash, a kill -9) is stale and taken over.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "../config";

const ownerRecord = z.object({
  pid: z.number().int().positive(),
  /** "bot": `npm start`, which takes commands from a console; "cli": a console that opened the database itself */
  kind: z.enum(["bot", "cli"]),
  /** where the bot's HTTP server listens, once it does */
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  /** a console that hands the bot a command proves with it that it could read this file */
  token: z.string().min(32),
  startedAt: z.string(),
});

export type OwnerRecord = z.output<typeof ownerRecord>;

/** The lock file of an embedded database folder: beside it, e.g. ./data/pglite.lock for ./data/pglite. */
export function lockFileOf(pgliteDir: string): string {
  return `${path.resolve(pgliteDir)}.lock`;
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live owner of the folder, if any; a stale or unreadable lock file is removed. */
export function currentOwner(pgliteDir: string): OwnerRecord | undefined {
  const file = lockFileOf(pgliteDir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let owner: OwnerRecord | undefined;
  try {
    owner = ownerRecord.parse(JSON.parse(text));
  } catch {
    owner = undefined; // garbage: the file is only ever written whole (claim links a finished file into place)
  }
  if (owner && (owner.pid === process.pid || isAlive(owner.pid))) return owner;
  try {
    unlinkSync(file);
  } catch {
    // another process removed it first
  }
  return undefined;
}

/** This process's claim on the folder. */
export class DatabaseOwnership {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(
    readonly file: string,
    private record: OwnerRecord,
  ) {
    // Removed however the process ends, short of a kill -9 (the next owner finds that lock stale).
    process.once("exit", this.onExit);
  }

  get token(): string {
    return this.record.token;
  }

  /**
   * Takes the folder for this process; undefined (and the owner) when another live process holds it. Creating the
   * file is atomic (O_EXCL), so of two processes starting together exactly one wins.
   */
  static claim(
    pgliteDir: string,
    kind: OwnerRecord["kind"],
  ): { ownership: DatabaseOwnership } | { owner: OwnerRecord } {
    const file = lockFileOf(pgliteDir);
    mkdirSync(path.dirname(file), { recursive: true });
    const record: OwnerRecord = {
      pid: process.pid,
      kind,
      host: null,
      port: null,
      token: randomBytes(32).toString("hex"),
      startedAt: new Date().toISOString(),
    };
    // Written whole under a name of this process's own, then linked into place: link fails if the lock exists.
    const draft = `${file}.${process.pid}`;
    writeFileSync(draft, JSON.stringify(record), { mode: 0o600 });
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          linkSync(draft, file);
          return { ownership: new DatabaseOwnership(file, record) };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
          const owner = currentOwner(pgliteDir);
          if (owner) return { owner };
          // it was stale and is gone: try again
        }
      }
      throw new Error(`could not take ${file}: it keeps coming back`);
    } finally {
      unlinkSync(draft);
    }
  }

  /** Says where this process listens, so a console can hand it commands. */
  listening(host: string, port: number): void {
    this.record = { ...this.record, host, port };
    const draft = `${this.file}.${process.pid}`;
    writeFileSync(draft, JSON.stringify(this.record), { mode: 0o600 });
    renameSync(draft, this.file); // a reader sees the old record or the new, never half of one
  }

  /** Gives the folder up (after the database is closed). Only this process's own lock is removed. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.off("exit", this.onExit);
    try {
      const owner = ownerRecord.safeParse(JSON.parse(readFileSync(this.file, "utf8")));
      if (owner.success && owner.data.pid === process.pid) unlinkSync(this.file);
    } catch {
      // already gone
    }
  }
}

/**
 * What a person reads when the folder is another process's: who has it and what to do. `forwardable`: what they
 * ran is a console command, which a running bot can take instead (the others, such as an import, wait for it).
 */
export function ownedElsewhere(pgliteDir: string, owner: OwnerRecord, doing: string, forwardable = true): string {
  const who =
    owner.kind === "bot"
      ? `Plan Dialogue (npm start, pid ${owner.pid}) is running on the embedded database in ${pgliteDir}`
      : `Another command (pid ${owner.pid}) has the embedded database in ${pgliteDir} open`;
  const what =
    owner.kind !== "bot"
      ? "Let it finish (type exit if it is a console) first."
      : forwardable
        ? "Type commands at its console, or run `npm run cli -- …` once it has started: it hands them to the bot."
        : "Stop it (Ctrl-C), run this, then start it again; or set DATABASE_URL to a PostgreSQL database, which many processes share.";
  return `${who}, so ${doing} would be a second writer and lose changes. ${what} If no such process runs, delete ${lockFileOf(pgliteDir)}.`;
}

/** The embedded database is another process's; the message says whose and what to do (shown without a trace). */
export class DatabaseBusyError extends ConfigError {}

/**
 * For a one-off command (an import, a grant, the seed): takes the folder for this process, or throws
 * DatabaseBusyError when another process has it. Undefined when this process owns it already (the bot, a console).
 */
export function holdEmbedded(pgliteDir: string, doing: string): DatabaseOwnership | undefined {
  if (currentOwner(pgliteDir)?.pid === process.pid) return undefined;
  const claim = DatabaseOwnership.claim(pgliteDir, "cli");
  if ("owner" in claim) throw new DatabaseBusyError(ownedElsewhere(pgliteDir, claim.owner, doing, false));
  return claim.ownership;
}
