-- Where a sent delivery's message is (Slack's ts, Teams' activity id), so a message that shows something that
-- changes later (a review item's state and buttons) can be updated in place; and as of when it shows its subject.
ALTER TABLE "ReminderDelivery" ADD COLUMN "messageId" TEXT;
ALTER TABLE "ReminderDelivery" ADD COLUMN "shownAsOf" TIMESTAMP(3);
