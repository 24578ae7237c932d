// Runs one CrossGuard policy in-process the way the policy server does (after awsguard's tests/util.ts):
// props wrapped in the SDK's own unknown-checking proxy (pulumi-policy#445: hand-made args hide what the
// proxy breaks), `notApplicable` throwing, `stackTags`, and config as `getConfig` returns it.
import * as assert from "assert";
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { unknownSentinel } from "./analyzerHarness";

// Exported by @pulumi/policy at run time; its typings strip them (marked internal).
const { unknownCheckingProxy } = require("@pulumi/policy") as { unknownCheckingProxy: <T>(value: T) => T };

/** A value the engine does not know during preview, as the policy server receives it. */
export const unknown = unknownSentinel;

class NotApplicable extends Error {
    constructor(readonly reason: string | undefined) {
        super(`not applicable: ${reason}`);
    }
}

export const testUrn = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::token-protection::${type}::${name}`;

function resourceArgs(type: string, props: Record<string, unknown>, config: Record<string, unknown>, urn: string): ResourceValidationArgs {
    return {
        type,
        props: unknownCheckingProxy(JSON.parse(JSON.stringify(props))),
        urn,
        name: urn.split("::").pop()!,
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        stackTags: new Map<string, string>(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

export interface PolicyOutcome {
    violations: string[];
    notApplicable?: string;
}

/** Runs a resource policy on one resource; `stack` picks the URN (and so the stack whose config applies). */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy, type: string, props: Record<string, unknown>,
    options: { config?: Record<string, unknown>; stack?: string } = {},
): Promise<PolicyOutcome> {
    const violations: string[] = [];
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    try {
        for (const validate of validations) {
            await validate(resourceArgs(type, props, options.config ?? {}, testUrn(options.stack ?? "pilot", type, "policy")), (message) => violations.push(message));
        }
    } catch (err) {
        if (err instanceof NotApplicable) {
            return { violations, notApplicable: err.reason };
        }
        throw err;
    }
    return { violations };
}

export interface StackResourceFixture {
    type: string;
    name: string;
    props: Record<string, unknown>;
}

/** Runs a stack policy; each violation is "<urn>: <message>" when it names a resource. */
export async function runStackPolicy(
    policy: StackValidationPolicy, resources: StackResourceFixture[],
    options: { config?: Record<string, unknown>; stack?: string } = {},
): Promise<PolicyOutcome> {
    const violations: string[] = [];
    const args: StackValidationArgs = {
        resources: resources.map((r): PolicyResource => ({
            type: r.type,
            name: r.name,
            urn: testUrn(options.stack ?? "pilot", r.type, r.name),
            props: unknownCheckingProxy(JSON.parse(JSON.stringify(r.props))),
            opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        })),
        stackTags: new Map<string, string>(),
        getConfig: <T extends object>() => (options.config ?? {}) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    try {
        await policy.validateStack(args, (message, urn) => violations.push(urn ? `${urn.split("::").pop()}: ${message}` : message));
    } catch (err) {
        if (err instanceof NotApplicable) {
            return { violations, notApplicable: err.reason };
        }
        throw err;
    }
    return { violations };
}

/** Asserts the exact messages; on failure prints every one reported (awsguard's habit). */
export function assertViolations(outcome: PolicyOutcome, expected: string[]): void {
    assert.strictEqual(outcome.notApplicable, undefined, `expected the policy to apply, but: ${outcome.notApplicable}`);
    assert.deepStrictEqual(outcome.violations, expected, `reported:\n${outcome.violations.map((v) => `  - ${v}`).join("\n") || "  (none)"}`);
}

export function assertNotApplicable(outcome: PolicyOutcome, reason: string): void {
    assert.deepStrictEqual(outcome, { violations: [], notApplicable: reason });
}
