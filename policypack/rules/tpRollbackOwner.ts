// Advisory. The checklist's last item: a rollback plan saying who flips the wave back to report-only, and
// under what trigger. The stack config records it (`token-protection:rollback`), so the check is offline.
import { listText } from "./read";
import { PolicyRule } from "./types";

export const tpRollbackOwner: PolicyRule = {
    kind: "policy",
    scope: "tokenProtection",
    enforcedOnly: true,
    name: "tp-rollback-owner",
    description: "Checks whether an enforced wave names who rolls it back, and when.",
    defaultLevel: "advisory",
    configSchema: {
        rollback: {
            type: "object",
            description: "Who flips the wave back and when; defaults to token-protection:rollback of the stack.",
            properties: { owner: { type: "string" }, trigger: { type: "string" } },
        },
    },
    notApplicable(_policy, context) {
        return context.rollback === undefined ? "the rollback plan is not known (no stack config)" : undefined;
    },
    check(_policy, context) {
        const missing = (["owner", "trigger"] as const).filter((key) => !context.rollback?.[key]);
        if (missing.length === 0) {
            return [];
        }
        const keys = missing.map((key) => `token-protection:rollback.${key}`);
        return [`An enforced wave needs a rollback owner and trigger (who flips it back to report-only, and when), but ${listText(keys)} ${missing.length === 1 ? "is" : "are"} not set. Fix: set ${listText(keys)} in the stack config, and rehearse the rollback.`];
    },
};
