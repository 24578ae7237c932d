// From the aggregate to the report: names back from the dictionaries, the cheat sheet, the 1003 device
// advice, and the warnings an operator must not miss.
import { buildDeviceExclusionRule, UnsupportedDeviceKind } from "../../model/deviceFilter";
import { signInTables } from "../definitions";
import { adviseFor1003 } from "../deviceKinds";
import { formatDay } from "../input/timestamps";
import { AnalyzeReport, DeviceRow, OutcomeCounts, StatusCodeDetail, TableCoverage } from "../report";
import { describeStatusCode } from "../statusCodes";
import { Aggregator, C, codeOrNull, Counters } from "./aggregator";
import { Dictionaries, splitAppResourceKey } from "./dictionaries";
import type { ProducerSummary } from "./producer";
import { SkipReason, skipReasons } from "./skips";

/** What the readers learnt (merged across inputs), and what the run was asked. */
export type RunSummary = Omit<ProducerSummary, "shapes"> & {
    source: AnalyzeReport["source"];
    since: string | null;
    policyIds: string[];
};

function outcomes(c: Counters): OutcomeCounts {
    return { requests: c[C.requests], bound: c[C.bound], unbound: c[C.unbound], allow: c[C.allow], wouldBlock: c[C.wouldBlock], block: c[C.block] };
}

export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function coverage(aggregate: Aggregator, table: 0 | 1, present: boolean): TableCoverage {
    const days = aggregate.daysOf(table);
    const c = aggregate.byTable[table];
    return {
        present,
        requests: c[C.requests],
        bound: c[C.bound],
        unbound: c[C.unbound],
        days: days.length,
        firstDay: days.length > 0 ? formatDay(days[0]) : null,
        lastDay: days.length > 0 ? formatDay(days[days.length - 1]) : null,
    };
}

// The status-code and 1003 device parts of the report, shared with `--workspace`
// (evidence/workspace/reportFromQueryResults.ts), which gets the same counts from the KQL.

/** A status code's row: the cheat sheet's words with its counts. */
export function statusCodeDetail(code: number | null, counts: Pick<StatusCodeDetail, "requests" | "users" | "devices" | "topUsers">): StatusCodeDetail {
    const entry = describeStatusCode(code);
    return {
        code,
        meaning: entry.meaning,
        action: entry.action,
        requests: counts.requests,
        users: counts.users,
        likelyCause: entry.likelyCause,
        platform: entry.platform,
        documented: entry.documented,
        devices: counts.devices,
        topUsers: counts.topUsers,
    };
}

/** Most requests first, then by code. */
export function byRequestsThenCode(a: StatusCodeDetail, b: StatusCodeDetail): number {
    return b.requests - a.requests || (a.code ?? -1) - (b.code ?? -1);
}

/** A device behind 1003 with what its name and join type suggest it is, and the fix. */
export function deviceRow(device: Pick<DeviceRow, "deviceId" | "displayName" | "operatingSystem" | "trustType">, requests: number, users: number): DeviceRow {
    const advice = adviseFor1003(device.displayName, device.trustType);
    return {
        deviceId: device.deviceId,
        displayName: device.displayName,
        operatingSystem: device.operatingSystem,
        trustType: device.trustType,
        kind: advice.kind ?? null,
        label: advice.label,
        requests,
        users,
        exclusion: advice.exclusion ?? null,
        remediation: advice.remediation ?? null,
    };
}

/** The 1003 device list (most requests first, at most 50) and the devices per kind, from every device row. */
export function devicesBehind1003(rows: DeviceRow[]): Required<Pick<StatusCodeDetail, "deviceList" | "deviceKinds">> {
    const sorted = [...rows].sort((a, b) => b.requests - a.requests || byText(a.deviceId || a.displayName, b.deviceId || b.displayName));
    const kinds = new Map<string, NonNullable<StatusCodeDetail["deviceKinds"]>[number]>();
    for (const row of sorted) {
        const key = `${row.kind}|${row.label}`;
        const k = kinds.get(key) ?? { kind: row.kind, label: row.label, devices: 0, requests: 0, exclusion: row.exclusion, remediation: row.remediation };
        k.devices++;
        k.requests += row.requests;
        kinds.set(key, k);
    }
    return { deviceList: sorted.slice(0, 50), deviceKinds: [...kinds.values()].sort((a, b) => b.requests - a.requests || byText(a.label, b.label)) };
}

