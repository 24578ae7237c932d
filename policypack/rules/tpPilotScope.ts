// The first enforced wave is privileged identities on managed Windows: the highest-value targets with the
// most uniform devices. Config validation rejects `scope.allUsers` in the pilot; this catches it in the
// policy itself (an edited body, a tenant export, a stack that bypasses the config).
import { stringsAt } from "./read";
import { PolicyRule } from "./types";
import { waves } from "../../components/config";

export const tpPilotScope: PolicyRule = {
    kind: "policy",
    scope: "tokenProtection",
    enforcedOnly: true,
    name: "tp-pilot-scope",
    description: "Checks whether an enforced Token Protection policy of the pilot wave stays off \"All users\".",
    defaultLevel: "mandatory",
    configSchema: {
        wave: { type: "string", enum: [...waves], description: "The wave; defaults to token-protection:wave of the stack." },
    },
    notApplicable(_policy, context) {
        return context.wave === "pilot" ? undefined : `not the pilot wave (${context.wave ?? "wave not known"})`;
    },
    check(policy) {
        const users = stringsAt(policy, "conditions", "users", "includeUsers");
        if (!users.values.includes("All")) {
            return [];
        }
        return ['In the pilot wave an enforced Token Protection policy must target privileged roles or a pilot group, never all users, but includeUsers has "All". Fix: scope the pilot with token-protection:scope.roleTemplateIds or a pilot group, and widen the population only in an expansion wave.'];
    },
};
