-- Per-organisation settings for action reminders and the weekly digest (issue 5); every setting may be left to the default.
-- AlterTable
ALTER TABLE "ReminderSetting" ADD COLUMN     "actionWorkingDaysBefore" INTEGER,
ADD COLUMN     "digestEnabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "digestHour" INTEGER,
ADD COLUMN     "digestMinute" INTEGER,
ADD COLUMN     "digestWeekday" INTEGER,
ADD COLUMN     "overdueEveryDays" INTEGER,
ADD COLUMN     "proposalNudgeWorkingDays" INTEGER,
ALTER COLUMN "reminderHour" DROP NOT NULL,
ALTER COLUMN "reminderMinute" DROP NOT NULL;

