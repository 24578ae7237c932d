// The evidence queries (kql/*.kql) as the workspace component saves them, and as `analyze --workspace` runs
// them with the operator's parameters filled in.
import * as fs from "node:fs";
import * as path from "node:path";
import type { SavedQuery } from "../components/signInLogWorkspace";
import { kqlDirectory } from "./kqlGenerated";

export type EvidenceQueryId =
    | "bound-wouldblock-by-app"
    | "bound-wouldblock-by-user"
    | "unbound-by-status-code"
    | "devices-behind-1003"
    | "daily-trend"
    | "coverage"
    | "break-glass-sign-ins";

export const evidenceQueryIds: readonly EvidenceQueryId[] = [
    "bound-wouldblock-by-app",
    "bound-wouldblock-by-user",
    "unbound-by-status-code",
    "devices-behind-1003",
    "daily-trend",
    "coverage",
    "break-glass-sign-ins",
];

export interface QueryParameters {
    /** Start of the window: a date-time, or a number of days back from now. Default: the file's 14 days. */
    readonly start?: Date | { days: number };
    /** Object IDs of the CA policies to count as the Token Protection policy. Default: any that enforces it. */
    readonly policyIds?: readonly string[];
    /** The emergency-access accounts, for the break-glass query. */
    readonly breakGlassUserIds?: readonly string[];
}

/** A .kql file of the repository, by its path under kql/ without the extension ("coverage", "workbook/trend"). */
export function readKql(name: string): string {
    return fs.readFileSync(path.join(kqlDirectory, `${name}.kql`), "utf8");
}

export function readQueryText(id: EvidenceQueryId): string {
    return readKql(id);
}

/** The query's title: its first comment line, "Token Protection: ...". */
export function queryDisplayName(text: string): string {
    const first = text.split("\n", 1)[0];
    return first.replace(/^\/\/\s*/, "").trim();
}

function replaceLet(text: string, name: string, value: string): string {
    const pattern = new RegExp(`^let ${name} = .*;$`, "m");
    if (!pattern.test(text)) {
        throw new Error(`the query has no "let ${name} = ...;" line to fill in`);
    }
    return text.replace(pattern, () => `let ${name} = ${value};`);
}

/** The query with its `let` parameters set. The break-glass list is written exactly as the alert writes it. */
export function withParameters(text: string, parameters: QueryParameters): string {
    let query = text;
    if (parameters.start instanceof Date) {
        query = replaceLet(query, "StartTime", `datetime(${parameters.start.toISOString()})`);
    } else if (parameters.start) {
        query = replaceLet(query, "StartTime", `ago(${parameters.start.days}d)`);
    }
    if (parameters.policyIds && parameters.policyIds.length > 0) {
        query = replaceLet(query, "TokenProtectionPolicyIds", `dynamic(${JSON.stringify(parameters.policyIds)})`);
    }
    if (parameters.breakGlassUserIds && /^let breakGlassAccounts = /m.test(query)) {
        query = replaceLet(query, "breakGlassAccounts", `dynamic(${JSON.stringify(parameters.breakGlassUserIds)})`);
    }
    return query;
}

/** The query with its window bound to an Azure Monitor workbook's time range picker (parameter `TimeRange`). */
export function withWorkbookTimeRange(text: string, parameter = "TimeRange"): string {
    return replaceLet(replaceLet(text, "StartTime", `{${parameter}:start}`), "EndTime", `{${parameter}:end}`);
}

/** Every evidence query, ready to save in the workspace (Logs > Queries > Token Protection). */
export function evidenceQueries(parameters: QueryParameters = {}): SavedQuery[] {
    return evidenceQueryIds.map((id) => {
        const text = readQueryText(id);
        return { id, displayName: queryDisplayName(text), query: withParameters(text, parameters) };
    });
}
