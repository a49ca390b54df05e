-- Suppressed cells are kept as figures without a value; providers and their attribution to CCGs.
-- AlterTable
ALTER TABLE "IndicatorValue" ADD COLUMN     "suppressed" BOOLEAN NOT NULL DEFAULT false,
ALTER COLUMN "value" DROP NOT NULL;

-- CreateTable
CREATE TABLE "Provider" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT,
    "source" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Provider_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "ProviderAttribution" (
    "providerCode" TEXT NOT NULL,
    "ccgCode" TEXT NOT NULL,
    "validFrom" DATE NOT NULL,
    "share" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProviderAttribution_pkey" PRIMARY KEY ("providerCode","ccgCode","validFrom")
);

-- CreateIndex
CREATE INDEX "ProviderAttribution_ccgCode_idx" ON "ProviderAttribution"("ccgCode");

-- AddForeignKey
ALTER TABLE "ProviderAttribution" ADD CONSTRAINT "ProviderAttribution_providerCode_fkey" FOREIGN KEY ("providerCode") REFERENCES "Provider"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderAttribution" ADD CONSTRAINT "ProviderAttribution_ccgCode_fkey" FOREIGN KEY ("ccgCode") REFERENCES "Organisation"("code") ON DELETE RESTRICT ON UPDATE CASCADE;


-- A figure has a value exactly when it is not suppressed.
ALTER TABLE "IndicatorValue" ADD CONSTRAINT "IndicatorValue_value_unless_suppressed" CHECK ("suppressed" = ("value" IS NULL));
ALTER TABLE "ProviderAttribution" ADD CONSTRAINT "ProviderAttribution_share_is_a_fraction" CHECK ("share" > 0 AND "share" <= 1);
