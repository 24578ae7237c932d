// `tp-rollout diff`: the policy-level change between the committed tree at a git ref and the working tree,
// per stack, or between two stacks of the working tree. Both sides are offline plans (Pulumi mocks), so it
// needs no credentials and runs on pull requests from forks.
import { UsageError, isOperatorError } from "../cli/errors";
import { Plan, planStack } from "../cli/plan";
import { projectRoot } from "../cli/program";
import { listStacks, readProject } from "../components/stackConfig";
import { waves } from "../components/config";
import { DiffReport } from "./diffText";
import { materialiseRef } from "./gitTree";
import { idLabelsFromStackFiles, Labeller } from "./labels";
import { diffPlans, failedStackDiff, StackDiff } from "./planDiff";

/** The plan of one stack, or the readable reason it could not be computed. Program bugs still throw. */
async function tryPlan(stack: string, projectDir: string): Promise<{ plan?: Plan; error?: string }> {
    try {
        return { plan: await planStack(stack, { projectDir }) };
    } catch (err) {
        if (isOperatorError(err)) {
            return { error: err.message };
        }
        throw err;
    }
}

/** Waves in rollout order, then any other stack by name. */
function rolloutOrder(stacks: string[]): string[] {
    const rank = (s: string) => ((waves as readonly string[]).includes(s) ? (waves as readonly string[]).indexOf(s) : waves.length);
    return [...stacks].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface BaseDiffOptions {
    base: string;
    /** Only these stacks; all stacks of either side when empty. */
    stacks?: string[];
    projectDir?: string;
}

export async function diffAgainstBase(options: BaseDiffOptions): Promise<DiffReport> {
    const projectDir = options.projectDir ?? projectRoot;
    const head = readProject(projectDir);
    const tree = materialiseRef(projectDir, options.base);
    try {
        const base = readProject(tree.projectDir);
        const headStacks = listStacks(head);
        const baseStacks = listStacks(base);
        const all = rolloutOrder([...new Set([...headStacks, ...baseStacks])]);
        const unknown = (options.stacks ?? []).filter((s) => !all.includes(s));
        if (unknown.length > 0) {
            throw new UsageError(`--stack ${unknown.join(", ")}: no such stack at ${options.base} or in the working tree; stacks: ${all.join(", ")}`);
        }
        const selected = options.stacks?.length ? all.filter((s) => options.stacks!.includes(s)) : all;
        const diffs: StackDiff[] = [];
        const headFailures: string[] = [];
        for (const stack of selected) {
            const before = baseStacks.includes(stack) ? await tryPlan(stack, tree.projectDir) : {};
            const after = headStacks.includes(stack) ? await tryPlan(stack, projectDir) : {};
            if (before.error || after.error) {
                const where = [before.error && `at ${options.base}: ${before.error}`, after.error && `in the working tree: ${after.error}`].filter(Boolean).join("\n");
                diffs.push(failedStackDiff(stack, stack, where));
                if (after.error) {
                    headFailures.push(stack);
                }
                continue;
            }
            const labeller = new Labeller(idLabelsFromStackFiles([head, base], stack));
            diffs.push(diffPlans(before.plan, after.plan, { title: stack, stack, labeller }));
        }
        return {
            heading: `${options.base} (${tree.commit.slice(0, 7)}) -> working tree`,
            stacks: diffs,
            rerun: (stack) => `npx tp-rollout diff --base ${options.base} --stack ${stack}`,
            headFailures,
        };
    } finally {
        tree.dispose();
    }
}

/** Two stacks of the working tree: what changes when a population moves from one wave to the next. */
export async function diffStacks(stackA: string, stackB: string, projectDir = projectRoot): Promise<DiffReport> {
    const project = readProject(projectDir);
    const before = await planStack(stackA, { projectDir });
    const after = await planStack(stackB, { projectDir });
    const labeller = new Labeller(idLabelsFromStackFiles([project], stackB));
    const title = `${stackA} -> ${stackB}`;
    return {
        heading: `stack "${stackA}" -> stack "${stackB}" (working tree)`,
        stacks: [diffPlans(before, after, { title, stack: stackB, labeller, stacks: { before: stackA, after: stackB } })],
        rerun: () => `npx tp-rollout diff ${stackA} ${stackB}`,
    };
}
