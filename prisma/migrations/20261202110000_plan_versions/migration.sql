-- Plan versions: every submission of a CCG's plan, kept whole; existing trajectories become each CCG's version 1.
-- CreateTable
CREATE TABLE "PlanVersion" (
    "id" SERIAL NOT NULL,
    "organisationCode" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "submittedById" TEXT,
    "submittedByParty" "Party",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ccgDiscussedById" TEXT,
    "ccgDiscussedAt" TIMESTAMP(3),
    "areaTeamDiscussedById" TEXT,
    "areaTeamDiscussedAt" TIMESTAMP(3),

    CONSTRAINT "PlanVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanLine" (
    "versionId" INTEGER NOT NULL,
    "indicatorCode" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "PlanLine_pkey" PRIMARY KEY ("versionId","indicatorCode","periodStart")
);

-- CreateIndex
CREATE UNIQUE INDEX "PlanVersion_organisationCode_number_key" ON "PlanVersion"("organisationCode", "number");

-- AddForeignKey
ALTER TABLE "PlanVersion" ADD CONSTRAINT "PlanVersion_organisationCode_fkey" FOREIGN KEY ("organisationCode") REFERENCES "Organisation"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanLine" ADD CONSTRAINT "PlanLine_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PlanVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- What was imported before versions existed is each CCG's version 1 (demo plans included, marked by their source).
INSERT INTO "PlanVersion" ("organisationCode", "number", "source", "createdAt")
SELECT "organisationCode", 1, min("source"), max("importedAt") FROM "PlanTrajectory" GROUP BY "organisationCode";
INSERT INTO "PlanLine" ("versionId", "indicatorCode", "periodStart", "value")
SELECT v."id", t."indicatorCode", t."periodStart", t."value"
FROM "PlanTrajectory" t JOIN "PlanVersion" v ON v."organisationCode" = t."organisationCode" AND v."number" = 1;
