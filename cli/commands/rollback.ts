import { Command } from "commander";

export function registerRollbackCommand(program: Command): void {
    program
        .command("rollback")
        .description("Put a wave back to report-only: edit its stack file, then `pulumi up` its Conditional Access policies (Automation API).")
        .argument("<stack>", "the wave's stack: report-only, pilot, expansion, or another file in stacks/")
        .option("--dry-run", "print the stack-file diff and the exact command; write and run nothing")
        .option("--direct", "the Pulumi backend is out of reach: PATCH the policies' state through Microsoft Graph instead of pulumi up")
        .action(async (stack: string, options: { dryRun?: boolean; direct?: boolean }) => {
            const { rollback } = await import("../../ops/rollback/rollback");
            process.exitCode = await rollback({ stack, dryRun: options.dryRun, direct: options.direct });
        });
}
