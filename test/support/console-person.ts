// Someone using the bot through the console channel: a planning lead of one organisation, with a role.
import type { Core } from "../../src/core";
import { ConsoleChannel } from "../../src/console/console-channel";

export async function consolePerson(
  core: Core,
  name: string,
  organisationCode: string,
  role: "MEMBER" | "ADMIN" | "OPERATOR" = "MEMBER",
): Promise<ConsoleChannel> {
  const channel = new ConsoleChannel(core);
  await channel.actAs({ name, organisationCode, role });
  return channel;
}
