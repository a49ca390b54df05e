-- The scheduler looks every minute for posted review items whose item changed since their message was last
-- updated. This partial index holds only those rows (sent review-item messages that can be updated), in the order
-- the scheduler reads them, so a tick reads them alone instead of every delivery ever made; each then costs one
-- probe of "ReviewItemEvent_itemId_at_idx" for an event newer than what the message shows. Prisma's schema cannot
-- declare a partial index: test/db/migrations.test.ts lists it beside the hand-written CHECK constraints.
CREATE INDEX "ReminderDelivery_review_item_sent_idx" ON "ReminderDelivery" ("sentAt")
  WHERE "kind" = 'review-item' AND "status" = 'SENT' AND "messageId" IS NOT NULL;
