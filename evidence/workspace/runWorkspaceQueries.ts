// Runs the evidence queries in a Log Analytics workspace (@azure/monitor-query-logs, DefaultAzureCredential:
// Azure CLI locally, workload identity in CI) and maps their rows to the report. Only this file talks to Azure.
import { DefaultAzureCredential } from "@azure/identity";
import { LogsQueryClient, LogsQueryResultStatus, LogsTable } from "@azure/monitor-query-logs";
import { InputError } from "../errors";
import { readQueryText, withParameters } from "../kqlCatalog";
import { AnalyzeReport } from "../report";
import { QueryRow, reportFromQueryResults, workspaceQueryColumns, WorkspaceQueryId, WorkspaceResults } from "./reportFromQueryResults";

export interface WorkspaceOptions {
    readonly workspaceId: string;
    /** Days back from now; ignored when `since` is set. */
    readonly days: number;
    readonly since?: Date;
    readonly policyIds?: readonly string[];
}

/** A result table as objects keyed by column name. */
export function tableRows(table: LogsTable): QueryRow[] {
    const names = table.columnDescriptors.map((c) => c.name ?? "");
    return table.rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] instanceof Date ? (row[i] as Date).toISOString() : row[i]])));
}

export async function analyzeWorkspace(options: WorkspaceOptions, client = new LogsQueryClient(new DefaultAzureCredential())): Promise<AnalyzeReport> {
    const start = options.since ?? { days: options.days };
    const endTime = new Date();
    const startTime = options.since ?? new Date(endTime.getTime() - options.days * 86_400_000);
    const results: Partial<WorkspaceResults> = {};
    for (const id of Object.keys(workspaceQueryColumns) as WorkspaceQueryId[]) {
        const query = withParameters(readQueryText(id), { start, policyIds: options.policyIds });
        let result;
        try {
            result = await client.queryWorkspace(options.workspaceId, query, { startTime, endTime }, { serverTimeoutInSeconds: 600 });
        } catch (err) {
            const e = err as Error & { code?: string };
            throw new InputError(`workspace ${options.workspaceId}: the ${id} query failed: ${e.message.split("\n")[0]}${e.name === "CredentialUnavailableError" ? " (sign in with az login, or set the AZURE_* variables)" : ""}`);
        }
        if (result.status === LogsQueryResultStatus.PartialFailure) {
            throw new InputError(`workspace ${options.workspaceId}: the ${id} query returned partial results only: ${result.partialError.message}`);
        }
        results[id] = result.tables[0] ? tableRows(result.tables[0]) : [];
    }
    return reportFromQueryResults(results as WorkspaceResults, {
        workspaceId: options.workspaceId,
        days: options.since ? null : options.days,
        since: options.since ? options.since.toISOString() : null,
        policyIds: [...(options.policyIds ?? [])],
    });
}
