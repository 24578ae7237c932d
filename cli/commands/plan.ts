import { Command } from "commander";
import { stateLabel } from "../../model/conditionalAccess";
import type { Plan } from "../plan";

export function formatPlan(plan: Plan & { warnings: string[] }, wave?: { wave: string; enforcement: string }): string {
    const lines = [
        `Offline plan for stack "${plan.stack}"${wave ? ` (wave ${wave.wave}, enforcement ${wave.enforcement})` : ""}`,
        "Computed from the committed config under Pulumi's mocks: no credentials, no tenant. Values only a deployment knows show as <...>.",
        "",
        `Resources (${plan.resources.length}):`,
        ...plan.resources.map((r) => `  ${r.type.padEnd(66)} ${r.name}`),
        "",
        `Conditional Access policies (${plan.conditionalAccessPolicies.length}), as the Graph beta bodies they send:`,
    ];
    for (const policy of plan.conditionalAccessPolicies) {
        lines.push("", `## ${policy.body.displayName}: ${stateLabel(policy.body.state)}`, `kind ${policy.kind}, resource ${policy.name}`, JSON.stringify(policy.body, null, 2));
    }
    if (plan.warnings.length > 0) {
        lines.push("", "Warnings:", ...plan.warnings.map((w) => `  - ${w}`));
    }
    return lines.join("\n");
}

export function registerPlanCommand(program: Command): void {
    program
        .command("plan")
        .description("Run the program for a stack offline (Pulumi mocks, no credentials) and print every resource and CA policy body it declares.")
        .argument("<stack>", "stack name: report-only, pilot, expansion, or another file in stacks/")
        .option("--json", "print the plan as JSON: { stack, resources, conditionalAccessPolicies }")
        .action(async (stack: string, options: { json?: boolean }) => {
            const { planStack } = await import("../plan");
            const { loadWaveConfig, readProject } = await import("../../components/stackConfig");
            const { projectRoot } = await import("../program");
            const plan = await planStack(stack);
            if (options.json) {
                const { warnings, ...contract } = plan;
                warnings.forEach((w) => process.stderr.write(`warning: ${w}\n`));
                process.stdout.write(JSON.stringify(contract, null, 2) + "\n");
            } else {
                process.stdout.write(formatPlan(plan, loadWaveConfig(readProject(projectRoot), stack)) + "\n");
            }
        });
}
