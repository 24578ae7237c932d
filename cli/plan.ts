// The offline plan: every resource a stack declares and every Conditional Access policy as the Graph beta
// body it would send. `plan --json` is a public contract; `check` and `diff` are built on it.
import { CaPolicyBody, parsePolicyDisplayName, PolicyKind, policyKinds } from "../model/conditionalAccess";
import { inGraphKeyOrder } from "../model/normalize";
import { caPolicyOf } from "../policypack/resources";
import { ProgramRun, RecordedResource, runProgram } from "./program";

export interface PlannedPolicy {
    /** The Pulumi logical name of the resource that declares the policy. */
    name: string;
    kind: PolicyKind;
    body: CaPolicyBody;
}

export interface Plan {
    stack: string;
    resources: { type: string; name: string }[];
    conditionalAccessPolicies: PlannedPolicy[];
}

/** The Graph body a recorded resource would send, for either kind of CA policy resource (the pack's mapping). */
export function policyBodyOf(resource: Pick<RecordedResource, "type" | "inputs">): CaPolicyBody | undefined {
    return caPolicyOf({ type: resource.type, props: resource.inputs }) as CaPolicyBody | undefined;
}


export function planFromRun(run: ProgramRun): Plan {
    const declared = [...run.resources].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    const policies: PlannedPolicy[] = [];
    for (const resource of declared) {
        const body = policyBodyOf(resource);
        if (!body) {
            continue;
        }
        const parsed = parsePolicyDisplayName(body.displayName);
        if (!parsed) {
            throw new Error(`policy ${resource.name} has a display name the package does not generate: ${body.displayName}`);
        }
        policies.push({ name: resource.name, kind: parsed.kind, body: inGraphKeyOrder(body) });
    }
    policies.sort((a, b) => policyKinds.indexOf(a.kind) - policyKinds.indexOf(b.kind));
    return {
        stack: run.stack,
        resources: declared.map((r) => ({ type: r.type, name: r.name })),
        conditionalAccessPolicies: policies,
    };
}

export async function planStack(stack: string, options: { projectDir?: string; config?: Record<string, string> } = {}): Promise<Plan & { warnings: string[] }> {
    const run = await runProgram(stack, options);
    return { ...planFromRun(run), warnings: run.warnings };
}
