-- Written by hand, like 20261203160000_data_version: who a person is (Person, PlatformIdentity, TenantLink) and
-- where a channel belongs (ChannelLink) are kept in memory per command (src/core/people/identity-cache.ts,
-- src/core/links/channel-cache.ts), so writing them bumps the data version too, in the writing transaction, and
-- another replica sees the change at its next command.
INSERT INTO "DataVersion" ("scope") VALUES ('Person'), ('PlatformIdentity'), ('TenantLink'), ('ChannelLink');

CREATE TRIGGER "Person_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Person"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "PlatformIdentity_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PlatformIdentity"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "TenantLink_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "TenantLink"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
-- Every Slack event and Teams activity "touches" its channel's links (an UPDATE that usually changes nothing), so
-- an UPDATE bumps only when a row really changed: row-level, with a WHEN. Inserts and deletes bump per statement.
CREATE TRIGGER "ChannelLink_bumps_data_version" AFTER INSERT OR DELETE OR TRUNCATE ON "ChannelLink"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "ChannelLink_change_bumps_data_version" AFTER UPDATE ON "ChannelLink"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION "bump_data_version"();
