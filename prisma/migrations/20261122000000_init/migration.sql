-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('CCG', 'AREA_TEAM');

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('SLACK', 'TEAMS', 'CONSOLE');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('MEMBER', 'ADMIN', 'OPERATOR');

-- CreateEnum
CREATE TYPE "Party" AS ENUM ('CCG', 'AREA_TEAM');

-- CreateEnum
CREATE TYPE "Framework" AS ENUM ('NHS_CONSTITUTION', 'OUTCOMES_FRAMEWORK', 'CCG_OUTCOMES', 'QUALITY_PREMIUM', 'FINANCE', 'LOCAL');

-- CreateEnum
CREATE TYPE "Direction" AS ENUM ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER');

-- CreateEnum
CREATE TYPE "PeriodKind" AS ENUM ('MONTH', 'QUARTER', 'YEAR');

-- CreateEnum
CREATE TYPE "DiscussionStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "ActionStatus" AS ENUM ('PROPOSED', 'AGREED', 'DONE', 'DROPPED');

-- CreateEnum
CREATE TYPE "DeadlineScope" AS ENUM ('NATIONAL', 'AREA_TEAM', 'CCG');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "Organisation" (
    "code" TEXT NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "name" TEXT NOT NULL,
    "onsCode" TEXT,
    "areaTeamCode" TEXT,
    "region" TEXT,
    "patients" INTEGER,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "organisationCode" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'MEMBER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlatformIdentity" (
    "id" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    CONSTRAINT "PlatformIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TenantLink" (
    "platform" "Platform" NOT NULL,
    "tenantId" TEXT NOT NULL,
    "organisationCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TenantLink_pkey" PRIMARY KEY ("platform","tenantId")
);

-- CreateTable
CREATE TABLE "ChannelLink" (
    "id" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "tenantId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "channelName" TEXT,
    "organisationCode" TEXT NOT NULL,
    "remindersEnabled" BOOLEAN NOT NULL DEFAULT true,
    "conversationRef" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Indicator" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "framework" "Framework" NOT NULL,
    "unit" TEXT NOT NULL,
    "direction" "Direction" NOT NULL,
    "standard" DOUBLE PRECISION,
    "amberTolerance" DOUBLE PRECISION,
    "period" "PeriodKind" NOT NULL,
    "publicationLagDays" INTEGER NOT NULL DEFAULT 60,
    "ownerCode" TEXT,
    "source" TEXT,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "IndicatorValue" (
    "id" TEXT NOT NULL,
    "organisationCode" TEXT NOT NULL,
    "indicatorCode" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "numerator" DOUBLE PRECISION,
    "denominator" DOUBLE PRECISION,
    "source" TEXT NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IndicatorValue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanTrajectory" (
    "id" TEXT NOT NULL,
    "organisationCode" TEXT NOT NULL,
    "indicatorCode" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanTrajectory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LocalPriority" (
    "organisationCode" TEXT NOT NULL,
    "indicatorCode" TEXT NOT NULL,
    "addedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LocalPriority_pkey" PRIMARY KEY ("organisationCode","indicatorCode")
);

-- CreateTable
CREATE TABLE "Discussion" (
    "id" SERIAL NOT NULL,
    "ccgCode" TEXT NOT NULL,
    "areaTeamCode" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "indicatorCodes" TEXT[],
    "status" "DiscussionStatus" NOT NULL DEFAULT 'OPEN',
    "openedById" TEXT NOT NULL,
    "openedByParty" "Party" NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedById" TEXT,
    "closedAt" TIMESTAMP(3),
    "closedSummary" TEXT,
    "threadPlatform" "Platform",
    "threadTenantId" TEXT,
    "threadChannel" TEXT,
    "threadRootId" TEXT,

    CONSTRAINT "Discussion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiscussionMessage" (
    "id" TEXT NOT NULL,
    "discussionId" INTEGER NOT NULL,
    "personId" TEXT,
    "authorName" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "platformMessageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DiscussionMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Action" (
    "id" SERIAL NOT NULL,
    "discussionId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "owner" TEXT,
    "ownerPersonId" TEXT,
    "dueDate" DATE,
    "status" "ActionStatus" NOT NULL DEFAULT 'PROPOSED',
    "proposedById" TEXT NOT NULL,
    "proposedByParty" "Party" NOT NULL,
    "ccgAgreedAt" TIMESTAMP(3),
    "areaTeamAgreedAt" TIMESTAMP(3),
    "dropRequestedBy" "Party",
    "messageRef" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionEvent" (
    "id" TEXT NOT NULL,
    "actionId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "party" "Party" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detail" JSONB,

    CONSTRAINT "ActionEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deadline" (
    "id" SERIAL NOT NULL,
    "scope" "DeadlineScope" NOT NULL,
    "organisationCode" TEXT,
    "title" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "link" TEXT,
    "source" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Deadline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReminderDelivery" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "platform" "Platform" NOT NULL,
    "target" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "claimedBy" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextTryAt" TIMESTAMP(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "late" BOOLEAN NOT NULL DEFAULT false,
    "payload" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReminderDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundEvent" (
    "key" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundEvent_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Organisation_areaTeamCode_idx" ON "Organisation"("areaTeamCode");

-- CreateIndex
CREATE UNIQUE INDEX "PlatformIdentity_platform_tenantId_userId_key" ON "PlatformIdentity"("platform", "tenantId", "userId");

-- CreateIndex
CREATE INDEX "ChannelLink_organisationCode_idx" ON "ChannelLink"("organisationCode");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelLink_platform_channelId_organisationCode_key" ON "ChannelLink"("platform", "channelId", "organisationCode");

-- CreateIndex
CREATE INDEX "IndicatorValue_indicatorCode_periodStart_idx" ON "IndicatorValue"("indicatorCode", "periodStart");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorValue_organisationCode_indicatorCode_periodStart_key" ON "IndicatorValue"("organisationCode", "indicatorCode", "periodStart");

-- CreateIndex
CREATE UNIQUE INDEX "PlanTrajectory_organisationCode_indicatorCode_periodStart_key" ON "PlanTrajectory"("organisationCode", "indicatorCode", "periodStart");

-- CreateIndex
CREATE INDEX "Discussion_ccgCode_status_idx" ON "Discussion"("ccgCode", "status");

-- CreateIndex
CREATE INDEX "Discussion_areaTeamCode_status_idx" ON "Discussion"("areaTeamCode", "status");

-- CreateIndex
CREATE UNIQUE INDEX "DiscussionMessage_discussionId_platformMessageId_key" ON "DiscussionMessage"("discussionId", "platformMessageId");

-- CreateIndex
CREATE INDEX "Action_discussionId_idx" ON "Action"("discussionId");

-- CreateIndex
CREATE INDEX "Action_status_dueDate_idx" ON "Action"("status", "dueDate");

-- CreateIndex
CREATE INDEX "ActionEvent_actionId_at_idx" ON "ActionEvent"("actionId", "at");

-- CreateIndex
CREATE INDEX "Deadline_dueAt_idx" ON "Deadline"("dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Deadline_scope_organisationCode_title_dueAt_key" ON "Deadline"("scope", "organisationCode", "title", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderDelivery_key_key" ON "ReminderDelivery"("key");

-- CreateIndex
CREATE INDEX "ReminderDelivery_status_dueAt_idx" ON "ReminderDelivery"("status", "dueAt");

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_areaTeamCode_fkey" FOREIGN KEY ("areaTeamCode") REFERENCES "Organisation"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_organisationCode_fkey" FOREIGN KEY ("organisationCode") REFERENCES "Organisation"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlatformIdentity" ADD CONSTRAINT "PlatformIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TenantLink" ADD CONSTRAINT "TenantLink_organisationCode_fkey" FOREIGN KEY ("organisationCode") REFERENCES "Organisation"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelLink" ADD CONSTRAINT "ChannelLink_organisationCode_fkey" FOREIGN KEY ("organisationCode") REFERENCES "Organisation"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_ownerCode_fkey" FOREIGN KEY ("ownerCode") REFERENCES "Organisation"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorValue" ADD CONSTRAINT "IndicatorValue_organisationCode_fkey" FOREIGN KEY ("organisationCode") REFERENCES "Organisation"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorValue" ADD CONSTRAINT "IndicatorValue_indicatorCode_fkey" FOREIGN KEY ("indicatorCode") REFERENCES "Indicator"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanTrajectory" ADD CONSTRAINT "PlanTrajectory_organisationCode_fkey" FOREIGN KEY ("organisationCode") REFERENCES "Organisation"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanTrajectory" ADD CONSTRAINT "PlanTrajectory_indicatorCode_fkey" FOREIGN KEY ("indicatorCode") REFERENCES "Indicator"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalPriority" ADD CONSTRAINT "LocalPriority_organisationCode_fkey" FOREIGN KEY ("organisationCode") REFERENCES "Organisation"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalPriority" ADD CONSTRAINT "LocalPriority_indicatorCode_fkey" FOREIGN KEY ("indicatorCode") REFERENCES "Indicator"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Discussion" ADD CONSTRAINT "Discussion_ccgCode_fkey" FOREIGN KEY ("ccgCode") REFERENCES "Organisation"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Discussion" ADD CONSTRAINT "Discussion_areaTeamCode_fkey" FOREIGN KEY ("areaTeamCode") REFERENCES "Organisation"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DiscussionMessage" ADD CONSTRAINT "DiscussionMessage_discussionId_fkey" FOREIGN KEY ("discussionId") REFERENCES "Discussion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_discussionId_fkey" FOREIGN KEY ("discussionId") REFERENCES "Discussion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionEvent" ADD CONSTRAINT "ActionEvent_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deadline" ADD CONSTRAINT "Deadline_organisationCode_fkey" FOREIGN KEY ("organisationCode") REFERENCES "Organisation"("code") ON DELETE SET NULL ON UPDATE CASCADE;

