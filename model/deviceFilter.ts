// Device filters for the registration types Token Protection does not support (sign-ins from them are
// unbound with status code 1003). The rules use the syntax of the device-filter reference: `device.`
// prefix, `-and`/`-or`, and `-contains` for the `systemLabels` collection (the Token Protection guide's
// literal `systemLabels -eq "CloudPC"` is inconsistent with that reference; facts file section 3).

/** The unsupported device kinds a filter can exclude by a fixed rule. */
export type UnsupportedDeviceKind = "cloudPc" | "avdSessionHosts" | "powerAutomateHosted" | "azureVmLogin";
export const unsupportedDeviceKinds: readonly UnsupportedDeviceKind[] = ["cloudPc", "avdSessionHosts", "powerAutomateHosted", "azureVmLogin"];

export const deviceKindLabels: Readonly<Record<UnsupportedDeviceKind, string>> = {
    cloudPc: "Cloud PC",
    avdSessionHosts: "AVD session hosts",
    powerAutomateHosted: "Power Automate hosted machines",
    azureVmLogin: "Azure VMs with Entra login",
};

const exclusionClauses: Readonly<Record<UnsupportedDeviceKind, string>> = {
    cloudPc: '(device.systemLabels -contains "CloudPC" -and device.trustType -eq "AzureAD")',
    avdSessionHosts: '(device.systemLabels -contains "AzureVirtualDesktop" -and device.trustType -eq "AzureAD")',
    powerAutomateHosted: '(device.systemLabels -contains "MicrosoftPowerAutomate" -and device.trustType -eq "AzureAD")',
    azureVmLogin: '(device.profileType -eq "SecureVM" -and device.trustType -eq "AzureAD")',
};

/** Entra caps a device filter rule at 3,072 characters (concept-condition-filters-for-devices). */
export const maxDeviceFilterRuleLength = 3072;

export interface DeviceExclusions {
    cloudPc: boolean;
    avdSessionHosts: boolean;
    powerAutomateHosted: boolean;
    azureVmLogin: boolean;
    autopilotProfileNames: string[];
    customRules: string[];
}

export function deviceExclusionClause(kind: UnsupportedDeviceKind): string {
    return exclusionClauses[kind];
}

export function autopilotProfileClause(profileName: string): string {
    return `(device.enrollmentProfileName -eq ${JSON.stringify(profileName)})`;
}

/** The exclude-mode rule for the switched-on exclusions, or undefined when nothing is excluded. */
export function buildDeviceExclusionRule(exclusions: DeviceExclusions): string | undefined {
    const clauses = [
        ...unsupportedDeviceKinds.filter((kind) => exclusions[kind]).map(deviceExclusionClause),
        ...exclusions.autopilotProfileNames.map(autopilotProfileClause),
        ...exclusions.customRules.map((rule) => `(${rule})`),
    ];
    return clauses.length > 0 ? clauses.join(" -or ") : undefined;
}

// What identifies each kind inside a rule, in either documented spelling: with or without `device.`,
// `-eq` or `-contains` (and the guide's bare `eq`), either quote style, any case.
const kindSignatures: Readonly<Record<UnsupportedDeviceKind, RegExp>> = {
    cloudPc: /(device\.)?systemlabels\s+-?(eq|contains)\s+["']cloudpc["']/i,
    avdSessionHosts: /(device\.)?systemlabels\s+-?(eq|contains)\s+["']azurevirtualdesktop["']/i,
    powerAutomateHosted: /(device\.)?systemlabels\s+-?(eq|contains)\s+["']microsoftpowerautomate["']/i,
    azureVmLogin: /(device\.)?profiletype\s+-?eq\s+["']securevm["']/i,
};

/**
 * The `-or` branches of a rule, flattened through parentheses. A kind is excluded only when a branch
 * names it alone: a clause joined by `-and` to another kind's clause matches no device of either kind.
 * Exported for `diff`, which describes a filter change branch by branch.
 */
export function disjuncts(rule: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let start = 0;
    let quote: string | undefined;
    for (let i = 0; i < rule.length; i++) {
        const ch = rule[i];
        if (quote) {
            if (ch === quote) quote = undefined;
        } else if (ch === '"' || ch === "'") {
            quote = ch;
        } else if (ch === "(") {
            depth++;
        } else if (ch === ")") {
            depth--;
        } else if (depth === 0 && /^\s-?or\s/i.test(rule.slice(i, i + 5))) {
            parts.push(rule.slice(start, i));
            start = i + (rule[i + 1] === "-" ? 4 : 3);
        }
    }
    parts.push(rule.slice(start));
    return parts.flatMap((part) => {
        const inner = stripOuterParentheses(part);
        return inner === part.trim() ? [inner] : disjuncts(inner);
    }).filter((p) => p.length > 0);
}

function stripOuterParentheses(text: string): string {
    let current = text.trim();
    while (current.startsWith("(") && current.endsWith(")") && isBalanced(current.slice(1, -1))) {
        current = current.slice(1, -1).trim();
    }
    return current;
}

function isBalanced(inner: string): boolean {
    let depth = 0;
    for (const ch of inner) {
        if (ch === "(") depth++;
        if (ch === ")") depth--;
        if (depth < 0) return false;
    }
    return depth === 0;
}

/** The unsupported kinds an exclude-mode rule covers, and the Autopilot profile names it excludes. */
export function recogniseDeviceExclusions(rule: string): { kinds: UnsupportedDeviceKind[]; autopilotProfileNames: string[] } {
    const branches = disjuncts(rule);
    const kindsOf = (branch: string) => unsupportedDeviceKinds.filter((kind) => kindSignatures[kind].test(branch));
    const kinds = unsupportedDeviceKinds.filter((kind) => branches.some((branch) => {
        const named = kindsOf(branch);
        return named.length === 1 && named[0] === kind;
    }));
    const autopilotProfileNames: string[] = [];
    for (const branch of branches) {
        const match = /^(?:device\.)?enrollmentprofilename\s+-?eq\s+["']([^"']+)["']$/i.exec(branch);
        if (match) autopilotProfileNames.push(match[1]);
    }
    return { kinds, autopilotProfileNames };
}
