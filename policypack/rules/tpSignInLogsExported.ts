// The soak is judged from sign-in logs: interactive and non-interactive (the silent token refreshes, about
// half of what Token Protection sees). The portal keeps 30 days, so the stack that owns the workspace ships
// both categories to it and keeps them at least as long as the soak.
import { signInLogTables as categories } from "../../model/signInLogs";
import { isUnknown, listText, stringAt, valueAt } from "./read";
import { defaultSoakDays, RuleContext, StackFinding, StackRule, StackView } from "./types";

/** Log Analytics keeps 30 days when a workspace sets no retention. */
const defaultRetentionDays = 30;

const shipRequirement = "The stack that owns the sign-in log workspace must ship SignInLogs and NonInteractiveUserSignInLogs to it: the portal keeps 30 days, and the non-interactive log carries the silent token refreshes";
const shipFix = "Fix: set token-protection:logAnalytics in this stack so the package declares the tenant's diagnostic setting with both categories.";

function owns(stack: StackView, context: RuleContext): boolean {
    return context.ownsSignInLogs === true || stack.signInLogs.workspaces.length > 0 || stack.signInLogs.diagnosticSettings.length > 0;
}

function enabledCategories(logs: unknown): string[] | undefined {
    if (isUnknown(logs)) {
        return undefined;
    }
    const entries = Array.isArray(logs) ? logs : [];
    if (entries.some(isUnknown)) {
        return undefined;
    }
    return entries.filter((entry) => valueAt(entry, "enabled") === true).map((entry) => stringAt(entry, "category")).filter((c): c is string => typeof c === "string");
}

function shippingFindings(stack: StackView, label: string): StackFinding[] {
    const settings = stack.signInLogs.diagnosticSettings;
    if (settings.length === 0) {
        return [{ policy: label, message: `${shipRequirement}, but the stack declares no Entra diagnostic setting. ${shipFix}` }];
    }
    const shipped = settings.map((s) => ({ setting: s, enabled: enabledCategories(s.logs) }));
    if (shipped.some((s) => s.enabled === undefined)) {
        return [];
    }
    const missing = Object.keys(categories).filter((category) => !shipped.some((s) => s.enabled!.includes(category) && s.setting.workspaceId !== undefined));
    if (missing.length === 0) {
        return [];
    }
    const setting = settings[0];
    const observed = setting.workspaceId === undefined
        ? `diagnostic setting ${JSON.stringify(setting.name)} sends them to no Log Analytics workspace`
        : `diagnostic setting ${JSON.stringify(setting.name)} does not enable ${listText(missing)}`;
    return [{ policy: setting.name, urn: setting.urn, message: `${shipRequirement}, but ${observed}. ${shipFix}` }];
}

function retentionFindings(stack: StackView, context: RuleContext): StackFinding[] {
    const workspace = stack.signInLogs.workspaces[0];
    if (!workspace) {
        return [];
    }
    const short: string[] = [];
    for (const table of Object.values(categories)) {
        const declared = stack.signInLogs.tables.find((t) => t.tableName === table);
        // A table's own retention overrides the workspace's.
        const retention = declared?.retentionInDays ?? workspace.retentionInDays ?? defaultRetentionDays;
        if (typeof retention === "number" && retention < context.soakDays) {
            short.push(`${table} keeps ${retention} days`);
        }
    }
    if (short.length === 0) {
        return [];
    }
    return [{
        policy: workspace.name,
        urn: workspace.urn,
        message: `The sign-in log tables must keep at least ${context.soakDays} days, the length of the report-only soak, but ${listText(short)}. Fix: set token-protection:logAnalytics.retentionDays to at least ${context.soakDays}.`,
    }];
}

export const tpSignInLogsExported: StackRule = {
    kind: "stack",
    reads: ["signInLogs"],
    name: "tp-sign-in-logs-exported",
    description: "Checks whether the stack that owns the sign-in log workspace ships interactive and non-interactive sign-ins to it, kept at least as long as the soak.",
    defaultLevel: "mandatory",
    configSchema: {
        soakDays: { type: "integer", minimum: 1, default: defaultSoakDays, description: "Minimum retention in days: the report-only soak length." },
    },
    notApplicable: (stack, context) => (owns(stack, context) ? undefined : "the stack does not own the sign-in log workspace"),
    check(stack, context) {
        const label = stack.signInLogs.workspaces[0]?.name ?? "sign-in log workspace";
        return [...shippingFindings(stack, label), ...retentionFindings(stack, context)];
    },
};
