// Installs: when the bot is added to a team, chat or personal scope it saves where to post later (the
// conversation reference) and says hello with the first commands to try.
import { claimActivity, parseActivity, touchConversation, type ActivityCtx } from "./activity-intake";
import { splitThread } from "./conversation";
import type { TeamsHandlerContext } from "./handler-context";
import { cardMessage } from "./render/card";

export class InstallHandler {
  constructor(private readonly deps: TeamsHandlerContext) {}

  async onConversationUpdate(ctx: ActivityCtx): Promise<void> {
    const a = parseActivity(ctx, this.deps.logger);
    if (!a) return;
    const added = (ctx.activity as { membersAdded?: { id: string }[] }).membersAdded ?? [];
    if (!added.some((m) => m.id === a.recipient.id)) return;
    if (!(await claimActivity(this.deps.core, a))) return;
    const ref = await touchConversation(this.deps, a);
    this.deps.logger.info(
      { conversationId: ref.conversationId, type: ref.conversationType, tenantId: ref.tenantId },
      "Plan Dialogue added to a Teams conversation",
    );
    const personal = ref.conversationType === "personal";
    const where = personal ? "here" : "in this team";
    // In a channel the bot hears only messages that @mention it, so every example there says so.
    const example = (command: string) => (personal ? `\`${command}\`` : `\`@Plan Dialogue ${command}\``);
    await ctx.send(
      cardMessage({
        summary: "Plan Dialogue is installed",
        blocks: [
          { type: "heading", text: "Plan Dialogue" },
          {
            type: "paragraph",
            text: `Hello! I keep the planning dialogue between CCGs and their area team ${where}: indicator status, discussions, agreed actions and deadlines.`,
          },
          {
            type: "items",
            items: [
              { title: example("status 02N"), detail: "a CCG's indicators, red/amber/green" },
              {
                title: example("link 02N"),
                detail: "admins: make a channel the home of an organisation's discussions and reminders",
              },
              { title: example("help"), detail: "every command" },
            ],
          },
        ],
        visibility: "channel",
      }) as never,
    );
  }

  async onInstallationUpdate(ctx: ActivityCtx): Promise<void> {
    const a = parseActivity(ctx, this.deps.logger);
    if (!a) return;
    const action = (ctx.activity as { action?: string }).action ?? "";
    if (action.startsWith("add")) await touchConversation(this.deps, a);
    this.deps.logger.info({ action, conversationId: splitThread(a.conversation.id).base }, "Teams installation update");
  }
}
