// `tp-rollout diff` for a terminal: one line per change, enforcement changes first and marked with "!".
import { FieldChange } from "./policyChanges";
import { PolicyDiff, StackDiff } from "./planDiff";

export interface DiffReport {
    /** "origin/main (1a2b3c4) -> working tree", or "stack \"report-only\" -> stack \"pilot\"". */
    heading: string;
    stacks: StackDiff[];
    /** How to see one stack's full diff, for the markdown notes about folded or cut sections. */
    rerun: (stack: string) => string;
    /** Stacks whose working-tree plan failed: the change itself is broken, so the command exits 1. */
    headFailures?: string[];
}

export const offlineNote = "Computed offline from the two plans under Pulumi's mocks: no credentials, no tenant read. "
    + "Only Conditional Access policies are compared field by field; for other resources, added and removed ones are listed (`pulumi preview --diff` shows the rest).";

export function fieldLine(change: FieldChange): string {
    return change.op === "->" ? `${change.field}: ${change.before} -> ${change.after}` : `${change.field}: ${change.op} ${change.value}`;
}

export function enforcementLine(change: { displayName: string; before?: string; after?: string }): string {
    if (change.before === undefined) {
        return `${change.displayName}: new policy, ${change.after}`;
    }
    if (change.after === undefined) {
        return `${change.displayName}: removed (was ${change.before})`;
    }
    return `${change.displayName}: ${change.before} -> ${change.after}`;
}

export function policyHeadline(policy: PolicyDiff): string {
    switch (policy.change) {
        case "added":
            return `${policy.displayName}: new policy, ${policy.state} (resource ${policy.name})`;
        case "removed":
            return `${policy.displayName}: removed (was ${policy.state}; resource ${policy.name})`;
        case "changed":
            return policy.renamedFrom
                ? `${policy.displayName} (resource ${policy.renamedFrom} renamed to ${policy.name}: Pulumi replaces the policy unless an alias is declared)`
                : `${policy.displayName} (resource ${policy.name})`;
    }
}

const policyMarks = { added: "+", removed: "-", changed: "~" } as const;

export function stackStatusLine(diff: StackDiff): string | undefined {
    switch (diff.status) {
        case "unchanged":
            return "no change";
        case "added":
            return "new stack";
        case "removed":
            return "stack removed";
        case "failed":
            return "the plan could not be computed";
        default:
            return undefined;
    }
}

/** What a reviewer must know beyond the status. */
export function stackNote(diff: StackDiff): string | undefined {
    return diff.status === "removed"
        ? `Deleting a stack file does not delete what the stack deployed; \`pulumi destroy --stack ${diff.stack}\` does.`
        : undefined;
}

export function formatDiffText(report: DiffReport): string {
    const lines = [`Policy diff: ${report.heading}`, offlineNote];
    for (const diff of report.stacks) {
        const status = stackStatusLine(diff);
        lines.push("", `== ${diff.title}${status ? `: ${status}` : ""} ==`);
        const note = stackNote(diff);
        if (note) {
            lines.push(note);
        }
        if (diff.error) {
            lines.push(...diff.error.split("\n").map((l) => `  ${l}`));
        }
        if (diff.enforcement.length > 0) {
            lines.push("Enforcement changes:", ...diff.enforcement.map((c) => `  ! ${enforcementLine(c)}`));
        }
        if (diff.policies.length > 0) {
            lines.push("Conditional Access policies:");
            for (const policy of diff.policies) {
                lines.push(`  ${policyMarks[policy.change]} ${policyHeadline(policy)}`);
                if (policy.change === "changed") {
                    lines.push(...policy.fields.map((f) => `      ${f.enforcement ? "! " : ""}${fieldLine(f)}`));
                }
            }
        }
        const { added, removed } = diff.resources;
        if (added.length + removed.length > 0) {
            lines.push("Other resources:", ...removed.map((r) => `  - ${r.type} ${r.name}`), ...added.map((r) => `  + ${r.type} ${r.name}`));
        }
    }
    return lines.join("\n");
}