function statusCodeDetails(aggregate: Aggregator, dict: Dictionaries): StatusCodeDetail[] {
    const details = [...aggregate.byCode].map(([rawCode, tally]): StatusCodeDetail => {
        const code = codeOrNull(rawCode);
        const topUsers = [...tally.users.entries()]
            .map(([user, requests]) => ({ user: dict.users.values[user].userPrincipalName || dict.users.values[user].key, requests }))
            .sort((a, b) => b.requests - a.requests || byText(a.user, b.user))
            .slice(0, 20);
        const detail = statusCodeDetail(code, { requests: tally.requests, users: tally.users.size, devices: tally.devices.size, topUsers });
        if (code === 1003) {
            const devices = aggregate.byCodeDevice.get(1003) ?? new Map();
            Object.assign(detail, devicesBehind1003([...devices].map(([index, t]) => deviceRow(dict.devices.values[index], t.requests, t.users.size))));
        }
        return detail;
    });
    return details.sort(byRequestsThenCode);
}

/** The exclude-mode rule for every unsupported kind found behind 1003 (in the model's order), or null. */
export function suggestedRule(details: readonly StatusCodeDetail[]): string | null {
    const found = new Set(details.flatMap((d) => d.deviceKinds ?? []).filter((k) => k.exclusion).map((k) => k.kind as UnsupportedDeviceKind));
    return buildDeviceExclusionRule({
        cloudPc: found.has("cloudPc"),
        avdSessionHosts: found.has("avdSessionHosts"),
        powerAutomateHosted: found.has("powerAutomateHosted"),
        azureVmLogin: found.has("azureVmLogin"),
        autopilotProfileNames: [],
        customRules: [],
    }) ?? null;
}

function policies(aggregate: Aggregator, dict: Dictionaries): AnalyzeReport["tokenProtectionPolicies"] {
    const byId = new Map<string, AnalyzeReport["tokenProtectionPolicies"][number]>();
    // A renamed policy shows under several names: report the one on most requests, so the order facts
    // were counted in (which the disk spill changes) never changes the report.
    const names = new Map<string, Map<string, number>>();
    for (const [set, requests] of aggregate.byPolicySet.entries()) {
        for (const part of dict.policySets.values[set].split("\u0002")) {
            if (part === "") continue;
            const [id, displayName, flags] = part.split("\u0001");
            const row = byId.get(id) ?? { id, displayName: "", requests: 0, reportOnlyRequests: 0, enforcedRequests: 0, notSatisfied: 0, counted: flags[0] === "1" };
            row.requests += requests;
            if (flags[1] === "1") row.reportOnlyRequests += requests;
            else row.enforcedRequests += requests;
            if (flags[2] === "1") row.notSatisfied += requests;
            byId.set(id, row);
            const counts = names.get(id) ?? new Map<string, number>();
            counts.set(displayName, (counts.get(displayName) ?? 0) + requests);
            names.set(id, counts);
        }
    }
    for (const row of byId.values()) {
        row.displayName = [...names.get(row.id)!].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]))[0][0];
    }
    return [...byId.values()].sort((a, b) => b.requests - a.requests || byText(a.id, b.id));
}

export function warningsFor(report: Omit<AnalyzeReport, "warnings">, run: Pick<RunSummary, "tableGuessed">): string[] {
    const warnings: string[] = [];
    const ni = report.tables.AADNonInteractiveUserSignInLogs;
    const interactive = report.tables.SigninLogs;
    if (report.totals.requests === 0) {
        warnings.push(`No sign-ins to the protected resources were counted: ${report.rows} rows read, all set aside (see the reasons). Every figure below is zero for that reason, not because nothing is unbound.`);
    }
    if (!ni.present) {
        warnings.push("The input has no AADNonInteractiveUserSignInLogs rows: the non-interactive sign-ins (silent token refreshes, about half of what Token Protection sees) are missing. Export that table too.");
    } else if (ni.requests === 0) {
        warnings.push("The non-interactive table is present but holds no sign-ins to the protected resources: check the export's filter and time range.");
    }
    if (!interactive.present) {
        warnings.push("The input has no SigninLogs rows: the interactive sign-ins are missing. Export that table too.");
    }
    if (report.tokenProtectionStatus.missing > 0) {
        const n = report.tokenProtectionStatus.missing;
        warnings.push(`${n} ${n === 1 ? "request carries" : "requests carry"} no Token Protection status details (logs from before the field, Graph v1.0, or an export that dropped the column): they count as neither bound nor unbound.`);
    }
    if (report.totals.requests > 0 && report.noTokenProtectionPolicy === report.totals.requests) {
        const excluded = report.tokenProtectionPolicies.filter((p) => !p.counted);
        warnings.push(
            excluded.length > 0
                ? `No request counts for Allow/WouldBlock/Block: --policy-id names none of the Token Protection policies in the logs (${excluded.map((p) => `${p.id} "${p.displayName}"`).join(", ")}).`
                : "No Token Protection policy applied to any request: Allow, WouldBlock and Block are all zero (no policy yet, or it targets other users or apps). Bound/Unbound is the baseline.",
        );
    }
    if (run.tableGuessed > 0) {
        warnings.push(`${run.tableGuessed} rows did not say which table they came from (no Type, Category or IsInteractive column) and were counted as SigninLogs.`);
    }
    const invalid = report.skippedReasons.filter((r) => r.kind === "invalid");
    if (invalid.length > 0) {
        warnings.push(`${invalid.reduce((n, r) => n + r.rows, 0)} rows were set aside as unreadable: ${invalid.map((r) => `${r.rows} ${r.description}${r.example ? ` (first at ${r.example})` : ""}`).join("; ")}.`);
    }
    return warnings;
}

