// `analyze --workspace`: the mapping from the evidence queries' rows to the report is pure, so it is checked
// with canned results; the queries' output columns are checked against the mapping by the Kusto language
// service; and a model of what the queries return for the fixture sign-ins maps to the same contract as
// reading those sign-ins from files. Only a real workspace can show the KQL itself computes those rows.
import assert from "node:assert/strict";
import { LogsQueryClient, LogsQueryResultStatus } from "@azure/monitor-query-logs";
import { analyzeFiles } from "../../evidence/analyze";
import { outcomeOf, protectedResourceOf, tokenProtectionStatusOf, userKeyOf } from "../../evidence/definitions";
import { readQueryText } from "../../evidence/kqlCatalog";
import { QueryRow, reportFromQueryResults, workspaceQueryColumns, WorkspaceQueryId, WorkspaceResults } from "../../evidence/workspace/reportFromQueryResults";
import { analyzeWorkspace, tableRows } from "../../evidence/workspace/runWorkspaceQueries";
import { kqlResultColumns } from "../support/signinKusto";
import { contractOf } from "../support/signinExpected";
import { fixtureSignIns, makeTempDir, removeTempDir, render, writeFixture } from "../support/signinFixtures";
import { SyntheticSignIn } from "../support/signinShapes";

const workspaceId = "11111111-2222-4333-8444-555555555555";
const context = { workspaceId, days: 14, since: null, policyIds: [] };

/** What the evidence queries return for these sign-ins, modelled in JavaScript row by row. */
function modelQueries(signIns: readonly SyntheticSignIn[]): WorkspaceResults {
    const seen = new Set<string>();
    const requests = signIns.flatMap((s) => {
        const resource = protectedResourceOf(s.resourceId, s.resourceDisplayName);
        if (!resource || seen.has(s.id)) return [];
        seen.add(s.id);
        const { status, code } = tokenProtectionStatusOf(s.tokenProtection ?? undefined);
        const outcome = outcomeOf(s.policies, undefined);
        return [{ s, resource, status, code, outcome, userKey: userKeyOf(s.userId, s.userPrincipalName), day: s.time.slice(0, 10), deviceKey: s.device.deviceId || s.device.displayName.toLowerCase() }];
    });
    type Req = (typeof requests)[number];
    const group = (rows: Req[], key: (r: Req) => string) => {
        const groups = new Map<string, Req[]>();
        for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
        return [...groups.values()];
    };
    const counts = (rows: Req[]) => ({
        Requests: rows.length,
        Bound: rows.filter((r) => r.status === "bound").length,
        Unbound: rows.filter((r) => r.status === "unbound").length,
        Allow: rows.filter((r) => r.outcome === "allow").length,
        WouldBlock: rows.filter((r) => r.outcome === "wouldBlock").length,
        Block: rows.filter((r) => r.outcome === "block").length,
    });
    const unbound = requests.filter((r) => r.status === "unbound");
    return {
        "bound-wouldblock-by-app": group(requests, (r) => `${r.s.appDisplayName}|${r.resource}`).map((g) => ({ App: g[0].s.appDisplayName, Resource: g[0].resource, ...counts(g) })),
        "bound-wouldblock-by-user": group(requests, (r) => `${r.userKey}|${r.s.appDisplayName}|${r.resource}`).map((g) => ({ UserKey: g[0].userKey, UserPrincipalName: g[0].s.userPrincipalName, App: g[0].s.appDisplayName, Resource: g[0].resource, ...counts(g) })),
        "unbound-by-status-code": group(unbound, (r) => String(r.code)).map((g) => ({
            StatusCode: g[0].code,
            Requests: g.length,
            Users: new Set(g.map((r) => r.userKey)).size,
            Devices: new Set(g.map((r) => r.deviceKey).filter((k) => k !== "")).size,
            SampleUsers: [...new Set(g.map((r) => r.s.userPrincipalName))],
        })),
        "devices-behind-1003": group(unbound.filter((r) => r.code === 1003), (r) => r.deviceKey).map((g) => ({
            DeviceKey: g[0].deviceKey,
            DeviceId: g[0].s.device.deviceId,
            DeviceName: g[0].s.device.displayName,
            OperatingSystem: g[0].s.device.operatingSystem,
            TrustType: g[0].s.device.trustType ?? "",
            Requests: g.length,
            Users: new Set(g.map((r) => r.userKey)).size,
        })),
        "daily-trend": group(requests, (r) => `${r.day}|${r.s.table}`).map((g) => ({ Day: g[0].day, SignInTable: g[0].s.table, ...counts(g) })),
        coverage: (["SigninLogs", "AADNonInteractiveUserSignInLogs"] as const).map((table) => {
            const mine = requests.filter((r) => r.s.table === table);
            const days = [...new Set(mine.map((r) => r.day))].sort();
            return {
                SignInTable: table,
                Rows: signIns.filter((s) => s.table === table).length,
                ProtectedRows: signIns.filter((s) => s.table === table && protectedResourceOf(s.resourceId, s.resourceDisplayName)).length,
                Requests: mine.length,
                Bound: mine.filter((r) => r.status === "bound").length,
                Unbound: mine.filter((r) => r.status === "unbound").length,
                Days: days.length,
                FirstDay: days[0] ?? "",
                LastDay: days[days.length - 1] ?? "",
            };
        }),
    };
}

