// The data-version read every cached answer starts with (each cache reads its own scopes: a status command's identity
// and status caches sent two), shared between callers of every cache createCore builds (it wraps their one reader here)
// without weakening "a request that starts after a write committed sees the new version" (docs/PERFORMANCE.md, "Why
// invalidation is exact"): a caller joins only a read that is sent after it arrived, never one already on its way,
// whose snapshot may predate a commit the caller has seen. While one read is in flight, everyone who arrives waits for
// the next, which is sent as soon as the first returns and reads the union of their scopes in one query; each caller
// gets exactly the string a read of its own scopes gives. Alone (nothing in flight) a read is sent at once, so a lone
// command waits for nothing.
import type { DataVersionReader } from "../indicators/data-version";

const sharedOf = new WeakMap<DataVersionReader, DataVersionReader>();

/** One sharing reader per underlying reader, so every cache built on the same one shares its reads. */
export function sharedVersionReads(read: DataVersionReader): DataVersionReader {
  let shared = sharedOf.get(read);
  if (!shared) sharedOf.set(read, (shared = share(read)));
  return shared;
}

function share(read: DataVersionReader): DataVersionReader {
  /** the read on its way, settled either way (only its end matters to those waiting) */
  let inFlight: Promise<void> | null = null;
  /** the read to be sent when the one in flight returns, and what its callers asked for */
  let next: { scopes: Set<string>; versions: Promise<string> } | null = null;

  const send = (scopes: Set<string>): Promise<string> => {
    const versions = read([...scopes].sort());
    const settled = versions.then(
      () => undefined,
      () => undefined,
    );
    inFlight = settled;
    void settled.then(() => {
      if (inFlight === settled) inFlight = null;
    });
    return versions;
  };

  return async (scopes) => {
    if (!inFlight) return pick(await send(new Set(scopes)), scopes);
    if (!next) {
      const batch: { scopes: Set<string>; versions: Promise<string> } = {
        scopes: new Set(),
        versions: inFlight.then(() => {
          if (next === batch) next = null;
          return send(batch.scopes);
        }),
      };
      next = batch;
    }
    for (const scope of scopes) next.scopes.add(scope);
    return pick(await next.versions, scopes);
  };
}

/** "A:1,B:4,C:2" for scopes [A, C] → "A:1,C:2": the entries are in the database's order, as a read of [A, C] gives. */
function pick(versions: string, scopes: readonly string[]): string {
  if (versions === "") return "";
  const wanted = new Set(scopes);
  return versions
    .split(",")
    .filter((entry) => wanted.has(entry.slice(0, entry.indexOf(":"))))
    .join(",");
}
