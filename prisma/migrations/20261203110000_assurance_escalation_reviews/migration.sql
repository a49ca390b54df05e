-- CreateTable
CREATE TABLE "AssuranceCheckpoint" (
    "id" SERIAL NOT NULL,
    "ccgCode" TEXT NOT NULL,
    "areaTeamCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "quarter" INTEGER NOT NULL,
    "ccgDiscussedById" TEXT,
    "ccgDiscussedAt" TIMESTAMP(3),
    "areaTeamDiscussedById" TEXT,
    "areaTeamDiscussedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AssuranceCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssuranceView" (
    "id" SERIAL NOT NULL,
    "checkpointId" INTEGER NOT NULL,
    "domain" TEXT NOT NULL,
    "party" "Party" NOT NULL,
    "rating" TEXT NOT NULL,
    "narrative" TEXT NOT NULL,
    "links" TEXT[],
    "recordedById" TEXT NOT NULL,
    "recordedByName" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AssuranceView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssuranceEvent" (
    "id" TEXT NOT NULL,
    "checkpointId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "party" "Party" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "detail" JSONB,

    CONSTRAINT "AssuranceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewItem" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "rulesVersion" INTEGER NOT NULL,
    "ccgCode" TEXT NOT NULL,
    "areaTeamCode" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "figures" JSONB NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "discussionId" INTEGER,
    "actionId" INTEGER,
    "ccgNotedById" TEXT,
    "ccgNotedAt" TIMESTAMP(3),
    "areaTeamNotedById" TEXT,
    "areaTeamNotedAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "resolvedHow" TEXT,

    CONSTRAINT "ReviewItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewItemEvent" (
    "id" TEXT NOT NULL,
    "itemId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "personId" TEXT,
    "actorName" TEXT NOT NULL,
    "party" "Party",
    "at" TIMESTAMP(3) NOT NULL,
    "detail" JSONB,

    CONSTRAINT "ReviewItemEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" SERIAL NOT NULL,
    "ccgCode" TEXT NOT NULL,
    "areaTeamCode" TEXT NOT NULL,
    "meetingAt" TIMESTAMP(3) NOT NULL,
    "scheduledById" TEXT NOT NULL,
    "scheduledByParty" "Party" NOT NULL,
    "minutes" TEXT,
    "minutesCcgAgreedById" TEXT,
    "minutesCcgAgreedAt" TIMESTAMP(3),
    "minutesAreaTeamAgreedById" TEXT,
    "minutesAreaTeamAgreedAt" TIMESTAMP(3),
    "discussionId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewEntry" (
    "id" SERIAL NOT NULL,
    "reviewId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT,
    "addedById" TEXT,
    "addedByParty" "Party",
    "outcome" TEXT,
    "outcomeById" TEXT,
    "outcomeByName" TEXT,
    "outcomeAt" TIMESTAMP(3),
    "actionId" INTEGER,

    CONSTRAINT "ReviewEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewEvent" (
    "id" TEXT NOT NULL,
    "reviewId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "party" "Party" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "detail" JSONB,

    CONSTRAINT "ReviewEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AssuranceCheckpoint_ccgCode_year_quarter_key" ON "AssuranceCheckpoint"("ccgCode", "year", "quarter");

-- CreateIndex
CREATE UNIQUE INDEX "AssuranceView_checkpointId_domain_party_key" ON "AssuranceView"("checkpointId", "domain", "party");

-- CreateIndex
CREATE INDEX "AssuranceEvent_checkpointId_at_idx" ON "AssuranceEvent"("checkpointId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewItem_key_key" ON "ReviewItem"("key");

-- CreateIndex
CREATE INDEX "ReviewItem_ccgCode_resolvedAt_idx" ON "ReviewItem"("ccgCode", "resolvedAt");

-- CreateIndex
CREATE INDEX "ReviewItemEvent_itemId_at_idx" ON "ReviewItemEvent"("itemId", "at");

-- CreateIndex
CREATE INDEX "Review_ccgCode_meetingAt_idx" ON "Review"("ccgCode", "meetingAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewEntry_reviewId_key_key" ON "ReviewEntry"("reviewId", "key");

-- CreateIndex
CREATE INDEX "ReviewEvent_reviewId_at_idx" ON "ReviewEvent"("reviewId", "at");

-- AddForeignKey
ALTER TABLE "AssuranceView" ADD CONSTRAINT "AssuranceView_checkpointId_fkey" FOREIGN KEY ("checkpointId") REFERENCES "AssuranceCheckpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssuranceEvent" ADD CONSTRAINT "AssuranceEvent_checkpointId_fkey" FOREIGN KEY ("checkpointId") REFERENCES "AssuranceCheckpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewItemEvent" ADD CONSTRAINT "ReviewItemEvent_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ReviewItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewEntry" ADD CONSTRAINT "ReviewEntry_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewEvent" ADD CONSTRAINT "ReviewEvent_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

