import { Command } from "commander";
import { isGuid } from "../../model/conditionalAccess";
import { defaultSoakDays } from "../../policypack/rules/types";
import { UsageError } from "../errors";
import { parseSince } from "./analyze";

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
            if (flags.json && flags.markdown) throw new UsageError("--json and --markdown are exclusive: pick one output");
            if (flags.logs && flags.workspace) throw new UsageError("give either --logs or --workspace, not both");
            if (flags.workspace !== undefined && !isGuid(flags.workspace)) throw new UsageError(`--workspace is "${flags.workspace}"; expected the workspace ID (a GUID)`);
            for (const value of [flags.soakDays, flags.days].filter((v) => v !== undefined)) {
                if (!/^[1-9]\d*$/.test(value!)) throw new UsageError(`"${value}" is not a whole number of days`);
            }
            for (const id of flags.policyId ?? []) {
                if (!isGuid(id)) throw new UsageError(`--policy-id is "${id}"; expected a Conditional Access policy object ID (a GUID)`);
            }
            const { gatherReadiness } = await import("../readiness/gather");
            const { renderReadinessMarkdown, renderReadinessText } = await import("../readiness/format");
            const { terminalProgress } = await import("../../evidence/progress");
            const today = new Date();
            const report = await gatherReadiness(stack, {
                logs: flags.logs,
                workspace: flags.workspace,
                days: flags.days ? Number(flags.days) : undefined,
                since: flags.since ? parseSince(flags.since) : undefined,
                policyIds: flags.policyId,
                soakDays: Number(flags.soakDays),
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
