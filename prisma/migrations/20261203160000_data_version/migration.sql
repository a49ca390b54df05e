-- CreateTable
CREATE TABLE "DataVersion" (
    "scope" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "DataVersion_pkey" PRIMARY KEY ("scope")
);

-- Written by hand (Prisma's schema cannot declare triggers): every statement that writes one of the tables a
-- status is computed from bumps that table's row of "DataVersion", in the writing transaction, so the new
-- version becomes visible to every connection at the same commit as the data. Statement-level: an import of a
-- million rows bumps once per statement, not once per row. The schema is the written table's own (tests and
-- ?schema= deployments run in a schema other than public, and Prisma's connections do not set search_path).
INSERT INTO "DataVersion" ("scope") VALUES ('Indicator'), ('IndicatorValue'), ('PlanTrajectory'), ('LocalPriority');

CREATE FUNCTION "bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO %I."DataVersion" ("scope", "version") VALUES ($1, 1)
     ON CONFLICT ("scope") DO UPDATE SET "version" = "DataVersion"."version" + 1',
    TG_TABLE_SCHEMA) USING TG_TABLE_NAME;
  RETURN NULL;
END $$;

CREATE TRIGGER "Indicator_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Indicator"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "IndicatorValue_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "IndicatorValue"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "PlanTrajectory_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PlanTrajectory"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "LocalPriority_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "LocalPriority"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
