-- Written by hand, like 20261203160000_data_version: a status also reads each CCG's own objectives (CcgObjective,
-- MRSA and C. difficile) and the organisations' names and area teams, so writing either bumps the data version too
-- and no cached status outlives them.
INSERT INTO "DataVersion" ("scope") VALUES ('CcgObjective'), ('Organisation');

CREATE TRIGGER "CcgObjective_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CcgObjective"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "Organisation_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Organisation"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
