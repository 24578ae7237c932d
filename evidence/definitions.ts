// The definitions every number in the evidence report rests on. The analyzer (JavaScript) and the KQL
// (kql/*.kql, whose shared prelude evidence/kqlGenerated.ts generates from this file) compute exactly these;
// test/evidence/definitions.spec.ts and kql.spec.ts hold the two sides together.
import { AppIds, protectedAppNames, tokenProtectionSessionControlNames } from "../model/conditionalAccess";
import { isJsonObject } from "../model/json";
import { SignInLogTable, signInLogTables } from "../model/signInLogs";

/** The two Log Analytics tables, and the names the report uses for them. */
export type SignInTable = SignInLogTable;
export const signInTables: readonly SignInTable[] = Object.values(signInLogTables);

/**
 * Resource display names that also identify a protected resource when the row has no (or an unknown)
 * resource app ID. AVD's service principal still shows its old name in some tenants.
 */
export const protectedResourceNameAliases: Readonly<Record<string, string>> = {
    "Windows Virtual Desktop": protectedAppNames[AppIds.azureVirtualDesktop],
};

/** Protected resource by lower-case resource app ID, and by exact display name (canonical names, then aliases). */
export const resourceNameById: ReadonlyMap<string, string> = new Map(Object.entries(protectedAppNames).map(([id, name]) => [id.toLowerCase(), name]));
export const resourceNameByDisplayName: ReadonlyMap<string, string> = new Map<string, string>([
    ...Object.values(protectedAppNames).map((name): [string, string] => [name, name]),
    ...Object.entries(protectedResourceNameAliases),
]);

/**
 * The protected resource a sign-in targets, by its canonical name, or undefined when it is out of scope.
 * The resource app ID decides first (case-insensitive); the display name (exact) only when the ID does not.
 */
export function protectedResourceOf(resourceId: string, resourceDisplayName: string): string | undefined {
    return resourceNameById.get(resourceId.toLowerCase()) ?? resourceNameByDisplayName.get(resourceDisplayName);
}

/** The Token Protection session-control strings, current and pre-June-2023. */
export const tokenProtectionControls: readonly string[] = tokenProtectionSessionControlNames;

/**
 * Policy results that mean the policy did not apply to the request. Microsoft's samples drop the first two;
 * `notEnabled` (a disabled policy) did not apply either.
 */
export const notAppliedResults: readonly string[] = ["notApplied", "reportOnlyNotApplied", "notEnabled"];

/**
 * Results that mean the policy's controls were not met. With a session-control-only policy this is the
 * Token Protection control failing; `sessionControlsNotSatisfied` says so directly when the log carries
 * it (the schema note found it absent from every Log Analytics sample, so the result counts too).
 */
export const failedResults: readonly string[] = ["failure", "reportOnlyFailure"];

/** Token Protection status of a request: what `signInSessionStatus` says, or that the field is missing. */
export type TokenProtectionStatus = "bound" | "unbound" | "none" | "missing";

/** `details` is the decoded TokenProtectionStatusDetails: an object, null, or absent (undefined). */
export function tokenProtectionStatusOf(details: unknown): { status: TokenProtectionStatus; code: number | null } {
    if (details === undefined || details === null || typeof details !== "object") {
        return { status: "missing", code: null };
    }
    const record = details as Record<string, unknown>;
    const status = String(record.signInSessionStatus ?? "").toLowerCase();
    return {
        status: status === "bound" || status === "unbound" ? status : "none",
        code: statusCodeOf(record.signInSessionStatusCode),
    };
}

/** Like KQL `toint()`: an integer, or a string holding one; anything else is no code. */
function statusCodeOf(value: unknown): number | null {
    if (typeof value === "number") {
        return Number.isInteger(value) ? value : null;
    }
    if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) {
        return Number.parseInt(value, 10);
    }
    return null;
}

/** An entry of ConditionalAccessPolicies / appliedConditionalAccessPolicies, as far as Token Protection reads it. */
export interface AppliedPolicy {
    id?: unknown;
    displayName?: unknown;
    result?: unknown;
    enforcedSessionControls?: unknown;
    sessionControlsNotSatisfied?: unknown;
}

export function namesTokenProtection(controls: unknown): boolean {
    if (!Array.isArray(controls)) return false;
    for (const c of controls) if (typeof c === "string" && tokenProtectionControls.includes(c)) return true;
    return false;
}

/** How one applied policy bears on Token Protection; `applies` is false for any other policy. */
export interface PolicyVerdict {
    /** It enforces the Token Protection session control and applied to the request. */
    applies: boolean;
    /** It applies and --policy-id (if given) names it. */
    counted: boolean;
    reportOnly: boolean;
    notSatisfied: boolean;
}

const notApplies: PolicyVerdict = { applies: false, counted: false, reportOnly: false, notSatisfied: false };

export function policyVerdict(policy: AppliedPolicy, policyIds: ReadonlySet<string> | undefined): PolicyVerdict {
    if (!namesTokenProtection(policy.enforcedSessionControls)) return notApplies;
    const result = typeof policy.result === "string" ? policy.result : String(policy.result ?? "");
    if (notAppliedResults.includes(result)) return notApplies;
    return {
        applies: true,
        counted: policyIds === undefined || policyIds.size === 0 || policyIds.has(String(policy.id ?? "").toLowerCase()),
        reportOnly: result.toLowerCase().startsWith("reportonly"),
        notSatisfied: namesTokenProtection(policy.sessionControlsNotSatisfied) || failedResults.includes(result),
    };
}

export type Outcome = "block" | "wouldBlock" | "allow" | "none";

/**
 * What the Token Protection policies that applied did with the request:
 *  - block: an enforced one was not satisfied (the request was refused);
 *  - wouldBlock: none blocked, but a report-only one was not satisfied;
 *  - allow: at least one applied and every one was satisfied;
 *  - none: no Token Protection policy applied.
 */
export function outcomeOf(
    policies: readonly unknown[],
    policyIds: ReadonlySet<string> | undefined,
    /** Called for every Token Protection policy that applied, counted or not (the report's policy list). */
    onApplied?: (policy: AppliedPolicy, verdict: PolicyVerdict) => void,
): Outcome {
    let counted = 0;
    let wouldBlock = false;
    let block = false;
    for (const policy of policies) {
        if (!isJsonObject(policy)) continue;
        const v = policyVerdict(policy, policyIds);
        if (!v.applies) continue;
        onApplied?.(policy, v);
        if (!v.counted) continue;
        counted++;
        if (v.notSatisfied && v.reportOnly) wouldBlock = true;
        if (v.notSatisfied && !v.reportOnly) block = true;
    }
    return block ? "block" : wouldBlock ? "wouldBlock" : counted > 0 ? "allow" : "none";
}

/** A user is counted by object ID, or by lower-cased UPN when the ID is missing. */
export function userKeyOf(userId: string, userPrincipalName: string): string {
    return userId !== "" ? userId : userPrincipalName.toLowerCase();
}
