// The difference between two offline plans of a stack (or of two stacks): policies matched by kind, each
// added, removed or changed field by field; enforcement changes collected first; other resources added
// or removed by type and logical name.
import { ConditionalAccessPolicyState, PolicyKind, stateLabel } from "../model/conditionalAccess";
import { Plan, PlannedPolicy } from "../cli/plan";
import { caPolicyTypes } from "../policypack/resources";
import { Labeller } from "./labels";
import { FieldChange, policyFieldChanges, stateChange } from "./policyChanges";

export type PolicyDiff =
    | { change: "added" | "removed"; kind: PolicyKind; name: string; displayName: string; state: string }
    | { change: "changed"; kind: PolicyKind; name: string; displayName: string; fields: FieldChange[]; renamedFrom?: string };

/** A change to what a wave enforces: a state change, or an enforced policy that appears or goes. */
export interface EnforcementChange {
    displayName: string;
    /** Readable state before, or undefined for a new policy. */
    before?: string;
    after?: string;
}

export interface ResourceRef {
    type: string;
    name: string;
}

export interface StackDiff {
    /** The heading: a stack name, or "stackA -> stackB". */
    title: string;
    /** The stack whose files hold the full diff, for notes that say how to see what was cut. */
    stack: string;
    status: "changed" | "unchanged" | "added" | "removed" | "failed";
    /** Why a plan could not be computed (status "failed"). */
    error?: string;
    enforcement: EnforcementChange[];
    policies: PolicyDiff[];
    resources: { added: ResourceRef[]; removed: ResourceRef[] };
}

const enforced: ConditionalAccessPolicyState = "enabled";

export interface DiffPlansOptions {
    title: string;
    stack: string;
    labeller: Labeller;
    /** Comparing two different stacks: display names that differ only by the stack name are the same. */
    stacks?: { before: string; after: string };
}

/** `before` or `after` undefined: the stack is new, or gone. */
export function diffPlans(before: Plan | undefined, after: Plan | undefined, options: DiffPlansOptions): StackDiff {
    const policiesBefore = before?.conditionalAccessPolicies ?? [];
    const policiesAfter = after?.conditionalAccessPolicies ?? [];
    const kinds = [...new Set([...policiesAfter, ...policiesBefore].map((p) => p.kind))];
    const policies: PolicyDiff[] = [];
    const enforcement: EnforcementChange[] = [];
    for (const kind of kinds) {
        const a = policiesBefore.find((p) => p.kind === kind);
        const b = policiesAfter.find((p) => p.kind === kind);
        if (a && b) {
            const fields = policyFieldChanges(a.body, b.body, options.labeller, { ignoreStackInDisplayName: options.stacks });
            if (fields.length > 0 || a.name !== b.name) {
                policies.push({ change: "changed", kind, name: b.name, displayName: b.body.displayName, fields, ...(a.name !== b.name ? { renamedFrom: a.name } : {}) });
            }
            const state = stateChange(fields);
            if (state) enforcement.push({ displayName: b.body.displayName, ...state });
        } else if (b) {
            policies.push(addedOrRemoved("added", b));
            if (b.body.state === enforced) {
                enforcement.push({ displayName: b.body.displayName, after: stateLabel(b.body.state) });
            }
        } else if (a) {
            policies.push(addedOrRemoved("removed", a));
            if (a.body.state === enforced) {
                enforcement.push({ displayName: a.body.displayName, before: stateLabel(a.body.state) });
            }
        }
    }
    const resourcesBefore = otherResources(before);
    const resourcesAfter = otherResources(after);
    const key = (r: ResourceRef) => `${r.type}\u0000${r.name}`;
    const beforeKeys = new Set(resourcesBefore.map(key));
    const afterKeys = new Set(resourcesAfter.map(key));
    const resources = {
        added: resourcesAfter.filter((r) => !beforeKeys.has(key(r))),
        removed: resourcesBefore.filter((r) => !afterKeys.has(key(r))),
    };
    const changed = policies.length > 0 || resources.added.length > 0 || resources.removed.length > 0;
    return {
        title: options.title,
        stack: options.stack,
        status: !before ? "added" : !after ? "removed" : changed ? "changed" : "unchanged",
        enforcement,
        policies,
        resources,
    };
}

function addedOrRemoved(change: "added" | "removed", policy: PlannedPolicy): PolicyDiff {
    return { change, kind: policy.kind, name: policy.name, displayName: policy.body.displayName, state: stateLabel(policy.body.state) };
}

/** Every declared resource except the CA policies, which the policy section covers. */
function otherResources(plan: Plan | undefined): ResourceRef[] {
    if (!plan) {
        return [];
    }
    const policyNames = new Set(plan.conditionalAccessPolicies.map((p) => p.name));
    return plan.resources.filter((r) => !(caPolicyTypes.includes(r.type) && policyNames.has(r.name))).map((r) => ({ type: r.type, name: r.name }));
}

/** A stack whose plan could not be computed on one side: shown, never fatal for the other stacks. */
export function failedStackDiff(title: string, stack: string, error: string): StackDiff {
    return { title, stack, status: "failed", error, enforcement: [], policies: [], resources: { added: [], removed: [] } };
}
