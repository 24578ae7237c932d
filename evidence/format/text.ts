// The report for a terminal: the same content as the Markdown, in aligned columns.
import { signInTables } from "../definitions";
import { AnalyzeReport } from "../report";
import { appRows, count, num, skippedRows, textTable } from "./tables";

export function renderText(report: AnalyzeReport): string {
    const t = report.totals;
    const out: string[] = [
        `Token Protection sign-in evidence: ${num(report.rows)} rows read, ${num(t.requests)} requests to protected resources counted, ${num(report.skipped)} set aside.`,
    ];
    for (const w of report.warnings) out.push(`warning: ${w}`);
    out.push(
        "",
        textTable(["", "Requests", "Bound", "Unbound", "Allow", "WouldBlock", "Block"], [["Total", t.requests, t.bound, t.unbound, t.allow, t.wouldBlock, t.block]]),
        "",
        "Tables:",
        textTable(
            ["Table", "Present", "Requests", "Days", "First", "Last"],
            signInTables.map((name) => {
                const c = report.tables[name];
                return [name, c.present ? "yes" : "NO", c.requests, c.days, c.firstDay ?? "-", c.lastDay ?? "-"];
            }),
        ),
    );
    if (report.byApp.length > 0) {
        out.push(
            "",
            "Per application and resource:",
            textTable(
                ["Application", "Resource", "Requests", "Bound", "Unbound", "%Bound", "Allow", "WouldBlock", "Block"],
                appRows(report),
            ),
        );
    }
    if (report.statusCodeDetails.length > 0) {
        out.push("", "Unbound by status code:");
        for (const d of report.statusCodeDetails) {
            out.push(`  ${d.code ?? "(none)"}  ${d.meaning}: ${count(d.requests, "request")}, ${count(d.users, "user")}, ${count(d.devices, "device")}`, `        action: ${d.action}`);
        }
    }
    const d1003 = report.statusCodeDetails.find((d) => d.code === 1003);
    if (d1003?.deviceKinds && d1003.deviceKinds.length > 0) {
        out.push("", "Devices behind 1003, by what they probably are:");
        for (const k of d1003.deviceKinds) {
            out.push(`  ${k.label}: ${count(k.devices, "device")}, ${count(k.requests, "request")}; ${k.exclusion ? `exclude with ${k.exclusion}` : k.remediation}`);
        }
        if (report.suggestedDeviceFilterRule) out.push(`  device filter (exclude): ${report.suggestedDeviceFilterRule}`);
    }
    if (report.byDay.length > 0) {
        out.push("", "Daily trend:", textTable(["Day", "Requests", "Bound", "Unbound", "WouldBlock"], report.byDay.map((d) => [d.day, d.requests, d.bound, d.unbound, d.wouldBlock])));
    }
    if (report.skippedReasons.length > 0) {
        out.push("", "Set aside:", textTable(["Reason", "Rows", "First at"], skippedRows(report)));
    }
    out.push("", "--json for the full report, --markdown for a change ticket.");
    return out.join("\n") + "\n";
}
