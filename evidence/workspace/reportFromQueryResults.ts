// `analyze --workspace`: the report computed by the repository's own KQL in Log Analytics, mapped from the
// queries' result rows. Pure, so it is tested with canned results; only running the queries needs Azure.
import { signInTables, SignInTable } from "../definitions";
import type { EvidenceQueryId } from "../kqlCatalog";
import { byRequestsThenCode, byText, deviceRow, devicesBehind1003, statusCodeDetail, suggestedRule, warningsFor } from "../analyzer/buildReport";
import { skipReasons } from "../analyzer/skips";
import { AnalyzeReport, OutcomeCounts, StatusCodeDetail, TableCoverage } from "../report";
import { InputError } from "../errors";

export type QueryRow = Record<string, unknown>;

/** The queries `analyze --workspace` runs, and the columns it reads from each. */
export const workspaceQueryColumns = {
    "bound-wouldblock-by-app": ["App", "Resource", "Requests", "Bound", "Unbound", "Allow", "WouldBlock", "Block"],
    "bound-wouldblock-by-user": ["UserKey", "UserPrincipalName", "Requests", "Bound", "Unbound", "Allow", "WouldBlock", "Block"],
    "unbound-by-status-code": ["StatusCode", "Requests", "Users", "Devices", "SampleUsers"],
    "devices-behind-1003": ["DeviceKey", "DeviceId", "DeviceName", "OperatingSystem", "TrustType", "Requests", "Users"],
    "daily-trend": ["Day", "SignInTable", "Requests", "Bound", "Unbound", "Allow", "WouldBlock", "Block"],
    coverage: ["SignInTable", "Rows", "ProtectedRows", "Requests", "Bound", "Unbound", "Days", "FirstDay", "LastDay"],
} as const satisfies Partial<Record<EvidenceQueryId, readonly string[]>>;

export type WorkspaceQueryId = keyof typeof workspaceQueryColumns;
export type WorkspaceResults = Record<WorkspaceQueryId, QueryRow[]>;

function n(row: QueryRow, column: string): number {
    const value = row[column];
    const parsed = typeof value === "number" ? value : typeof value === "string" && value !== "" ? Number(value) : typeof value === "bigint" ? Number(value) : 0;
    return Number.isFinite(parsed) ? parsed : 0;
}

function s(row: QueryRow, column: string): string {
    const value = row[column];
    return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
}

function list(value: unknown): string[] {
    const parsed = typeof value === "string" ? (() => { try { return JSON.parse(value); } catch { return []; } })() : value;
    return Array.isArray(parsed) ? parsed.map(String) : [];
}

function outcomes(row: QueryRow): OutcomeCounts {
    return { requests: n(row, "Requests"), bound: n(row, "Bound"), unbound: n(row, "Unbound"), allow: n(row, "Allow"), wouldBlock: n(row, "WouldBlock"), block: n(row, "Block") };
}

function sum(rows: OutcomeCounts[]): OutcomeCounts {
    const total: OutcomeCounts = { requests: 0, bound: 0, unbound: 0, allow: 0, wouldBlock: 0, block: 0 };
    for (const r of rows) for (const k of Object.keys(total) as (keyof OutcomeCounts)[]) total[k] += r[k];
    return total;
}

/** Checks each result has the columns the mapping reads: a query edited out of shape fails loudly. */
export function checkResultColumns(results: WorkspaceResults): void {
    for (const [id, columns] of Object.entries(workspaceQueryColumns) as [WorkspaceQueryId, readonly string[]][]) {
        const rows = results[id];
        if (!rows) throw new InputError(`the workspace returned no result for the ${id} query`);
        const first = rows[0];
        const missing = first ? columns.filter((c) => !(c in first)) : [];
        if (missing.length > 0) throw new InputError(`the ${id} query returned no ${missing.join(", ")} column: kql/${id}.kql and the mapping disagree`);
    }
}

