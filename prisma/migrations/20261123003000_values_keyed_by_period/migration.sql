-- IndicatorValue and PlanTrajectory are keyed by (organisation, indicator, period) itself: the surrogate id and
-- its index go, and the unique index becomes the primary key. A million-row import maintains one index fewer.

-- IndicatorValue
ALTER TABLE "IndicatorValue" DROP CONSTRAINT "IndicatorValue_pkey";
ALTER TABLE "IndicatorValue" DROP COLUMN "id";
DROP INDEX "IndicatorValue_organisationCode_indicatorCode_periodStart_key";
ALTER TABLE "IndicatorValue" ADD CONSTRAINT "IndicatorValue_pkey" PRIMARY KEY ("organisationCode", "indicatorCode", "periodStart");

-- PlanTrajectory
ALTER TABLE "PlanTrajectory" DROP CONSTRAINT "PlanTrajectory_pkey";
ALTER TABLE "PlanTrajectory" DROP COLUMN "id";
DROP INDEX "PlanTrajectory_organisationCode_indicatorCode_periodStart_key";
ALTER TABLE "PlanTrajectory" ADD CONSTRAINT "PlanTrajectory_pkey" PRIMARY KEY ("organisationCode", "indicatorCode", "periodStart");
