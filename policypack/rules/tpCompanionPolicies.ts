// Token Protection covers Windows (and Apple in preview) only: a client that claims another platform walks
// around it. Microsoft pairs it with "Block access from unknown platforms" and "Require device compliance
// for all known platforms"; where Token Protection is enforced, both must be enforced for the same users.
import { stateLabel } from "../../model/conditionalAccess";
import { isEnforced, isTokenProtection, isUnknown, stringAt, stringsAt, StringList } from "./read";
import { StackFinding, StackPolicy, StackRule } from "./types";

interface Companion {
    label: string;
    configKey: string;
    recognise(policy: unknown): boolean;
}

const companions: Companion[] = [
    {
        label: '"Block access from unknown platforms"',
        configKey: "token-protection:companions.blockUnknownPlatforms",
        recognise: (policy) => stringsAt(policy, "grantControls", "builtInControls").values.includes("block")
            && stringsAt(policy, "conditions", "platforms", "includePlatforms").values.includes("all")
            && stringsAt(policy, "conditions", "platforms", "excludePlatforms").isSet,
    },
    {
        label: '"Require device compliance for all known platforms"',
        configKey: "token-protection:companions.requireCompliance",
        recognise(policy) {
            const controls = stringsAt(policy, "grantControls", "builtInControls").values;
            // With OR and another control, compliance is one way in among several: not a requirement.
            return controls.includes("compliantDevice") && (controls.length === 1 || stringAt(policy, "grantControls", "operator") === "AND");
        },
    },
];

/** Every known ID of `inner` is in `outer`; unknown IDs (resources not created yet) are given the benefit of the doubt. */
function contains(outer: StringList, inner: StringList): boolean {
    const have = new Set(outer.values.map((id) => id.toLowerCase()));
    return outer.unknown || inner.values.every((id) => have.has(id.toLowerCase()));
}

/** The companion applies to everyone and everything the Token Protection policy does. */
function covers(companion: unknown, tokenProtection: unknown): boolean {
    const apps = (p: unknown) => stringsAt(p, "conditions", "applications", "includeApplications");
    const users = (p: unknown, key: string) => stringsAt(p, "conditions", "users", key);
    const allApps = apps(companion).values.includes("All") || contains(apps(companion), apps(tokenProtection));
    const allUsers = users(companion, "includeUsers").values.includes("All")
        || ["includeUsers", "includeGroups", "includeRoles"].every((key) => contains(users(companion, key), users(tokenProtection, key)));
    return allApps && allUsers;
}

function findings(tokenProtection: StackPolicy, policies: StackPolicy[]): StackFinding[] {
    const result: StackFinding[] = [];
    for (const companion of companions) {
        const candidates = policies.filter((p) => p !== tokenProtection && companion.recognise(p.body) && covers(p.body, tokenProtection.body));
        // A state not known yet (preview) is given the benefit of the doubt; `pulumi up` checks again.
        if (candidates.some((p) => isEnforced(p.body) || isUnknown(stringAt(p.body, "state")))) {
            continue;
        }
        const found = candidates[0];
        const state = found && stringAt(found.body, "state");
        const observed = found
            ? `${JSON.stringify(found.displayName)} ${typeof state === "string" ? `is ${stateLabel(state)}` : "has no state"}`
            : "none of the policies checked with it covers its users and resources";
        result.push({
            policy: tokenProtection.displayName,
            urn: tokenProtection.urn,
            message: `An enforced Token Protection policy needs an enforced ${companion.label} policy for the same users, or a client can claim a platform Token Protection does not cover, but ${observed}. Fix: enforce one (in this package: set ${companion.configKey} to enforced, or remove that override so it follows token-protection:enforcement).`,
        });
    }
    return result;
}

const enforcedTokenProtection = (policies: StackPolicy[]) => policies.filter((p) => isTokenProtection(p.body) && isEnforced(p.body));

export const tpCompanionPolicies: StackRule = {
    kind: "stack",
    reads: ["policies"],
    name: "tp-companion-policies",
    description: "Checks whether every enforced Token Protection policy is paired with enforced block-unknown-platforms and require-compliance policies for the same users.",
    defaultLevel: "mandatory",
    configSchema: {},
    notApplicable: (stack) => (enforcedTokenProtection(stack.policies).length === 0 ? "no Token Protection policy of the stack is enforced" : undefined),
    check: (stack) => enforcedTokenProtection(stack.policies).flatMap((tp) => findings(tp, stack.policies)),
};
