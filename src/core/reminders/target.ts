// Where a delivery goes, as one string the ledger can key on.
import { badInput } from "../errors";

export type Target =
  | { kind: "channel"; channelId: string }
  | { kind: "thread"; channelId: string; rootId: string }
  | { kind: "person"; tenantId: string; userId: string };

// Each part is URI-encoded: Teams ids contain ":" ("19:abc@thread.tacv2"), the separator here.
const enc = encodeURIComponent;

export function targetKey(t: Target): string {
  switch (t.kind) {
    case "channel":
      return `channel:${enc(t.channelId)}`;
    case "thread":
      return `thread:${enc(t.channelId)}:${enc(t.rootId)}`;
    case "person":
      return `person:${enc(t.tenantId)}:${enc(t.userId)}`;
  }
}

export function parseTarget(key: string): Target {
  const [kind, rawA, rawB, ...extra] = key.split(":");
  let a: string | undefined;
  let b: string | undefined;
  try {
    a = rawA === undefined ? undefined : decodeURIComponent(rawA);
    b = rawB === undefined ? undefined : decodeURIComponent(rawB);
  } catch {
    throw badInput(`"${key}" is not a delivery target.`);
  }
  if (extra.length) throw badInput(`"${key}" is not a delivery target.`);
  if (kind === "channel" && a) return { kind, channelId: a };
  if (kind === "thread" && a && b) return { kind, channelId: a, rootId: b };
  if (kind === "person" && a && b) return { kind, tenantId: a, userId: b };
  throw badInput(`"${key}" is not a delivery target.`);
}
