// Every Conditional Access policy excludes the emergency-access accounts, so no misconfiguration (a
// Token Protection trap included) can lock the tenant out. Applies to all policies, not only Token Protection.
import { listText, stringAt, stringsAt } from "./read";
import { PolicyRule } from "./types";

const requirement = "Every Conditional Access policy must exclude every break-glass account, so that a misconfigured policy cannot lock the tenant out";

export const caBreakGlassExcluded: PolicyRule = {
    kind: "policy",
    scope: "all",
    name: "ca-break-glass-excluded",
    description: "Checks whether a Conditional Access policy excludes every break-glass (emergency-access) account.",
    defaultLevel: "mandatory",
    configSchema: {
        breakGlassUserIds: { type: "array", items: { type: "string" }, description: "Break-glass account object IDs; defaults to token-protection:breakGlassUserIds of the stack." },
        breakGlassGroupIds: { type: "array", items: { type: "string" }, description: "Groups that hold every break-glass account; excluding one counts as excluding the accounts." },
    },
    // A disabled policy applies to nobody; the rule checks it again the day it is switched on.
    notApplicable: (policy) => (stringAt(policy, "state") === "disabled" ? "the policy is off (state disabled)" : undefined),
    check(policy, context) {
        const users = stringsAt(policy, "conditions", "users", "excludeUsers");
        const groups = stringsAt(policy, "conditions", "users", "excludeGroups");
        if (context.breakGlassUserIds === undefined) {
            // Without the accounts' IDs the rule can only tell that nobody at all is excluded.
            if (users.unknown || groups.unknown || users.values.length > 0 || groups.values.length > 0) {
                return [];
            }
            return [`${requirement}, but this one excludes no user or group. Fix: add the break-glass accounts to conditions.users.excludeUsers (with \`tp-rollout check --policies\`, pass their IDs with --break-glass to check them by ID).`];
        }
        const excluded = new Set([...users.values, ...groups.values].map((id) => id.toLowerCase()));
        if (context.breakGlassGroupIds.some((id) => excluded.has(id.toLowerCase()))) {
            return [];
        }
        const missing = context.breakGlassUserIds.filter((id) => !excluded.has(id.toLowerCase()));
        // An unknown exclusion (a group created in the same deployment) may be the one that holds them.
        if (missing.length === 0 || users.unknown || groups.unknown) {
            return [];
        }
        return [`${requirement}, but this one does not exclude ${listText(missing)}. Fix: add ${missing.length === 1 ? "it" : "them"} to conditions.users.excludeUsers (the package does so from token-protection:breakGlassUserIds), or exclude a group that holds ${missing.length === 1 ? "it" : "them"} and list that group in the pack config's breakGlassGroupIds.`];
    },
};
