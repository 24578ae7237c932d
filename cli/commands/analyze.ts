import { Command } from "commander";
import type { AnalyzeReport } from "../../evidence/report";
import { UsageError } from "../errors";
import { checkOutputFlags, checkPolicyIds, checkWorkspaceId, parseDays, parseSince } from "./evidenceFlags";

interface AnalyzeFlags {
    since?: string;
    policyId?: string[];
    json?: boolean;
    markdown?: boolean;
    workspace?: string;
    days?: string;
}

function checkFlags(files: string[], flags: AnalyzeFlags): void {
    checkOutputFlags(flags);
    checkPolicyIds(flags.policyId);
    if (flags.workspace !== undefined) {
        if (files.length > 0) throw new UsageError("give either files or --workspace, not both");
        checkWorkspaceId(flags.workspace);
    } else {
        if (files.length === 0) throw new UsageError("give one or more export files, or --workspace <workspace-id>");
        if (flags.days !== undefined) throw new UsageError("--days goes with --workspace; for files use --since");
    }
    parseDays("--days", flags.days);
}

async function print(report: AnalyzeReport, flags: AnalyzeFlags): Promise<void> {
    if (flags.json) {
        report.warnings.forEach((w) => process.stderr.write(`warning: ${w}\n`));
        process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    } else {
        const { renderMarkdown } = await import("../../evidence/format/markdown");
        const { renderText } = await import("../../evidence/format/text");
        process.stdout.write(flags.markdown ? renderMarkdown(report) : renderText(report));
    }
}

export function registerAnalyzeCommand(program: Command): void {
    program
        .command("analyze")
        .description(
            "Bound vs WouldBlock per protected resource, unbound status codes with their causes, the devices behind 1003 and the daily trend, " +
                "from sign-in log exports (Log Analytics JSON/CSV, Graph signIns pages, diagnostic-settings NDJSON or { records }, gzip or not) or a workspace.",
        )
        .argument("[file...]", "export files; formats are detected, a sign-in Id counts once across all of them")
        .option("--since <date>", "count only sign-ins at or after this day (YYYY-MM-DD, UTC) or ISO date-time")
        .option("--policy-id <id...>", "Conditional Access policy object IDs that count as the Token Protection policy (default: any policy enforcing it)")
        .option("--json", "print the report as JSON: { rows, skipped, totals, byApp, byStatusCode, byDay, ... }")
        .option("--markdown", "print the report as Markdown for a change ticket")
        .option("--workspace <workspace-id>", "compute the same report in a Log Analytics workspace with the repository's KQL")
        .option("--days <n>", "with --workspace: how many days back (default 14)")
        .action(async (files: string[], flags: AnalyzeFlags) => {
            checkFlags(files, flags);
            const since = flags.since === undefined ? undefined : parseSince(flags.since);
            // Loaded here, not at the top: the Azure SDK for --workspace weighs more than the file reader.
            const report = flags.workspace
                ? await (await import("../../evidence/workspace/runWorkspaceQueries")).analyzeWorkspace({ workspaceId: flags.workspace, days: Number(flags.days ?? 14), since, policyIds: flags.policyId })
                : await (await import("../../evidence/analyze")).analyzeFiles(files, { since, policyIds: flags.policyId, progress: (await import("../../evidence/progress")).terminalProgress() });
            await print(report, flags);
        });
}
