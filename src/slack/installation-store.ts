// Bolt's InstallationStore over the core's installations, for installing the app in several workspaces.
import type { Installation, InstallationQuery, InstallationStore } from "@slack/oauth";
import type { Core } from "../core";
import type { Prisma } from "../core/db";

export function installationStore(core: Core): InstallationStore {
  const keyOf = (q: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }) => ({
    teamId: q.teamId,
    enterpriseId: q.enterpriseId,
    orgWide: !!q.isEnterpriseInstall,
  });
  return {
    async storeInstallation(installation) {
      await core.installations.save(
        keyOf({
          teamId: installation.team?.id,
          enterpriseId: installation.enterprise?.id,
          isEnterpriseInstall: installation.isEnterpriseInstall,
        }),
        JSON.parse(JSON.stringify(installation)) as Prisma.InputJsonValue,
      );
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const found = await core.installations.find(keyOf(query));
      if (!found) throw new Error(`Plan Dialogue is not installed in ${query.enterpriseId ?? query.teamId}`);
      return found as unknown as Installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await core.installations.remove(keyOf(query));
    },
  };
}
