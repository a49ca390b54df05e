-- AlterTable
ALTER TABLE "Discussion" ADD COLUMN     "closeConfirmedAt" TIMESTAMP(3),
ADD COLUMN     "closeConfirmedById" TEXT,
ADD COLUMN     "closedByParty" "Party";

