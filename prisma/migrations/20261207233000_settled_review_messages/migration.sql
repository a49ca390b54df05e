-- A resolved review item never changes again, so once its posted message shows the resolution (or the platform
-- has refused it for good) there is nothing left to update: "settledAt" records when, and the partial index the
-- scheduler reads each minute leaves such messages out, so it holds only messages that may still change and does
-- not grow with every item ever resolved. Prisma's schema cannot declare a partial index: test/db/migrations.test.ts
-- lists it beside the hand-written CHECK constraints.
ALTER TABLE "ReminderDelivery" ADD COLUMN "settledAt" TIMESTAMP(3);

DROP INDEX "ReminderDelivery_review_item_sent_idx";
CREATE INDEX "ReminderDelivery_review_item_sent_idx" ON "ReminderDelivery" ("sentAt")
  WHERE "kind" = 'review-item' AND "status" = 'SENT' AND "messageId" IS NOT NULL AND "settledAt" IS NULL;
