import { Command } from "commander";
import { defaultSoakDays } from "../../policypack/rules/types";
import { UsageError } from "../errors";
import { checkOutputFlags, checkPolicyIds, checkWorkspaceId, parseDays, parseSince } from "./evidenceFlags";

interface ReadinessFlags {
    logs?: string[];
    workspace?: string;
    days?: string;
    since?: string;
    policyId?: string[];
    soakDays: string;
    json?: boolean;
    markdown?: boolean;
}

export function registerReadinessCommand(program: Command): void {
    program
        .command("readiness")
        .description("The pre-enforcement checklist as a gate: each item pass / fail / needs-attestation with its evidence. Exit 1 when the wave is not ready.")
        .argument("<stack>", "the wave to enforce next: pilot, expansion, or another stack file")
        .option("--logs <file...>", "sign-in exports to weigh (SigninLogs and AADNonInteractiveUserSignInLogs; any format analyze reads)")
        .option("--workspace <workspace-id>", "compute the sign-in evidence in this Log Analytics workspace instead")
        .option("--days <n>", "with --workspace: how many days back (default: the soak length)")
        .option("--since <date>", "count only sign-ins at or after this day (YYYY-MM-DD)")
        .option("--policy-id <id...>", "Conditional Access policy IDs that count as the Token Protection policy")
        .option("--soak-days <n>", "minimum report-only soak in days (28 is safer)", String(defaultSoakDays))
        .option("--json", "print { stack, wave, ready, items: [{ number, title, status, evidence }] }")
        .option("--markdown", "print a Markdown table for a change ticket")
        .action(async (stack: string, flags: ReadinessFlags) => {
            checkOutputFlags(flags);
            if (flags.logs && flags.workspace) throw new UsageError("give either --logs or --workspace, not both");
            checkWorkspaceId(flags.workspace);
            const soakDays = parseDays("--soak-days", flags.soakDays)!;
            const days = parseDays("--days", flags.days);
            checkPolicyIds(flags.policyId);
            const { gatherReadiness } = await import("../readiness/gather");
            const { renderReadinessMarkdown, renderReadinessText } = await import("../readiness/format");
            const { terminalProgress } = await import("../../evidence/progress");
            const today = new Date();
            const report = await gatherReadiness(stack, {
                logs: flags.logs,
                workspace: flags.workspace,
                days,
                since: flags.since ? parseSince(flags.since) : undefined,
                policyIds: flags.policyId,
                soakDays,
                today,
                progress: terminalProgress(),
            });
            const source = flags.workspace ? `workspace ${flags.workspace}` : flags.logs ? flags.logs.join(", ") : "none given";
            if (flags.json) {
                process.stdout.write(JSON.stringify(report, null, 2) + "\n");
            } else {
                process.stdout.write((flags.markdown ? renderReadinessMarkdown : renderReadinessText)(report, source, today));
            }
            process.exitCode = report.ready ? 0 : 1;
        });
}
