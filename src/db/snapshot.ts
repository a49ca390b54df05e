// A fresh embedded database from a snapshot (issue 18). Creating a PGlite database (initdb), applying the
// migrations and loading the reference data took most of a first start; their result is the same every time for
// the same migrations, reference files and PGlite. So the first fresh database saves itself as a tarball once those
// are in (PGlite's dumpDataDir), and later fresh databases beside it open from that tarball (loadDataDir) instead.
// The tarball's name is a hash of everything that shapes it, so a changed migration, reference file, seed code or
// PGlite version makes another, and a stale one is never used. It lives in `.pglite-snapshots/` beside the data
// directory (./data/.pglite-snapshots for ./data/pglite, under /data/ which git ignores), never in git.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { readMigrations } from "./migrate";
import { referenceData, referenceSeedCode, type ReferenceData } from "./seed/reference";

/** Bumped when what a snapshot holds changes in a way the inputs below do not show. */
const FORMAT = 1;
const PREFIX = "reference-";
const SUFFIX = ".tar.gz";

export interface ReferenceSnapshot {
  /** the tarball (uncompressed) to open the fresh database from, when an earlier start made it */
  tarball?: Blob;
  /** where the snapshot is, or is to be written */
  file: string;
  /** the reference rows its hash was taken over, read once: the seed writes or counts these */
  reference: ReferenceData;
}

/** The snapshot folder for a data directory: beside it, shared by the data directories in the same place. */
export function snapshotDirFor(dataDir: string): string {
  return path.join(path.dirname(path.resolve(dataDir)), ".pglite-snapshots");
}

/** Whether a data directory already holds a database (PGlite's own test: it has PG_VERSION). */
export function hasDatabase(dataDir: string): boolean {
  return existsSync(path.join(dataDir, "PG_VERSION"));
}

/** The hash of what a snapshot holds: PGlite's version, each migration, the reference rows and the seed's code. */
export async function referenceSnapshotKey(reference: ReferenceData = referenceData()): Promise<string> {
  const migrations = await readMigrations();
  const inputs = {
    format: FORMAT,
    pglite: pgliteVersion(),
    migrations: migrations.map((m) => [m.name, m.checksum]),
    reference,
    seed: referenceSeedCode(),
  };
  return createHash("sha256").update(JSON.stringify(inputs)).digest("hex").slice(0, 32);
}

/**
 * For a data directory with no database yet: its snapshot, with the tarball when one was made before (undefined
 * when the directory has a database). A tarball that does not unpack (cut short, damaged) is deleted and not used.
 */
export async function findReferenceSnapshot(dataDir: string): Promise<ReferenceSnapshot | undefined> {
  if (hasDatabase(dataDir)) return undefined;
  const reference = referenceData();
  const file = path.join(snapshotDirFor(dataDir), `${PREFIX}${await referenceSnapshotKey(reference)}${SUFFIX}`);
  let packed: Buffer;
  try {
    packed = await readFile(file);
  } catch {
    return { file, reference };
  }
  try {
    return { file, reference, tarball: new Blob([await promisify(gunzip)(packed)]) };
  } catch {
    await rm(file, { force: true });
    return { file, reference };
  }
}

/**
 * Writes the tarball of a database (as `dumpDataDir("none")` gave it) as the snapshot: compressed, to a file of
 * its own first and renamed into place, so a reader never sees half a snapshot; older snapshots are removed.
 */
export async function saveReferenceSnapshot(snapshot: ReferenceSnapshot, tarball: Blob): Promise<void> {
  const dir = path.dirname(snapshot.file);
  await mkdir(dir, { recursive: true });
  const packed = await promisify(gzip)(new Uint8Array(await tarball.arrayBuffer()), { level: 1 });
  const partial = `${snapshot.file}.${randomUUID()}.partial`;
  try {
    await writeFile(partial, packed);
    await rename(partial, snapshot.file);
  } finally {
    await rm(partial, { force: true });
  }
  const name = path.basename(snapshot.file);
  for (const other of await readdir(dir)) {
    if (other !== name && other.startsWith(PREFIX) && other.endsWith(SUFFIX)) await rm(path.join(dir, other));
  }
}

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const manifest = path.join(path.dirname(entry), "..", "package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}
