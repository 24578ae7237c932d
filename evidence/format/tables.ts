// Small table helpers shared by the Markdown and plain-text renderings of the report.
import type { AnalyzeReport } from "../report";

export type Cell = string | number;

export function num(n: number): string {
    return n.toLocaleString("en-US");
}

/** "1 request", "3 requests", "2 policies". */
export function count(n: number, noun: string): string {
    const plural = /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
    return `${num(n)} ${n === 1 ? noun : plural}`;
}

export function pct(part: number, whole: number): string {
    return whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)}%`;
}

/** Per application and resource: application, resource, requests, bound, unbound, % bound, allow, wouldBlock, block. */
export function appRows(report: Pick<AnalyzeReport, "byApp">): Cell[][] {
    return report.byApp.map((a) => [a.app || "(none)", a.resource, a.requests, a.bound, a.unbound, pct(a.bound, a.requests), a.allow, a.wouldBlock, a.block]);
}

/** Rows set aside: reason, rows, first at. */
export function skippedRows(report: Pick<AnalyzeReport, "skippedReasons">): Cell[][] {
    return report.skippedReasons.map((r) => [r.description, r.rows, r.example ?? "-"]);
}

function show(cell: Cell): string {
    return typeof cell === "number" ? num(cell) : cell;
}

/** A Markdown table; pipes in cells are escaped. Numeric columns are right-aligned. */
export function markdownTable(headers: string[], rows: Cell[][]): string {
    const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"));
    const escape = (cell: Cell) => show(cell).replace(/\|/g, "\\|").replace(/\n/g, " ");
    return [
        `| ${headers.join(" | ")} |`,
        `|${numeric.map((n) => (n ? "---:" : "---")).join("|")}|`,
        ...rows.map((r) => `| ${r.map(escape).join(" | ")} |`),
    ].join("\n");
}

/** A plain-text table with padded columns; numbers right-aligned. */
export function textTable(headers: string[], rows: Cell[][], indent = "  "): string {
    const cells = [headers, ...rows.map((r) => r.map(show))];
    const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
    const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"));
    return cells
        .map((r) => indent + r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd())
        .join("\n");
}
