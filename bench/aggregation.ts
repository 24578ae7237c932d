// The aggregation all three tools compute on the benchmark file, so their answers can be compared field by
// field: the contract's totals, and requests per status code, per protected resource and per day.

import type { AnalyzeReport, OutcomeCounts } from "../evidence/report";

export interface Aggregation extends OutcomeCounts {
    rows: number;
    /** Unbound requests per status code ("null" for none recorded). */
    byCode: Record<string, number>;
    byResource: Record<string, number>;
    byDay: Record<string, number>;
}

/** Sorted keys, numbers as numbers: two aggregations are equal when their canonical JSON is. */
export function canonical(a: Aggregation): string {
    const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Number(v)]).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
    return JSON.stringify({ ...a, byCode: sorted(a.byCode), byResource: sorted(a.byResource), byDay: sorted(a.byDay) });
}

/** The aggregation read off an `analyze` report (the module's result, or the CLI's --json output). */
export function aggregationOfReport(report: Pick<AnalyzeReport, "rows" | "totals" | "byApp" | "byStatusCode" | "byDay">): Aggregation {
    const byResource: Record<string, number> = {};
    for (const a of report.byApp) byResource[a.resource] = (byResource[a.resource] ?? 0) + a.requests;
    return {
        rows: report.rows,
        ...report.totals,
        byCode: Object.fromEntries(report.byStatusCode.map((c) => [String(c.code), c.requests])),
        byResource,
        byDay: Object.fromEntries(report.byDay.map((d) => [d.day, d.requests])),
    };
}
