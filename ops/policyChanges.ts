// Field-by-field changes between two versions of one Conditional Access policy, in the words an identity
// admin reads: "state: report-only -> enforced", "includeGroups: + Identity team", "device filter: + Cloud PC".
// Both sides go through the model's canonical form first, so reordering a list is never a change.
import { CaPolicyBody, stateLabel } from "../model/conditionalAccess";
import { deviceKindLabels, disjuncts, recogniseDeviceExclusions } from "../model/deviceFilter";
import { canonicalEqual, canonicalMember, normalizePolicy } from "../model/normalize";
import { Labeller, ValueDomain } from "./labels";

/** One line of a policy's change: a value added to or removed from a list, or a value replaced. */
export type FieldChange =
    | { field: string; op: "+" | "-"; value: string; enforcement?: false }
    | { field: string; op: "->"; before: string; after: string; enforcement?: boolean };

type Json = Record<string, unknown>;

/** The policy's state change among a policy's field changes (policyFieldChanges lists it first), if any. */
export function stateChange(fields: readonly FieldChange[]): { before: string; after: string } | undefined {
    const change = fields.find((f) => f.enforcement === true);
    return change && change.op === "->" ? { before: change.before, after: change.after } : undefined;
}

// The list-valued fields, in the order the Entra admin center shows them, and what their values name.
const listFields: { path: string[]; field: string; domain: ValueDomain }[] = [
    { path: ["grantControls", "builtInControls"], field: "grant", domain: "grant" },
    { path: ["conditions", "users", "includeUsers"], field: "includeUsers", domain: "users" },
    { path: ["conditions", "users", "includeGroups"], field: "includeGroups", domain: "groups" },
    { path: ["conditions", "users", "includeRoles"], field: "includeRoles", domain: "roles" },
    { path: ["conditions", "users", "excludeUsers"], field: "excludeUsers", domain: "users" },
    { path: ["conditions", "users", "excludeGroups"], field: "excludeGroups", domain: "groups" },
    { path: ["conditions", "users", "excludeRoles"], field: "excludeRoles", domain: "roles" },
    { path: ["conditions", "applications", "includeApplications"], field: "includeApplications", domain: "applications" },
    { path: ["conditions", "applications", "excludeApplications"], field: "excludeApplications", domain: "applications" },
    { path: ["conditions", "clientAppTypes"], field: "clientAppTypes", domain: "clientApps" },
    { path: ["conditions", "platforms", "includePlatforms"], field: "includePlatforms", domain: "platforms" },
    { path: ["conditions", "platforms", "excludePlatforms"], field: "excludePlatforms", domain: "platforms" },
];

const tokenProtectionPath = ["sessionControls", "secureSignInSession", "isEnabled"];
const guestsPath = ["conditions", "users", "excludeGuestsOrExternalUsers"];
const devicePath = ["conditions", "devices", "deviceFilter"];
const grantOperatorPath = ["grantControls", "operator"];

/** Paths described above; anything else that differs is printed as JSON, so no change goes unseen. */
const describedPaths = [
    ["state"], ["displayName"], tokenProtectionPath, guestsPath, devicePath, grantOperatorPath, ...listFields.map((f) => f.path),
].map((p) => p.join("."));

export interface PolicyChangeOptions {
    /** Comparing two stacks: a display name that differs only by the stack name is not a change. */
    ignoreStackInDisplayName?: { before: string; after: string };
}

/** The changes from `before` to `after`, the state first. Empty when the two mean the same policy. */
export function policyFieldChanges(before: CaPolicyBody, after: CaPolicyBody, labeller: Labeller, options: PolicyChangeOptions = {}): FieldChange[] {
    const a = normalizePolicy(before) as Json;
    const b = normalizePolicy(after) as Json;
    const changes: FieldChange[] = [];
    if (a.state !== b.state) {
        changes.push({ field: "state", op: "->", before: stateLabel(String(a.state)), after: stateLabel(String(b.state)), enforcement: true });
    }
    const tpBefore = at(a, tokenProtectionPath) === true;
    const tpAfter = at(b, tokenProtectionPath) === true;
    if (tpBefore !== tpAfter) {
        changes.push({ field: "session control \"Require token protection for sign-in sessions\"", op: "->", before: onOff(tpBefore), after: onOff(tpAfter) });
    }
    const operatorBefore = at(a, grantOperatorPath);
    const operatorAfter = at(b, grantOperatorPath);
    if (operatorBefore !== undefined && operatorAfter !== undefined && operatorBefore !== operatorAfter) {
        changes.push({ field: "grant operator", op: "->", before: String(operatorBefore), after: String(operatorAfter) });
    }
    for (const list of listFields) {
        // Membership is decided on the canonical form; values are listed in the order the policy declares them.
        changes.push(...setChanges(list.field, strings(at(before, list.path)), strings(at(after, list.path)), (v) => labeller.label(list.domain, v)));
        if (list.field === "excludeRoles") {
            changes.push(...guestChanges(at(a, guestsPath), at(b, guestsPath)));
        }
    }
    changes.push(...deviceFilterChanges(at(a, devicePath) as Json | undefined, at(b, devicePath) as Json | undefined));
    if (a.displayName !== b.displayName && !sameButForStack(String(a.displayName), String(b.displayName), options.ignoreStackInDisplayName)) {
        changes.push({ field: "displayName", op: "->", before: String(a.displayName), after: String(b.displayName) });
    }
    changes.push(...otherChanges(a, b));
    return changes;
}

