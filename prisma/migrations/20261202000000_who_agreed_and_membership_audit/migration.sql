-- Who agreed each side of an action (one person is never counted for both sides), and the audit of whom a
-- person acts for (a move between organisations needs someone who can manage both).

-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "areaTeamAgreedById" TEXT,
ADD COLUMN     "ccgAgreedById" TEXT;

-- CreateTable
CREATE TABLE "MembershipChange" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "fromOrganisationCode" TEXT,
    "fromRole" "Role",
    "toOrganisationCode" TEXT NOT NULL,
    "toRole" "Role" NOT NULL,
    "byPersonId" TEXT,
    "byName" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MembershipChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MembershipChange_personId_at_idx" ON "MembershipChange"("personId", "at");

-- AddForeignKey
ALTER TABLE "MembershipChange" ADD CONSTRAINT "MembershipChange_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Actions agreed before this migration: the side's agreement is the latest proposed/agreed/edited event of that
-- party, which is whose agreement the timestamp records.
UPDATE "Action" a SET "ccgAgreedById" = (
  SELECT e."personId" FROM "ActionEvent" e
  WHERE e."actionId" = a."id" AND e."party" = 'CCG' AND e."kind" IN ('proposed', 'agreed', 'edited')
  ORDER BY e."at" DESC, e."id" DESC LIMIT 1
) WHERE a."ccgAgreedAt" IS NOT NULL;
UPDATE "Action" a SET "areaTeamAgreedById" = (
  SELECT e."personId" FROM "ActionEvent" e
  WHERE e."actionId" = a."id" AND e."party" = 'AREA_TEAM' AND e."kind" IN ('proposed', 'agreed', 'edited')
  ORDER BY e."at" DESC, e."id" DESC LIMIT 1
) WHERE a."areaTeamAgreedAt" IS NOT NULL;
