// The canonical form of a Conditional Access policy: what Graph returns and what the package declares
// compare equal whenever they mean the same policy. False drift is the defect peers' users report most
// (azuread #1235/#1347, Microsoft365DSC #1036, microsoft365wp #13), so every comparison goes through here.
import { CaPolicyBody, isGuid } from "./conditionalAccess";

/** Top-level fields the package manages; anything else on a tenant's policy is left alone. */
export const managedFields = ["displayName", "state", "conditions", "grantControls", "sessionControls"] as const;
export type ManagedField = (typeof managedFields)[number];

/** Condition sets the package manages; others (locations, risk levels) are not compared. */
const managedConditions = ["users", "applications", "clientAppTypes", "platforms", "devices"] as const;

/** Server-assigned or read-only fields Graph adds to every answer. */
const serverFields = new Set(["id", "createdDateTime", "modifiedDateTime", "templateId", "deletedDateTime", "partialEnablementStrategy"]);

/**
 * Canonical JSON: no nulls, no empty arrays or objects, no `@odata.*` annotations or server fields,
 * string sets sorted and de-duplicated, GUIDs lower-case. Every string array in a CA policy is a set.
 */
/** A list member as Graph compares it: GUIDs case-blind, anything else exactly. */
export function canonicalMember(value: string): string {
    return isGuid(value) ? value.toLowerCase() : value;
}

export function canonicalize(value: unknown): unknown {
    if (value === null || value === undefined) {
        return undefined;
    }
    if (Array.isArray(value)) {
        const items = value.map(canonicalize).filter((item) => item !== undefined);
        if (items.length === 0) {
            return undefined;
        }
        if (items.every((item) => typeof item === "string")) {
            const strings = (items as string[]).map(canonicalMember);
            return [...new Set(strings)].sort();
        }
        return items;
    }
    if (typeof value === "object") {
        const result: Record<string, unknown> = {};
        for (const key of Object.keys(value as object).sort()) {
            // Annotations come bare (`@odata.type`) and property-scoped (`authenticationStrength@odata.context`).
            if (key.includes("@odata.") || serverFields.has(key)) {
                continue;
            }
            const raw = (value as Record<string, unknown>)[key];
            // Graph writes the guest types as one comma-separated string; its order carries no meaning.
            const canonical = key === "guestOrExternalUserTypes" && typeof raw === "string"
                ? raw.split(",").map((t) => t.trim()).filter(Boolean).sort().join(",")
                : canonicalize(raw);
            if (canonical !== undefined) {
                result[key] = canonical;
            }
        }
        return Object.keys(result).length > 0 ? result : undefined;
    }
    return value;
}

/**
 * The managed part of a policy in canonical form. Graph answers a session-only policy with a grant
 * block holding just an operator; a grant without controls means nothing, so it is dropped too.
 */
export function normalizePolicy(policy: unknown): Partial<CaPolicyBody> {
    const source = (policy ?? {}) as Record<string, unknown>;
    const conditions = (source.conditions ?? {}) as Record<string, unknown>;
    const projected: Record<string, unknown> = {};
    for (const field of managedFields) {
        projected[field] = source[field];
    }
    projected.conditions = Object.fromEntries(managedConditions.map((key) => [key, conditions[key]]));
    const canonical = (canonicalize(projected) ?? {}) as Record<string, unknown>;
    const grant = canonical.grantControls as Record<string, unknown> | undefined;
    if (grant && Object.keys(grant).every((key) => key === "operator")) {
        delete canonical.grantControls;
    }
    return canonical as Partial<CaPolicyBody>;
}

/** Deep equality of canonical JSON values (key order is already fixed by `canonicalize`). */
export function canonicalEqual(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** The managed top-level fields whose canonical values differ between two policies. */
export function changedFields(desired: unknown, actual: unknown): ManagedField[] {
    const want = normalizePolicy(desired) as Record<string, unknown>;
    const have = normalizePolicy(actual) as Record<string, unknown>;
    return managedFields.filter((field) => !canonicalEqual(want[field], have[field]));
}

// The order Graph's documentation and the Entra admin center present a policy in.
const keyOrder = [
    "displayName", "state", "conditions", "grantControls", "sessionControls",
    "users", "applications", "clientAppTypes", "platforms", "devices",
    "includeUsers", "includeGroups", "includeRoles", "excludeUsers", "excludeGroups", "excludeRoles", "excludeGuestsOrExternalUsers",
    "includeApplications", "excludeApplications", "includePlatforms", "excludePlatforms", "deviceFilter", "mode", "rule",
    "operator", "builtInControls", "secureSignInSession", "isEnabled",
];

/** The same policy with its keys in Graph's documented order, for printing. Values are untouched. */
export function inGraphKeyOrder<T>(value: T): T {
    if (Array.isArray(value) || value === null || typeof value !== "object") {
        return value;
    }
    const rank = (key: string) => (keyOrder.includes(key) ? keyOrder.indexOf(key) : keyOrder.length);
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
    return Object.fromEntries(entries.map(([k, v]) => [k, inGraphKeyOrder(v)])) as T;
}
