// Every rule, in the order the README's table, `check` and the pack list them.
import { caBreakGlassExcluded } from "./caBreakGlassExcluded";
import { tpClientAppsNativeOnly } from "./tpClientAppsNativeOnly";
import { tpCompanionPolicies } from "./tpCompanionPolicies";
import { tpExoPowerShellVersion } from "./tpExoPowerShellVersion";
import { tpGuestUsers } from "./tpGuestUsers";
import { tpPilotScope } from "./tpPilotScope";
import { tpPlatformsSupported } from "./tpPlatformsSupported";
import { tpReportOnlySoak } from "./tpReportOnlySoak";
import { tpResourcesSpecific } from "./tpResourcesSpecific";
import { tpRollbackOwner } from "./tpRollbackOwner";
import { tpSignInLogsExported } from "./tpSignInLogsExported";
import { tpUnsupportedDevicesExcluded } from "./tpUnsupportedDevicesExcluded";
import { Rule, ruleNames } from "./types";

export const rules: readonly Rule[] = [
    tpResourcesSpecific,
    tpClientAppsNativeOnly,
    tpUnsupportedDevicesExcluded,
    caBreakGlassExcluded,
    tpPlatformsSupported,
    tpReportOnlySoak,
    tpPilotScope,
    tpCompanionPolicies,
    tpSignInLogsExported,
    tpGuestUsers,
    tpExoPowerShellVersion,
    tpRollbackOwner,
];

// The registry and the public name list cannot drift apart.
if (rules.map((r) => r.name).join() !== ruleNames.join()) {
    throw new Error("policypack/rules/index.ts: the rule list does not match ruleNames");
}

export * from "./types";
