// Reminders in local mode: written to the log, and to the console's terminal when a person is at its prompt, so
// they can be watched without a platform.
import type { Target } from "../core/reminders/target";
import type { Logger } from "../logging/logger";
import type { Reply } from "../reply/model";
import { renderText } from "../reply/text";
import type { Sender } from "../scheduler/sender";

export class ConsoleSender implements Sender {
  readonly platform = "CONSOLE" as const;
  readonly perTargetIntervalMs = 0;
  constructor(
    private readonly logger: Logger,
    /** the console's terminal, when there is one: the reminder as the person reads it */
    private readonly show?: (text: string) => void,
  ) {}
  async send(target: Target, reply: Reply): Promise<void> {
    this.logger.info({ target, summary: reply.summary }, "reminder");
    this.logger.debug({ text: renderText(reply) }, "reminder text");
    this.show?.(renderText(reply));
  }
}
