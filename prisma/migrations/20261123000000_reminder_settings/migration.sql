-- CreateTable
CREATE TABLE "ReminderSetting" (
    "organisationCode" TEXT NOT NULL,
    "deadlineOffsetsDays" INTEGER[],
    "reminderHour" INTEGER NOT NULL,
    "reminderMinute" INTEGER NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReminderSetting_pkey" PRIMARY KEY ("organisationCode")
);

-- AddForeignKey
ALTER TABLE "ReminderSetting" ADD CONSTRAINT "ReminderSetting_organisationCode_fkey" FOREIGN KEY ("organisationCode") REFERENCES "Organisation"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

