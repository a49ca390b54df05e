// Where a delivery goes, as one string the ledger can key on.
import { badInput } from "../errors";

export type Target =
  | { kind: "channel"; channelId: string }
  | { kind: "thread"; channelId: string; rootId: string }
  | { kind: "person"; tenantId: string; userId: string };

export function targetKey(t: Target): string {
  switch (t.kind) {
    case "channel":
      return `channel:${t.channelId}`;
    case "thread":
      return `thread:${t.channelId}:${t.rootId}`;
    case "person":
      return `person:${t.tenantId}:${t.userId}`;
  }
}

export function parseTarget(key: string): Target {
  const [kind, a, ...rest] = key.split(":");
  const b = rest.join(":");
  if (kind === "channel" && a) return { kind, channelId: a };
  if (kind === "thread" && a && b) return { kind, channelId: a, rootId: b };
  if (kind === "person" && a && b) return { kind, tenantId: a, userId: b };
  throw badInput(`"${key}" is not a delivery target.`);
}
