// Advisory. Exchange Online PowerShell below 3.7.0 is not WAM-aware in the way Token Protection needs, so
// admin sessions and automation fail once an Exchange Online policy enforces. The stack config carries an
// inventory per management endpoint; the rule reads it, it does not collect it.
import { AppIds } from "../../model/conditionalAccess";
import { listText, stringsAt } from "./read";
import { PolicyRule } from "./types";

export const minimumExoPowerShell = "3.7.0";

function parts(version: string): number[] {
    return version.split(".").map((part) => Number.parseInt(part, 10) || 0);
}

/** Numeric comparison, missing parts as 0: "3.7" equals "3.7.0". */
export function isOlderVersion(version: string, minimum: string): boolean {
    const a = parts(version);
    const b = parts(minimum);
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const diff = (a[i] ?? 0) - (b[i] ?? 0);
        if (diff !== 0) {
            return diff < 0;
        }
    }
    return false;
}

export const tpExoPowerShellVersion: PolicyRule = {
    kind: "policy",
    scope: "tokenProtection",
    enforcedOnly: true,
    name: "tp-exo-powershell-version",
    description: "Checks whether the configured management endpoints run Exchange Online PowerShell 3.7.0 or later where Token Protection enforces on Exchange Online.",
    defaultLevel: "advisory",
    configSchema: {
        exoPowerShellInventory: {
            type: "array",
            description: "Exchange Online PowerShell version per management endpoint; defaults to token-protection:exoPowerShellInventory of the stack.",
            items: { type: "object", properties: { endpoint: { type: "string" }, version: { type: "string" } }, required: ["endpoint", "version"] },
        },
    },
    notApplicable(policy, context) {
        const apps = stringsAt(policy, "conditions", "applications", "includeApplications").values.map((id) => id.toLowerCase());
        if (![AppIds.exchangeOnline, "office365", "all"].some((id) => apps.includes(id))) {
            return "the policy does not cover Exchange Online";
        }
        return context.exoPowerShellInventory.length === 0 ? "no Exchange Online PowerShell inventory is configured" : undefined;
    },
    check(_policy, context) {
        const old = context.exoPowerShellInventory.filter((item) => isOlderVersion(item.version, minimumExoPowerShell));
        if (old.length === 0) {
            return [];
        }
        const where = listText(old.map((item) => `${item.endpoint} (${item.version})`));
        return [`Exchange Online PowerShell must be ${minimumExoPowerShell} or later on every management endpoint before Token Protection enforces on Exchange Online (older modules fail to sign in), but the inventory shows ${where}. Fix: update the ExchangeOnlineManagement module there, then update token-protection:exoPowerShellInventory.`];
    },
};
