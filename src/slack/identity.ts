// Who is acting, from which field, and why: the one place that reads a person's identity out of Slack's payloads.
//
// A person is their HOME workspace (or, failing that, their Enterprise Grid org) and their user id. In a Slack
// Connect channel the payload also names the HOST: the workspace that owns the channel or posted the message, whose
// installation (bot token) we answer with. The two differ whenever the person is from the other side of the channel,
// so they are kept apart here and named apart everywhere: `person.teamId` says who acts (and so for which
// organisation); `hostTeamId` says where the bot talks (channel links, threads, tokens).
//
// Never trusted for identity: the host `team.id` of an interaction (the workspace of the app that posted the message,
// not the clicker's), `view.app_installed_team_id` and `view.team_id`, an event envelope's `team_id` in a shared
// channel (the channel's source workspace), the deprecated `user_name` / `user.name`, and the channel.
// (Slack's interaction payload reference; java-slack-sdk#629 and #1041, bolt-js#1614, bolt-js#687.)

/** The acting person: home workspace (or Grid org) + user id, and the field that said so. */
export interface SlackPerson {
  teamId: string;
  userId: string;
  /** which payload field gave the workspace, for logs and for reading this code */
  from: string;
}

/** A Slack user whose home workspace the payload does not say: they act for no one until it does. */
export interface UnknownSlackPerson {
  teamId: null;
  userId: string;
  from: string;
}

export type Acting = SlackPerson | UnknownSlackPerson;

interface Enterprise {
  enterprise?: { id?: string } | null;
  enterprise_id?: string | null;
  is_enterprise_install?: boolean | string;
}

/** block_actions, message_action / shortcut, view_submission, view_closed. */
export interface InteractionShape extends Enterprise {
  team?: { id?: string } | null;
  user: { id: string; team_id?: string | null; enterprise_id?: string | null };
  view?: { app_installed_team_id?: string | null; team_id?: string | null } | null;
}

/** A slash command's form fields. */
export interface CommandShape {
  team_id?: string;
  user_id: string;
  enterprise_id?: string;
}

/** An Events API envelope. */
export interface EventEnvelopeShape {
  team_id?: string;
  enterprise_id?: string | null;
  is_ext_shared_channel?: boolean;
  authorizations?: { team_id?: string | null; enterprise_id?: string | null; user_id?: string }[];
}

/** The event itself: the fields that may name the person's workspace. */
export interface EventShape {
  user?: string;
  /** Slack Connect: the person's own workspace */
  user_team?: string;
  /** the workspace the event came from (the author's), on messages */
  source_team?: string;
  team?: string;
}

const unknown = (userId: string, why: string): UnknownSlackPerson => ({ teamId: null, userId, from: why });

const gridOrg = (p: Enterprise & { user?: { enterprise_id?: string | null } }) =>
  p.enterprise?.id ?? p.user?.enterprise_id ?? p.enterprise_id ?? undefined;

/**
 * Buttons, shortcuts and modal submissions: `user.team_id` is the clicker's own workspace, in a Slack Connect channel
 * and in an Enterprise Grid org install (`team: null`) alike. Only when the payload gives the user no team at all is
 * the Grid org's id used. `team.id` is never used: it is the host.
 */
export function personOfInteraction(body: InteractionShape): Acting {
  const userId = body.user.id;
  if (body.user.team_id) return { teamId: body.user.team_id, userId, from: "user.team_id" };
  const org = gridOrg(body);
  if (org) return { teamId: org, userId, from: "enterprise.id (Grid; no team for the user)" };
  return unknown(userId, "no user.team_id in the payload");
}

/**
 * Slash commands: `team_id` is documented as where the user was when they typed it, and a command can only be
 * typed in a workspace that has the app; Slack documents no `user_team` for commands. Grid: `enterprise_id` only
 * when there is no `team_id`.
 */
export function personOfCommand(body: CommandShape): Acting {
  if (body.team_id) return { teamId: body.team_id, userId: body.user_id, from: "team_id" };
  if (body.enterprise_id) return { teamId: body.enterprise_id, userId: body.user_id, from: "enterprise_id (Grid)" };
  return unknown(body.user_id, "no team_id in the command");
}

/**
 * Events: `event.user_team` (Slack Connect: the person's own workspace), then `event.team`; the envelope's
 * `team_id` only when neither is there and the channel is not shared (in a shared channel it is the channel's
 * source workspace, not the person's).
 */
export function personOfEvent(envelope: EventEnvelopeShape, event: EventShape, userId = event.user ?? ""): Acting {
  if (event.user_team) return { teamId: event.user_team, userId, from: "event.user_team" };
  if (event.team) return { teamId: event.team, userId, from: "event.team" };
  if (envelope.is_ext_shared_channel) return unknown(userId, "shared channel and no user_team or team on the event");
  if (envelope.team_id) return { teamId: envelope.team_id, userId, from: "envelope team_id (channel not shared)" };
  if (envelope.enterprise_id) return { teamId: envelope.enterprise_id, userId, from: "envelope enterprise_id (Grid)" };
  return unknown(userId, "no team in the event");
}

/**
 * The host of an interaction: the installation that posted the message or opened the modal, whose bot token
 * answers and whose channel it is. Grid org installs: the org.
 */
export function hostOfInteraction(body: InteractionShape): string {
  return body.view?.app_installed_team_id ?? body.team?.id ?? gridOrg(body) ?? "";
}

/** The host of an event: the installation it was delivered for (`authorizations`), else the envelope's team. */
export function hostOfEvent(envelope: EventEnvelopeShape): string {
  const auth = envelope.authorizations?.[0];
  return auth?.team_id ?? envelope.team_id ?? auth?.enterprise_id ?? envelope.enterprise_id ?? "";
}

/** The host of a slash command: the workspace it was typed in, which has the app. */
export function hostOfCommand(body: CommandShape): string {
  return body.team_id ?? body.enterprise_id ?? "";
}

/** The bot's own user id, to tell its mention from anyone else's: Bolt's context, else the event's authorizations. */
export function botUserIdOf(context: { botUserId?: string }, envelope: EventEnvelopeShape): string | undefined {
  return context.botUserId ?? envelope.authorizations?.find((a) => a.user_id)?.user_id;
}
