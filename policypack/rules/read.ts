// Tolerant reading of a Conditional Access policy. Tenant exports carry nulls and leave keys out, and during
// `pulumi preview` some values are not known yet; a rule must neither crash on those nor mistake them for
// a real value.
import { isTokenProtectionPolicy, protectedAppNames } from "../../model/conditionalAccess";
import type { PolicyRule, RuleContext } from "./types";

/** Stands for a value Pulumi cannot know during preview (the output of a resource not created yet). */
export const unknownValue: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof unknownValue;

export function isUnknown(value: unknown): value is Unknown {
    return value === unknownValue;
}

/** The value at `path`: `unknownValue` if any step is unknown, `undefined` if any step is missing or null. */
export function valueAt(source: unknown, ...path: string[]): unknown {
    let current = source;
    for (const key of path) {
        if (isUnknown(current)) {
            return current;
        }
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string, unknown>)[key];
    }
    return current === null ? undefined : current;
}

/** A string list read tolerantly: its known strings, whether any part is unknown, whether it is set at all. */
export interface StringList {
    values: string[];
    unknown: boolean;
    isSet: boolean;
}

export function stringsAt(source: unknown, ...path: string[]): StringList {
    const value = valueAt(source, ...path);
    if (isUnknown(value)) {
        return { values: [], unknown: true, isSet: true };
    }
    if (!Array.isArray(value)) {
        // Graph sometimes answers one value where a list is expected; a lone string still counts.
        return typeof value === "string" ? { values: [value], unknown: false, isSet: true } : { values: [], unknown: false, isSet: false };
    }
    return {
        values: value.filter((item): item is string => typeof item === "string"),
        unknown: value.some(isUnknown),
        isSet: value.length > 0,
    };
}

export function stringAt(source: unknown, ...path: string[]): string | Unknown | undefined {
    const value = valueAt(source, ...path);
    return isUnknown(value) || typeof value === "string" ? value : undefined;
}

export function displayNameOf(policy: unknown): string {
    const name = stringAt(policy, "displayName");
    return typeof name === "string" && name.length > 0 ? name : "(policy without a display name)";
}

export function isEnforced(policy: unknown): boolean {
    return stringAt(policy, "state") === "enabled";
}

export function isTokenProtection(policy: unknown): boolean {
    return isTokenProtectionPolicy(policy as { sessionControls?: unknown });
}

export const notTokenProtection = "not a Token Protection policy (sessionControls.secureSignInSession is not enabled)";

/** Why a policy rule does not apply to a policy: its scope, then enforcedOnly, then the rule's own reason. */
export function whyNotApplicable(rule: PolicyRule, policy: unknown, context: RuleContext): string | undefined {
    if (rule.scope === "tokenProtection" && !isTokenProtection(policy)) return notTokenProtection;
    if (rule.enforcedOnly && !isEnforced(policy)) return "the policy is not enforced";
    return rule.notApplicable?.(policy, context);
}

/** A policy for iOS/macOS only: the Apple preview policy, which has its own resource list and no device filter. */
export function isAppleOnly(policy: unknown): boolean {
    const platforms = stringsAt(policy, "conditions", "platforms", "includePlatforms");
    return platforms.values.length > 0 && !platforms.unknown && platforms.values.every((p) => p === "iOS" || p === "macOS");
}

/** "Microsoft Teams Services (cc15fd57-...)" for a protected resource, the raw value otherwise. */
export function appLabel(appId: string): string {
    const name = protectedAppNames[appId.toLowerCase()];
    return name ? `${name} (${appId})` : JSON.stringify(appId);
}

/** "a", "a and b", "a, b and c". */
export function listText(items: readonly string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function quoted(items: readonly string[]): string[] {
    return items.map((item) => JSON.stringify(item));
}