function at(value: unknown, path: string[]): unknown {
    return path.reduce<unknown>((v, key) => (v !== null && typeof v === "object" ? (v as Json)[key] : undefined), value);
}

function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.map(String) : [];
}

function onOff(on: boolean): string {
    return on ? "on" : "off";
}

/** Removals first, then additions, each in the order the policy lists them; GUIDs compare case-blind. */
function setChanges(field: string, before: string[], after: string[], label: (value: string) => string): FieldChange[] {
    const key = canonicalMember;
    const beforeKeys = new Set(before.map(key));
    const afterKeys = new Set(after.map(key));
    const unique = (values: string[]) => values.filter((v, i) => values.findIndex((w) => key(w) === key(v)) === i);
    return [
        ...unique(before).filter((v) => !afterKeys.has(key(v))).map((v): FieldChange => ({ field, op: "-", value: label(v) })),
        ...unique(after).filter((v) => !beforeKeys.has(key(v))).map((v): FieldChange => ({ field, op: "+", value: label(v) })),
    ];
}

function guestChanges(before: unknown, after: unknown): FieldChange[] {
    const describe = (value: unknown) => {
        const types = (value as { guestOrExternalUserTypes?: string } | undefined)?.guestOrExternalUserTypes;
        return types ? `excluded (${types.split(",").join(", ")})` : "not excluded";
    };
    return canonicalEqual(before, after) ? [] : [{ field: "guests and external users", op: "->", before: describe(before), after: describe(after) }];
}

/**
 * A device filter is described branch by branch: the unsupported kinds it excludes by name ("Cloud
 * PC"), Autopilot profiles, and any other clause verbatim.
 */
function deviceFilterChanges(before: Json | undefined, after: Json | undefined): FieldChange[] {
    const changes: FieldChange[] = [];
    const modeBefore = before?.mode as string | undefined;
    const modeAfter = after?.mode as string | undefined;
    if (modeBefore && modeAfter && modeBefore !== modeAfter) {
        changes.push({ field: "device filter mode", op: "->", before: modeBefore, after: modeAfter });
    }
    const field = (mode: string | undefined) => (mode === "include" ? "device filter (include mode)" : "device filter");
    const itemsBefore = filterItems(before?.rule as string | undefined);
    const itemsAfter = filterItems(after?.rule as string | undefined);
    changes.push(
        ...itemsBefore.filter((i) => !itemsAfter.includes(i)).map((value): FieldChange => ({ field: field(modeBefore), op: "-", value })),
        ...itemsAfter.filter((i) => !itemsBefore.includes(i)).map((value): FieldChange => ({ field: field(modeAfter), op: "+", value })),
    );
    return changes;
}

function filterItems(rule: string | undefined): string[] {
    if (!rule) {
        return [];
    }
    return disjuncts(rule).map((branch) => {
        const { kinds, autopilotProfileNames } = recogniseDeviceExclusions(branch);
        if (kinds.length === 1) {
            return deviceKindLabels[kinds[0]];
        }
        if (autopilotProfileNames.length === 1) {
            return `Autopilot profile "${autopilotProfileNames[0]}"`;
        }
        return `rule ${branch.trim()}`;
    });
}

function sameButForStack(before: string, after: string, stacks: { before: string; after: string } | undefined): boolean {
    return stacks !== undefined && before.replace(`[${stacks.before}]`, `[${stacks.after}]`) === after;
}

/** Leaves outside the described fields, compared as canonical JSON. */
function otherChanges(a: Json, b: Json): FieldChange[] {
    const leavesA = leaves(a);
    const leavesB = leaves(b);
    const paths = [...new Set([...leavesA.keys(), ...leavesB.keys()])].filter((p) => !describedPaths.some((d) => p === d || p.startsWith(`${d}.`)));
    return paths.sort()
        .filter((p) => leavesA.get(p) !== leavesB.get(p))
        .map((p) => ({ field: p, op: "->", before: leavesA.get(p) ?? "(none)", after: leavesB.get(p) ?? "(none)" }));
}

function leaves(value: unknown, prefix = "", out = new Map<string, string>()): Map<string, string> {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        for (const [key, child] of Object.entries(value as Json)) {
            leaves(child, prefix ? `${prefix}.${key}` : key, out);
        }
    } else if (value !== undefined) {
        out.set(prefix, JSON.stringify(value));
    }
    return out;
}
