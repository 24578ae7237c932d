// `tp-rollout check`: registration only; the work is in cli/check.ts, loaded when the command runs.
import { Command } from "commander";
import { UsageError } from "../errors";

export function registerCheckCommand(program: Command): void {
    program
        .command("check")
        .description("Run the policy pack's rules on a stack's offline plan, or lint Conditional Access policies exported from a tenant. Exit 0: no mandatory violation; 1: at least one; 2: bad input.")
        .argument("[stack]", "stack name: report-only, pilot, expansion, or another file in stacks/")
        .option("--policies <file>", "lint exported policies instead: { value: [...] } from GET /beta/identity/conditionalAccess/policies, an array, or one policy")
        .option("--break-glass <ids>", "with --policies: comma-separated object IDs every policy must exclude (accounts, or a group that holds them)")
        .option("--json", "print { violations: [{ rule, policy, level, message }] }")
        .action(async (stack: string | undefined, options: { policies?: string; breakGlass?: string; json?: boolean }) => {
            const { checkExport, checkStack, formatReport, parseBreakGlass } = await import("../check");
            if ((stack === undefined) === (options.policies === undefined)) {
                throw new UsageError("check needs either a stack or --policies <file>, not both");
            }
            if (options.breakGlass !== undefined && options.policies === undefined) {
                throw new UsageError("--break-glass goes with --policies; a stack's break-glass accounts come from token-protection:breakGlassUserIds");
            }
            const report = options.policies !== undefined
                ? checkExport(options.policies, options.breakGlass === undefined ? undefined : parseBreakGlass(options.breakGlass))
                : await checkStack(stack!);
            const output = options.json ? JSON.stringify({ violations: report.violations }, null, 2) : formatReport(report);
            process.stdout.write(output + "\n");
            process.exitCode = report.violations.some((v) => v.level === "mandatory") ? 1 : 0;
        });
}
