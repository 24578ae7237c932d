import { Command } from "commander";
import { UsageError } from "../errors";

interface DiffOptions {
    base?: string;
    stack?: string[];
    markdown?: boolean;
}

export function registerDiffCommand(program: Command): void {
    program
        .command("diff")
        .description("Offline policy-level diff (no credentials): the working tree against a git ref, per stack, or one stack against another.")
        .argument("[stackA]", "with stackB: compare two stacks of the working tree")
        .argument("[stackB]")
        .option("--base <git-ref>", "compare the committed tree at this ref with the working tree")
        .option("--stack <name...>", "with --base: only these stacks (default: every stack on either side)")
        .option("--markdown", "print a GitHub comment (under 65,536 characters; long sections folded)")
        .addHelpText("after", "\nExamples:\n  tp-rollout diff --base origin/main --markdown\n  tp-rollout diff report-only pilot")
        .action(async (stackA: string | undefined, stackB: string | undefined, options: DiffOptions) => {
            if (options.base !== undefined && stackA !== undefined) {
                throw new UsageError("diff takes either --base <git-ref> or two stacks, not both");
            }
            if (options.base === undefined && (stackA === undefined || stackB === undefined)) {
                throw new UsageError("diff needs --base <git-ref>, or two stacks: tp-rollout diff <stackA> <stackB>");
            }
            if (options.stack && options.base === undefined) {
                throw new UsageError("--stack goes with --base");
            }
            const report = options.base !== undefined
                ? await (await import("../../ops/diff")).diffAgainstBase({ base: options.base, stacks: options.stack })
                : await (await import("../../ops/diff")).diffStacks(stackA!, stackB!);
            const format = options.markdown ? (await import("../../ops/diffMarkdown")).formatDiffMarkdown : (await import("../../ops/diffText")).formatDiffText;
            process.stdout.write(format(report) + "\n");
            if (report.headFailures?.length) {
                process.exitCode = 1;
            }
        });
}
