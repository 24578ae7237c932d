// Trap 1: Token Protection targets named resources only. The "Office365" group (or "All") sweeps in
// workloads it cannot protect, and the guides call this the one exception to "target the Office 365 group".
import { AppIds, appleProtectedApps, coreProtectedApps, windowsAppProtectedApps } from "../../model/conditionalAccess";
import { appLabel, isAppleOnly, listText, stringsAt } from "./read";
import { PolicyRule } from "./types";

// The Apple guide protects Exchange Online and SharePoint Online; Teams is allowed there, AVD and Windows 365 are not.
const appleAllowed: readonly string[] = [...appleProtectedApps, AppIds.teamsServices];
const windowsAllowed: readonly string[] = [...coreProtectedApps, ...windowsAppProtectedApps];

export const tpResourcesSpecific: PolicyRule = {
    kind: "policy",
    scope: "tokenProtection",
    name: "tp-resources-specific",
    description: "Checks whether a Token Protection policy targets only the resources Token Protection supports, and all of the core ones.",
    defaultLevel: "mandatory",
    configSchema: {},
    check(policy) {
        const apps = stringsAt(policy, "conditions", "applications", "includeApplications");
        if (apps.unknown) {
            return [];
        }
        const apple = isAppleOnly(policy);
        const required = apple ? appleProtectedApps : coreProtectedApps;
        const allowed = apple ? appleAllowed : windowsAllowed;
        const requirement = apple
            ? `An Apple Token Protection policy must target ${listText(required.map(appLabel))} (Microsoft Teams Services optional) and nothing else`
            : `A Token Protection policy must target ${listText(required.map(appLabel))}, plus Azure Virtual Desktop, Windows 365 and Windows Cloud Login only where the Windows App is deployed, and nothing else`;
        const included = apps.values.map((id) => id.toLowerCase());
        const messages: string[] = [];
        for (const group of ["Office365", "All"]) {
            if (apps.values.includes(group)) {
                messages.push(`${requirement}, but includeApplications has "${group}", which also covers workloads Token Protection cannot protect and blocks them. Fix: replace "${group}" with the resources above (token-protection:windowsApp adds the Windows App ones).`);
            }
        }
        const unsupported = apps.values.filter((id) => id !== "Office365" && id !== "All" && !allowed.includes(id.toLowerCase()));
        if (unsupported.length > 0) {
            messages.push(`${requirement}, but includeApplications also has ${listText(unsupported.map(appLabel))}. Fix: remove ${unsupported.length === 1 ? "it" : "them"} from this policy; protect other resources with other Conditional Access controls.`);
        }
        const missing = required.filter((id) => !included.includes(id));
        if (missing.length > 0) {
            messages.push(`${requirement}, but includeApplications lacks ${listText(missing.map(appLabel))}. Fix: add ${missing.length === 1 ? "it" : "them"} to includeApplications.`);
        }
        return messages;
    },
};
