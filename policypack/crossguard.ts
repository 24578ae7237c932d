// The rules as CrossGuard policies. One ResourceValidationPolicy per policy rule, keyed on the two
// Conditional Access resource types; one StackValidationPolicy per stack rule. Pulumi applies the levels
// (pack config per wave); this file supplies each rule's context from the stack the resource belongs to.
import type { Policies, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { graphPolicyType } from "../graph/resource";
import { parseUrn, stackContext, withOverrides } from "./context";
import { azureadPolicyType, caPolicyOf, ResourceInput, stackViewOf } from "./resources";
import { rules } from "./rules";
import { unknownValue, whyNotApplicable } from "./rules/read";
import { PolicyRule, RuleContext, StackRule } from "./rules/types";

// Exported at run time, but stripped from @pulumi/policy's typings (marked internal there).
const { UnknownValueError } = require("@pulumi/policy") as { UnknownValueError: new (...args: never[]) => Error };

/**
 * A plain copy of props as CrossGuard passes them: a proxy that throws on any value unknown during
 * preview (pulumi-policy#445). Unknown values become `unknownValue`, so rules can read everything else;
 * plain objects pass through unchanged.
 */
export function resolveProps(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    const read = (key: string | number): unknown => {
        try {
            return resolveProps((value as Record<string | number, unknown>)[key]);
        } catch (err) {
            if (err instanceof UnknownValueError) {
                return unknownValue;
            }
            throw err;
        }
    };
    if (Array.isArray(value)) {
        return Array.from({ length: value.length }, (_, i) => read(i));
    }
    return Object.fromEntries(Object.keys(value).map((key) => [key, read(key)]));
}

/**
 * Reads the top-level props of a Conditional Access policy straight from the proxy: if one is unknown as
 * a whole (a body computed from a group not created yet), CrossGuard's own handling reports "can't run
 * policy ... during preview" as an advisory, and `pulumi up` runs the check on the real values. Nested
 * unknowns become `unknownValue` instead, and the rules read around them.
 */
function touchPolicyProps(type: string, props: Record<string, unknown>): void {
    const keys = type === graphPolicyType ? ["body"] : type === azureadPolicyType ? ["displayName", "state", "conditions"] : [];
    for (const key of keys) {
        void props[key];
    }
}

/** A resource as the rules read it; `strict`: a policy unknown as a whole stops the rule (see touchPolicyProps). */
export function toResourceInput(resource: { type: string; name: string; urn: string; props: Record<string, unknown> }, strict = true): ResourceInput {
    if (strict) {
        touchPolicyProps(resource.type, resource.props);
    }
    const props = resolveProps(resource.props) as Record<string, unknown>;
    // The dynamic provider's serialized code: secret, large, and nothing a rule reads.
    delete props.__provider;
    return { type: resource.type, name: resource.name, urn: resource.urn, props };
}

export interface CrossGuardOptions {
    /** The directory holding Pulumi.yaml and the stacks' config. */
    projectDir: string;
    /** The clock; tests pin it. */
    now?: () => Date;
}

function contextCache(options: CrossGuardOptions): (urn: string) => RuleContext {
    const cache = new Map<string, RuleContext>();
    return (urn) => {
        const today = (options.now ?? (() => new Date()))();
        const key = `${parseUrn(urn)?.stack ?? ""}|${today.toISOString().slice(0, 10)}`;
        let context = cache.get(key);
        if (!context) {
            context = stackContext(options.projectDir, urn, today);
            cache.set(key, context);
        }
        return { ...context, today };
    };
}

function configSchemaOf(rule: PolicyRule | StackRule) {
    return Object.keys(rule.configSchema).length > 0 ? { configSchema: { properties: rule.configSchema } } : {};
}

/** A policy rule as a CrossGuard resource policy; `contextOf` gives the context of a resource's stack. */
export function resourcePolicy(rule: PolicyRule, contextOf: (urn: string) => RuleContext): ResourceValidationPolicy {
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.defaultLevel,
        ...configSchemaOf(rule),
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            if (args.type !== graphPolicyType && args.type !== azureadPolicyType) {
                args.notApplicable(`not a Conditional Access policy (${args.type})`);
            }
            if (args.type === azureadPolicyType && rule.scope === "tokenProtection") {
                // Decided by type alone, so an azuread policy not known yet costs no "can't run" advisory.
                args.notApplicable("an azuread policy cannot carry the Token Protection session control (Graph v1.0 has no secureSignInSession)");
            }
            const policy = caPolicyOf(toResourceInput(args));
            const context = withOverrides(contextOf(args.urn), args.getConfig<Record<string, unknown>>());
            const reason = whyNotApplicable(rule, policy, context);
            if (reason !== undefined) {
                args.notApplicable(reason);
            }
            for (const message of rule.check(policy, context)) {
                reportViolation(message);
            }
        },
    };
}

/** A stack rule as a CrossGuard stack policy. */
export function stackPolicy(rule: StackRule, contextOf: (urn: string) => RuleContext): StackValidationPolicy {
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.defaultLevel,
        ...configSchemaOf(rule),
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const stack = stackViewOf(args.resources.map((r) => toResourceInput(r, rule.reads.includes("policies"))));
            const urn = args.resources[0]?.urn ?? "";
            const context = withOverrides(contextOf(urn), args.getConfig<Record<string, unknown>>());
            const reason = rule.notApplicable(stack, context);
            if (reason !== undefined) {
                args.notApplicable(reason);
            }
            for (const finding of rule.check(stack, context)) {
                reportViolation(finding.message, finding.urn);
            }
        },
    };
}

/** Every rule as a CrossGuard policy. */
export function crossGuardPolicies(options: CrossGuardOptions): Policies {
    const contextOf = contextCache(options);
    return rules.map((rule) => (rule.kind === "policy" ? resourcePolicy(rule, contextOf) : stackPolicy(rule, contextOf)));
}