export function reportFromQueryResults(results: WorkspaceResults, context: { workspaceId: string; days: number | null; since: string | null; policyIds: string[] }): AnalyzeReport {
    checkResultColumns(results);
    const byApp = results["bound-wouldblock-by-app"]
        .map((row) => ({ app: s(row, "App"), resource: s(row, "Resource"), ...outcomes(row) }))
        .sort((a, b) => b.requests - a.requests || byText(a.app, b.app) || byText(a.resource, b.resource));
    const totals = sum(byApp);

    const deviceRows = results["devices-behind-1003"].map((row) =>
        deviceRow({ deviceId: s(row, "DeviceId"), displayName: s(row, "DeviceName"), operatingSystem: s(row, "OperatingSystem"), trustType: s(row, "TrustType") }, n(row, "Requests"), n(row, "Users")),
    );

    const details: StatusCodeDetail[] = results["unbound-by-status-code"].map((row) => {
        const raw = row.StatusCode;
        const code = raw === null || raw === undefined || raw === "" ? null : n(row, "StatusCode");
        const detail = statusCodeDetail(code, {
            requests: n(row, "Requests"),
            users: n(row, "Users"),
            devices: n(row, "Devices"),
            topUsers: list(row.SampleUsers).map((user) => ({ user, requests: null })),
        });
        return code === 1003 ? { ...detail, ...devicesBehind1003(deviceRows) } : detail;
    }).sort(byRequestsThenCode);

    const trend = results["daily-trend"].map((row) => ({ day: s(row, "Day"), table: s(row, "SignInTable") as SignInTable, ...outcomes(row) }));
    trend.sort((a, b) => byText(a.day, b.day) || signInTables.indexOf(a.table) - signInTables.indexOf(b.table));
    const days = new Map<string, OutcomeCounts[]>();
    for (const r of trend) days.set(r.day, [...(days.get(r.day) ?? []), r]);

    const coverage = new Map(results.coverage.map((row) => [s(row, "SignInTable"), row]));
    const table = (name: SignInTable): TableCoverage => {
        const row = coverage.get(name) ?? {};
        return {
            present: n(row, "Rows") > 0,
            requests: n(row, "Requests"),
            bound: n(row, "Bound"),
            unbound: n(row, "Unbound"),
            days: n(row, "Days"),
            firstDay: s(row, "FirstDay") || null,
            lastDay: s(row, "LastDay") || null,
        };
    };
    const rows = results.coverage.reduce((total, row) => total + n(row, "Rows"), 0);
    const protectedRows = results.coverage.reduce((total, row) => total + n(row, "ProtectedRows"), 0);
    const skippedReasons: AnalyzeReport["skippedReasons"] = [];
    const skipped = (reason: "notProtectedResource" | "duplicateId", count: number) => ({ reason, ...skipReasons[reason], rows: count });
    if (rows > protectedRows) skippedReasons.push(skipped("notProtectedResource", rows - protectedRows));
    if (protectedRows > totals.requests) skippedReasons.push(skipped("duplicateId", protectedRows - totals.requests));

    const users = new Map<string, OutcomeCounts & { user: string }>();
    for (const row of results["bound-wouldblock-by-user"]) {
        const key = s(row, "UserKey");
        const [known] = [users.get(key)];
        const counts = sum([known ?? { requests: 0, bound: 0, unbound: 0, allow: 0, wouldBlock: 0, block: 0 }, outcomes(row)]);
        users.set(key, { user: known?.user || s(row, "UserPrincipalName") || key, ...counts });
    }

    const report: Omit<AnalyzeReport, "warnings"> = {
        rows,
        skipped: rows - totals.requests,
        totals,
        byApp,
        byStatusCode: details.map(({ code, meaning, action, requests, users }) => ({ code, meaning, action, requests, users })),
        byDay: [...days].map(([day, parts]) => {
            const t = sum(parts);
            return { day, requests: t.requests, bound: t.bound, unbound: t.unbound, wouldBlock: t.wouldBlock };
        }),
        source: { kind: "workspace", workspaceId: context.workspaceId, days: context.days },
        since: context.since,
        policyIds: context.policyIds,
        tables: { SigninLogs: table("SigninLogs"), AADNonInteractiveUserSignInLogs: table("AADNonInteractiveUserSignInLogs") },
        skippedReasons,
        outOfScopeResources: [],
        tokenProtectionStatus: { bound: totals.bound, unbound: totals.unbound, none: totals.requests - totals.bound - totals.unbound, missing: 0 },
        noTokenProtectionPolicy: totals.requests - totals.allow - totals.wouldBlock - totals.block,
        tokenProtectionPolicies: [],
        statusCodeDetails: details,
        suggestedDeviceFilterRule: null,
        byDayAndTable: trend,
        topUsers: [...users.values()]
            .filter((u) => u.wouldBlock + u.block > 0)
            .sort((a, b) => b.wouldBlock + b.block - (a.wouldBlock + a.block) || byText(a.user, b.user))
            .slice(0, 50)
            .map(({ user, ...counts }) => ({ user, ...counts })),
    };
    report.suggestedDeviceFilterRule = suggestedRule(details);
    return { ...report, warnings: warningsFor(report, { tableGuessed: 0 }) };
}