export function buildReport(aggregate: Aggregator, dict: Dictionaries, run: RunSummary): AnalyzeReport {
    const byApp = [...aggregate.byAppResource.entries()]
        .map(([index, c]) => ({ ...splitAppResourceKey(dict.appResources.values[index]), ...outcomes(c) }))
        .map(({ app, resource, ...counts }) => ({ app, resource, ...counts }))
        .sort((a, b) => b.requests - a.requests || byText(a.app, b.app) || byText(a.resource, b.resource));
    const details = statusCodeDetails(aggregate, dict);
    const days = new Map<number, Counters>();
    const byDayAndTable: AnalyzeReport["byDayAndTable"] = [];
    for (const [key, c] of [...aggregate.byDayTable].sort((a, b) => a[0] - b[0])) {
        const day = Math.floor(key / 2);
        byDayAndTable.push({ day: formatDay(day), table: signInTables[key % 2], ...outcomes(c) });
        const sum = days.get(day) ?? new Float64Array(6);
        for (let i = 0; i < 6; i++) sum[i] += c[i];
        days.set(day, sum);
    }
    const totals = outcomes(aggregate.totals);
    const reasons = (Object.keys(skipReasons) as SkipReason[])
        .filter((reason) => run.skips.byReason.has(reason))
        .map((reason) => ({ reason, ...skipReasons[reason], ...run.skips.byReason.get(reason)! }))
        .map(({ reason, kind, description, rows, example }) => (example ? { reason, kind, description, rows, example } : { reason, kind, description, rows }));
    const report: Omit<AnalyzeReport, "warnings"> = {
        rows: run.rows,
        skipped: run.skips.total,
        totals,
        byApp,
        byStatusCode: details.map(({ code, meaning, action, requests, users }) => ({ code, meaning, action, requests, users })),
        byDay: [...days].map(([day, c]) => ({ day: formatDay(day), requests: c[C.requests], bound: c[C.bound], unbound: c[C.unbound], wouldBlock: c[C.wouldBlock] })),
        source: run.source,
        since: run.since,
        policyIds: run.policyIds,
        tables: {
            SigninLogs: coverage(aggregate, 0, run.tablesPresent[0]),
            AADNonInteractiveUserSignInLogs: coverage(aggregate, 1, run.tablesPresent[1]),
        },
        skippedReasons: reasons,
        outOfScopeResources: [...run.outOfScopeResources]
            .map(([resource, rows]) => ({ resource: resource || "(no resource name)", rows }))
            .sort((a, b) => b.rows - a.rows || byText(a.resource, b.resource))
            .slice(0, 20),
        tokenProtectionStatus: { bound: totals.bound, unbound: totals.unbound, none: aggregate.statusNone.none, missing: aggregate.statusNone.missing },
        noTokenProtectionPolicy: totals.requests - totals.allow - totals.wouldBlock - totals.block,
        tokenProtectionPolicies: policies(aggregate, dict),
        statusCodeDetails: details,
        suggestedDeviceFilterRule: suggestedRule(details),
        byDayAndTable,
        topUsers: [...aggregate.byUser.entries()]
            .map(([user, c]) => ({ user: dict.users.values[user].userPrincipalName || dict.users.values[user].key, ...outcomes(c) }))
            .filter((u) => u.wouldBlock + u.block > 0)
            .sort((a, b) => b.wouldBlock + b.block - (a.wouldBlock + a.block) || byText(a.user, b.user))
            .slice(0, 50),
    };
    return { ...report, warnings: warningsFor(report, run) };
}
