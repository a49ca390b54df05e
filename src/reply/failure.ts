// What to tell someone whose request failed on our side, on any platform: nothing was saved, part was, or we
// cannot tell (the database's answer to a write was lost: the connection broke, or no answer came within the query
// time limit). `writes` counts only the writes of what they asked for (write-tracking.ts), not housekeeping such as
// remembering the channel.
import type { WriteOutcome } from "../db/write-tracking";
import { errorReply, type Reply } from "./model";

export function failureReply(errorId: string, writes: WriteOutcome): Reply {
  if (writes.inDoubt > 0)
    return errorReply(
      `Something went wrong on my side (error id ${errorId}): the database stopped answering while I was saving, so I can't tell whether this was saved.`,
      "Look before you try again (`discussions`, `actions`), so nothing is made twice. If it keeps happening, give your operator the error id.",
    );
  if (writes.confirmed > 0)
    return errorReply(
      `Something went wrong on my side (error id ${errorId}) after part of this was saved.`,
      "Look at what is there (`discussions`, `actions`) before you try again. If it keeps happening, give your operator the error id.",
    );
  return errorReply(
    `Something went wrong on my side (error id ${errorId}); nothing was changed.`,
    "Try again in a minute. If it keeps happening, give your operator the error id.",
  );
}
