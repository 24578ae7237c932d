// The report as Markdown for a change ticket: what was analysed, the Bound / WouldBlock split per protected
// resource, what is unbound and why, the devices behind 1003 with the filter that excludes them, the trend,
// and everything that was set aside.
import { signInTables } from "../definitions";
import { AnalyzeReport } from "../report";
import { appRows, markdownTable, num, pct, skippedRows } from "./tables";

function sourceLine(report: AnalyzeReport): string {
    if (report.source.kind === "workspace") {
        return `Log Analytics workspace \`${report.source.workspaceId}\`${report.source.days ? `, last ${report.source.days} days` : ""}, by the repository's evidence queries.`;
    }
    const files = report.source.files.map((f) => `\`${f.file}\` (${f.format}${f.gzip ? ", gzip" : ""}, ${num(f.rows)} rows)`);
    return `${files.length} file${files.length === 1 ? "" : "s"}: ${files.join(", ")}.`;
}

function period(report: AnalyzeReport): string {
    const days = report.byDay.map((d) => d.day);
    const span = days.length > 0 ? `${days[0]} to ${days[days.length - 1]} (${days.length} days with requests)` : "no requests";
    return `${span}${report.since ? `; counting from ${report.since}` : ""}`;
}

export function renderMarkdown(report: AnalyzeReport): string {
    const t = report.totals;
    const out: string[] = [
        "## Token Protection sign-in evidence",
        "",
        `- **Source:** ${sourceLine(report)}`,
        `- **Period:** ${period(report)}`,
        `- **Rows read:** ${num(report.rows)}; counted ${num(t.requests)} requests to the protected resources (each sign-in Id once); set aside ${num(report.skipped)}.`,
        `- **Token Protection policy:** ${report.policyIds.length > 0 ? report.policyIds.map((id) => `\`${id}\``).join(", ") : "any Conditional Access policy whose enforced session controls include SignInTokenProtection (or the pre-2023 Binding)"}.`,
    ];
    if (report.warnings.length > 0) {
        out.push("", "### Warnings", "", ...report.warnings.map((w) => `- ⚠️ ${w}`));
    }
    out.push(
        "",
        "### Summary",
        "",
        markdownTable(
            ["Requests", "Bound", "Unbound", "% bound", "Allow", "WouldBlock", "Block", "No TP policy"],
            [[t.requests, t.bound, t.unbound, pct(t.bound, t.requests), t.allow, t.wouldBlock, t.block, report.noTokenProtectionPolicy]],
        ),
        "",
        "Bound / Unbound: the request's Token Protection sign-in session status. Allow / WouldBlock / Block: what the applied Token Protection policy did (WouldBlock: report-only and not satisfied; Block: enforced and not satisfied).",
        "",
        markdownTable(
            ["Table", "Present", "Requests", "Bound", "Unbound", "Days", "First day", "Last day"],
            signInTables.map((name) => {
                const c = report.tables[name];
                return [name, c.present ? "yes" : "**no**", c.requests, c.bound, c.unbound, c.days, c.firstDay ?? "-", c.lastDay ?? "-"];
            }),
        ),
    );
    if (report.byApp.length > 0) {
        out.push(
            "",
            "### Per application and resource",
            "",
            markdownTable(
                ["Application", "Resource", "Requests", "Bound", "Unbound", "% bound", "Allow", "WouldBlock", "Block"],
                appRows(report),
            ),
        );
    }
    if (report.statusCodeDetails.length > 0) {
        out.push(
            "",
            "### Unbound by status code",
            "",
            markdownTable(
                ["Code", "Meaning", "Requests", "Users", "Devices", "Action"],
                report.statusCodeDetails.map((d) => [d.code === null ? "(none)" : String(d.code), d.meaning, d.requests, d.users, d.devices, d.action]),
            ),
        );
        for (const d of report.statusCodeDetails) {
            const users = d.topUsers.slice(0, 10).map((u) => (u.requests === null ? u.user : `${u.user} (${num(u.requests)})`)).join(", ");
            out.push("", `**${d.code ?? "no code"}**: ${d.likelyCause} Users: ${users}${d.users > 10 ? `, and ${num(d.users - 10)} more` : ""}.`);
        }
    }
    const d1003 = report.statusCodeDetails.find((d) => d.code === 1003);
    if (d1003?.deviceList && d1003.deviceList.length > 0) {
        out.push(
            "",
            "### Devices behind 1003",
            "",
            markdownTable(
                ["Device", "OS", "Trust type", "Probably", "Requests", "Users", "Exclusion or remediation"],
                d1003.deviceList.map((r) => [r.displayName || r.deviceId || "(unnamed)", r.operatingSystem, r.trustType || "-", r.label, r.requests, r.users, r.exclusion ? `\`${r.exclusion}\`` : r.remediation ?? ""]),
            ),
        );
        if (d1003.devices > d1003.deviceList.length) out.push("", `(${num(d1003.devices - d1003.deviceList.length)} more devices not listed.)`);
        if (report.suggestedDeviceFilterRule) {
            out.push("", "Device filter (exclude mode) for the unsupported kinds found:", "", "```", report.suggestedDeviceFilterRule, "```");
        }
    }
    if (report.byDay.length > 0) {
        const days = new Map(report.byDayAndTable.map((r) => [`${r.day}|${r.table}`, r]));
        out.push(
            "",
            "### Daily trend",
            "",
            markdownTable(
                ["Day", "Requests", "Bound", "Unbound", "WouldBlock", "Interactive", "Non-interactive"],
                report.byDay.map((d) => [d.day, d.requests, d.bound, d.unbound, d.wouldBlock, days.get(`${d.day}|SigninLogs`)?.requests ?? 0, days.get(`${d.day}|AADNonInteractiveUserSignInLogs`)?.requests ?? 0]),
            ),
        );
    }
    if (report.tokenProtectionPolicies.length > 0) {
        out.push(
            "",
            "### Token Protection policies in the logs",
            "",
            markdownTable(
                ["Policy", "Object ID", "Counted", "Requests", "Report-only", "Enforced", "Not satisfied"],
                report.tokenProtectionPolicies.map((p) => [p.displayName, `\`${p.id}\``, p.counted ? "yes" : "no (--policy-id)", p.requests, p.reportOnlyRequests, p.enforcedRequests, p.notSatisfied]),
            ),
        );
    }
    if (report.skippedReasons.length > 0) {
        out.push(
            "",
            "### Rows set aside",
            "",
            markdownTable(["Reason", "Rows", "First at"], skippedRows(report)),
        );
        if (report.outOfScopeResources.length > 0) {
            out.push("", `Out-of-scope resources: ${report.outOfScopeResources.map((r) => `${r.resource} (${num(r.rows)})`).join(", ")}.`);
        }
    }
    return out.join("\n") + "\n";
}
