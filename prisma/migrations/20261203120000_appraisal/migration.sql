-- CreateTable
CREATE TABLE "AppraisalRound" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "questions" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppraisalRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppraisalAnswer" (
    "id" TEXT NOT NULL,
    "roundId" INTEGER NOT NULL,
    "ccgCode" TEXT NOT NULL,
    "areaTeamCode" TEXT NOT NULL,
    "ratings" INTEGER[],
    "comment" TEXT,

    CONSTRAINT "AppraisalAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppraisalAnswered" (
    "roundId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,

    CONSTRAINT "AppraisalAnswered_pkey" PRIMARY KEY ("roundId","personId")
);

-- CreateIndex
CREATE UNIQUE INDEX "AppraisalRound_year_key" ON "AppraisalRound"("year");

-- CreateIndex
CREATE INDEX "AppraisalAnswer_roundId_areaTeamCode_idx" ON "AppraisalAnswer"("roundId", "areaTeamCode");

-- AddForeignKey
ALTER TABLE "AppraisalAnswer" ADD CONSTRAINT "AppraisalAnswer_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "AppraisalRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppraisalAnswered" ADD CONSTRAINT "AppraisalAnswered_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "AppraisalRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

