// One Bolt listener per kind of request (actions, views, shortcuts, events), each handing a request to the handler
// registered for its id, instead of one Bolt listener per id. Bolt runs every listener's matching middleware for
// every request, each with a fresh copy of the request's arguments: 21 more listeners cost a bare Bolt app ~0.2 ms
// CPU a request and 16% of its throughput (docs/PERFORMANCE.md). The listener files still register themselves by
// kind and id with Bolt's own signatures (`app.action(id, handler)`), on the App this returns.
import type { App } from "@slack/bolt";

const ROUTED = ["action", "view", "shortcut", "event"] as const;
type Kind = (typeof ROUTED)[number];
// A handler as registered: Bolt's listener arguments, whatever their kind's type (each kind's id is read below).
type Handler = (args: never) => Promise<void>;

/** The id a request of each kind is routed by: what `app.action(id)`, `app.view(id)`… match with a string. */
const idOf: Record<Kind, (args: Record<string, { [k: string]: unknown } | undefined>) => unknown> = {
  action: (args) => args.action?.action_id,
  view: (args) => args.view?.callback_id,
  shortcut: (args) => args.shortcut?.callback_id,
  event: (args) => args.event?.type,
};

/**
 * `app` as the listener files see it: its `action`, `view`, `shortcut` and `event` take one handler for one string
 * id (anything else is a mistake, refused at start), everything else is the App itself. A request whose id has no
 * handler is left alone, as Bolt leaves one that no listener matches.
 */
export function routedByKind(app: App): App {
  const routes = Object.fromEntries(ROUTED.map((kind) => [kind, new Map<string, Handler>()])) as Record<
    Kind,
    Map<string, Handler>
  >;
  const register =
    (kind: Kind) =>
    (id: unknown, ...handlers: unknown[]) => {
      if (typeof id !== "string" || handlers.length !== 1 || typeof handlers[0] !== "function")
        throw new Error(`app.${kind} here takes one id (a string) and one handler`);
      if (routes[kind].has(id)) throw new Error(`app.${kind}("${id}") is registered twice`);
      routes[kind].set(id, handlers[0] as Handler);
    };
  for (const kind of ROUTED) {
    const route = async (args: Record<string, { [k: string]: unknown } | undefined>) => {
      const id = idOf[kind](args);
      const handler = typeof id === "string" ? routes[kind].get(id) : undefined;
      if (handler) await handler(args as never);
    };
    // Bolt's string and RegExp constraints match the same kinds of payload (a view's default type included).
    (app as unknown as Record<Kind, (pattern: RegExp, listener: typeof route) => void>)[kind](/.*/, route);
  }
  return new Proxy(app, {
    get(target, property) {
      if ((ROUTED as readonly (string | symbol)[]).includes(property)) return register(property as Kind);
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
