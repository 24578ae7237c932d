// `tp-rollout`: the operator's commands. Each command lives in cli/commands/ (or beside its feature) and
// registers itself here.
import { Command, CommanderError } from "commander";
import { isOperatorError } from "./errors";
import { registerPlanCommand } from "./commands/plan";
import { registerAnalyzeCommand } from "./commands/analyze";
import { registerDiffCommand } from "./commands/diff";
import { registerRollbackCommand } from "./commands/rollback";
import { registerCheckCommand } from "./commands/check";
import { registerReadinessCommand } from "./commands/readiness";

export function buildProgram(): Command {
    const program = new Command("tp-rollout")
        .description("Roll out Entra Conditional Access Token Protection one wave at a time: plan, check, analyze, diff, roll back.")
        .showHelpAfterError()
        .exitOverride();
    registerPlanCommand(program);
    registerAnalyzeCommand(program);
    registerDiffCommand(program);
    registerRollbackCommand(program);
    registerCheckCommand(program);
    registerReadinessCommand(program);
    return program;
}

/** Runs the CLI and returns its exit code: 0 success, 1 a finding that blocks, 2 bad input. */
export async function main(argv: string[]): Promise<number> {
    const program = buildProgram();
    try {
        await program.parseAsync(argv);
        return Number(process.exitCode ?? 0);
    } catch (err) {
        if (err instanceof CommanderError) {
            return err.exitCode === 0 ? 0 : 2;
        }
        if (isOperatorError(err)) {
            process.stderr.write(`tp-rollout: ${err.message}\n`);
            return 2;
        }
        throw err;
    }
}