describe("analyze --workspace", () => {
    it("every query the mapping reads returns the columns it reads (Kusto language service)", () => {
        for (const [id, columns] of Object.entries(workspaceQueryColumns) as [WorkspaceQueryId, readonly string[]][]) {
            const returned = kqlResultColumns(readQueryText(id)).map(([name]) => name);
            assert.deepEqual(columns.filter((c) => !returned.includes(c)), [], id);
        }
    });

    it("maps the queries' rows to the same contract and details as reading the sign-ins from files", async () => {
        const dir = makeTempDir();
        try {
            const fromFiles = await analyzeFiles([writeFixture(dir, "all.json", render(fixtureSignIns, "la-json"))]);
            const fromWorkspace = reportFromQueryResults(modelQueries(fixtureSignIns), context);
            assert.deepEqual(contractOf(fromWorkspace), contractOf(fromFiles));
            assert.deepEqual(fromWorkspace.tables, fromFiles.tables);
            assert.deepEqual(fromWorkspace.skippedReasons, fromFiles.skippedReasons.map(({ example: _example, ...r }) => r));
            assert.equal(fromWorkspace.suggestedDeviceFilterRule, fromFiles.suggestedDeviceFilterRule);
            assert.deepEqual(fromWorkspace.statusCodeDetails.find((d) => d.code === 1003)!.deviceList, fromFiles.statusCodeDetails.find((d) => d.code === 1003)!.deviceList);
            assert.deepEqual(fromWorkspace.topUsers, fromFiles.topUsers);
            assert.deepEqual(fromWorkspace.source, { kind: "workspace", workspaceId, days: 14 });
        } finally {
            removeTempDir(dir);
        }
    });

    it("canned results: an interactive-only workspace, with a status code the cheat sheet does not know", () => {
        const results: WorkspaceResults = {
            "bound-wouldblock-by-app": [
                { App: "Microsoft Outlook", Resource: "Office 365 Exchange Online", Requests: 120, Bound: 100, Unbound: 20, Allow: 95, WouldBlock: 20, Block: 0, Users: 7, PctBound: 83.3 },
                { App: "Microsoft Teams", Resource: "Microsoft Teams Services", Requests: "30", Bound: "10", Unbound: "20", Allow: "10", WouldBlock: "20", Block: "0" },
            ],
            "bound-wouldblock-by-user": [{ UserKey: "u1", UserPrincipalName: "ann@contoso.example", Requests: 40, Bound: 0, Unbound: 40, Allow: 0, WouldBlock: 40, Block: 0 }],
            "unbound-by-status-code": [
                { StatusCode: 1008, Requests: 30, Users: 3, Devices: 4, SampleUsers: '["ann@contoso.example","ben@contoso.example"]' },
                { StatusCode: 1010, Requests: 10, Users: 1, Devices: 1, SampleUsers: ["ann@contoso.example"] },
            ],
            "devices-behind-1003": [],
            "daily-trend": [
                { Day: "2026-03-02", SignInTable: "SigninLogs", Requests: 70, Bound: 50, Unbound: 20, Allow: 50, WouldBlock: 20, Block: 0 },
                { Day: "2026-03-01", SignInTable: "SigninLogs", Requests: 80, Bound: 60, Unbound: 20, Allow: 55, WouldBlock: 20, Block: 0 },
            ],
            coverage: [
                { SignInTable: "SigninLogs", Rows: 400, ProtectedRows: 155, Requests: 150, Bound: 110, Unbound: 40, Days: 2, FirstDay: "2026-03-01", LastDay: "2026-03-02" },
                { SignInTable: "AADNonInteractiveUserSignInLogs", Rows: 0, ProtectedRows: 0, Requests: 0, Bound: 0, Unbound: 0, Days: 0, FirstDay: "", LastDay: "" },
            ],
        };
        const report = reportFromQueryResults(results, { workspaceId, days: null, since: "2026-03-01T00:00:00.000Z", policyIds: [] });
        assert.deepEqual(contractOf(report), {
            rows: 400,
            skipped: 250,
            totals: { requests: 150, bound: 110, unbound: 40, allow: 105, wouldBlock: 40, block: 0 },
            byApp: [
                { app: "Microsoft Outlook", resource: "Office 365 Exchange Online", requests: 120, bound: 100, unbound: 20, allow: 95, wouldBlock: 20, block: 0 },
                { app: "Microsoft Teams", resource: "Microsoft Teams Services", requests: 30, bound: 10, unbound: 20, allow: 10, wouldBlock: 20, block: 0 },
            ],
            byStatusCode: [
                { code: 1008, meaning: "Unbound: client not integrated with the platform broker (WAM)", action: "Update the client to the minimum supported version, or enable WAM where the app has a switch for it.", requests: 30, users: 3 },
                { code: 1010, meaning: "Unbound: undocumented status code 1010", action: "Open the sign-in in the Entra admin center (Basic info, Token Protection - Sign In Session) and check Microsoft Learn for new codes.", requests: 10, users: 1 },
            ],
            byDay: [
                { day: "2026-03-01", requests: 80, bound: 60, unbound: 20, wouldBlock: 20 },
                { day: "2026-03-02", requests: 70, bound: 50, unbound: 20, wouldBlock: 20 },
            ],
        });
        assert.deepEqual(report.skippedReasons.map((r) => [r.reason, r.rows]), [["notProtectedResource", 245], ["duplicateId", 5]]);
        assert.deepEqual(report.statusCodeDetails[0].topUsers, [{ user: "ann@contoso.example", requests: null }, { user: "ben@contoso.example", requests: null }]);
        assert.equal(report.noTokenProtectionPolicy, 5);
        assert.deepEqual(report.warnings, [
            "The input has no AADNonInteractiveUserSignInLogs rows: the non-interactive sign-ins (silent token refreshes, about half of what Token Protection sees) are missing. Export that table too.",
        ]);
    });

    it("refuses results that lack a column the mapping reads", () => {
        const results = modelQueries(fixtureSignIns);
        results["daily-trend"] = results["daily-trend"].map(({ Block: _block, ...row }) => row);
        assert.throws(() => reportFromQueryResults(results, context), { name: "InputError", message: "the daily-trend query returned no Block column: kql/daily-trend.kql and the mapping disagree" });
    });

    it("runs each query with the window and policy IDs filled in, and maps the client's tables", async () => {
        const model = modelQueries(fixtureSignIns);
        const sent: { query: string; timespan: unknown }[] = [];
        const client = {
            async queryWorkspace(id: string, query: string, timespan: unknown) {
                assert.equal(id, workspaceId);
                sent.push({ query, timespan });
                const queryId = (Object.keys(workspaceQueryColumns) as WorkspaceQueryId[]).find((q) => query.startsWith(readQueryText(q).split("\n", 1)[0]))!;
                const rows = model[queryId] as QueryRow[];
                const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
                return { status: LogsQueryResultStatus.Success, tables: [{ name: "PrimaryResult", columnDescriptors: names.map((name) => ({ name })), rows: rows.map((r) => names.map((n) => r[n] as string)) }] };
            },
        } as unknown as LogsQueryClient;
        const since = new Date("2026-02-25T00:00:00Z");
        const report = await analyzeWorkspace({ workspaceId, days: 14, since, policyIds: ["7c2e4c1f-3b5a-4d9f-8e0b-1a2b3c4d5e6f"] }, client);
        assert.equal(sent.length, 6);
        for (const { query, timespan } of sent) {
            assert.match(query, /^let StartTime = datetime\(2026-02-25T00:00:00\.000Z\);$/m);
            assert.match(query, /^let TokenProtectionPolicyIds = dynamic\(\["7c2e4c1f-3b5a-4d9f-8e0b-1a2b3c4d5e6f"\]\);$/m);
            assert.equal((timespan as { startTime: Date }).startTime.toISOString(), "2026-02-25T00:00:00.000Z");
        }
        assert.equal(report.totals.requests, 10);
        assert.deepEqual(report.source, { kind: "workspace", workspaceId, days: null });
        assert.deepEqual(tableRows({ name: "t", columnDescriptors: [{ name: "Day", type: "datetime" }], rows: [[new Date("2026-03-01T00:00:00Z")]] }), [{ Day: "2026-03-01T00:00:00.000Z" }]);
    });

    it("a failing query is one clear message, not a stack trace", async () => {
        const client = { async queryWorkspace() { throw Object.assign(new Error("The workspace could not be found\nmore detail"), { name: "RestError" }); } } as unknown as LogsQueryClient;
        await assert.rejects(analyzeWorkspace({ workspaceId, days: 7 }, client), { name: "InputError", message: `workspace ${workspaceId}: the bound-wouldblock-by-app query failed: The workspace could not be found` });
    });
});
