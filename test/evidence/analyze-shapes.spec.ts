// The hand-made sign-ins in every export shape, gzip or not: the exact JSON contract, worked out by hand.
import assert from "node:assert/strict";
import { analyzeFiles } from "../../evidence/analyze";
import { avdRule, cloudPcRule, contractOf, expectedContract } from "../support/signinExpected";
import { fixtureFormats, fixtureSignIns, makeTempDir, removeTempDir, render, writeFixture } from "../support/signinFixtures";

describe("analyze: the hand-made sign-ins in every shape", () => {
    let dir: string;
    beforeEach(() => (dir = makeTempDir()));
    afterEach(() => removeTempDir(dir));

    for (const format of fixtureFormats) {
        for (const gzip of [false, true]) {
            it(`${format}${gzip ? ", gzip" : ""}: the exact contract`, async () => {
                const file = writeFixture(dir, `signins.${format}`, render(fixtureSignIns, format), { gzip });
                const report = await analyzeFiles([file]);
                assert.deepEqual(contractOf(report), expectedContract);
                assert.deepEqual(report.source, {
                    kind: "files",
                    files: [{ file, format: `${format === "diagnostic-ndjson" ? "ndjson" : format === "la-csv" ? "csv" : "json"} (${format.split("-")[0] === "la" ? "logAnalytics" : format.split("-")[0]})`, gzip, rows: 12 }],
                });
            });
        }
    }

    it("the details behind the contract: tables, reasons, policies, 1003 devices and the filter that excludes them", async () => {
        const file = writeFixture(dir, "signins.ndjson", render(fixtureSignIns, "diagnostic-ndjson"));
        const report = await analyzeFiles([file]);
        assert.deepEqual(report.tables, {
            SigninLogs: { present: true, requests: 5, bound: 2, unbound: 2, days: 3, firstDay: "2026-03-01", lastDay: "2026-03-03" },
            AADNonInteractiveUserSignInLogs: { present: true, requests: 5, bound: 1, unbound: 3, days: 4, firstDay: "2026-02-20", lastDay: "2026-03-03" },
        });
        assert.deepEqual(report.skippedReasons, [
            { reason: "notProtectedResource", kind: "outOfScope", description: "not a sign-in to a protected resource", rows: 1 },
            { reason: "duplicateId", kind: "duplicate", description: "a sign-in Id already counted (repeated in a file or across files)", rows: 1 },
        ]);
        assert.deepEqual(report.outOfScopeResources, [{ resource: "Microsoft Graph", rows: 1 }]);
        assert.deepEqual(report.tokenProtectionStatus, { bound: 3, unbound: 5, none: 1, missing: 1 });
        assert.equal(report.noTokenProtectionPolicy, 2);
        assert.deepEqual(report.tokenProtectionPolicies, [
            { id: "6b1d3b0e-2a4f-4c8e-9d7a-0f1e2d3c4b5a", displayName: "TP [report-only] Require token protection for sign-in sessions (Windows)", requests: 6, reportOnlyRequests: 6, enforcedRequests: 0, notSatisfied: 3, counted: true },
            { id: "7c2e4c1f-3b5a-4d9f-8e0b-1a2b3c4d5e6f", displayName: "TP [pilot] Require token protection for sign-in sessions (Windows)", requests: 2, reportOnlyRequests: 0, enforcedRequests: 2, notSatisfied: 1, counted: true },
        ]);
        const d1003 = report.statusCodeDetails.find((d) => d.code === 1003)!;
        assert.deepEqual(d1003.topUsers, [{ user: "bob@contoso.example", requests: 2 }, { user: "carol@contoso.example", requests: 1 }]);
        // Most requests first, then by device key (the device ID), as the KQL orders them.
        assert.deepEqual(d1003.deviceList!.map((d) => [d.displayName, d.trustType, d.kind, d.label, d.requests, d.exclusion]), [
            ["CPC-bob-01", "Azure AD joined", "cloudPc", "Cloud PC", 1, cloudPcRule],
            ["LT-0042", "Hybrid Azure AD joined", null, "Hybrid joined", 1, null],
            ["avd-host-1", "Azure AD joined", "avdSessionHosts", "AVD session hosts", 1, avdRule],
        ]);
        assert.match(d1003.deviceList![1].remediation!, /^Re-register the device with fresh sign-in credentials/);
        assert.equal(report.suggestedDeviceFilterRule, `${cloudPcRule} -or ${avdRule}`);
        assert.equal(report.statusCodeDetails.find((d) => d.code === 1002)!.devices, 0, "the 1002 sign-in names no device");
        assert.deepEqual(report.topUsers.map((u) => [u.user, u.wouldBlock, u.block]), [
            ["bob@contoso.example", 2, 0],
            ["alice@contoso.example", 1, 0],
            ["carol@contoso.example", 0, 1],
        ]);
        assert.deepEqual(report.warnings, [
            "1 request carries no Token Protection status details (logs from before the field, Graph v1.0, or an export that dropped the column): they count as neither bound nor unbound.",
        ]);
        assert.equal(report.rows, report.totals.requests + report.skipped);
    });

    it("reads the same sign-ins split over files of different shapes, and counts s2 once though two files carry it", async () => {
        const files = [
            writeFixture(dir, "a.json", render(fixtureSignIns.slice(0, 4), "la-json")),
            writeFixture(dir, "b.csv", render(fixtureSignIns.slice(4, 7), "la-csv"), { gzip: true }),
            writeFixture(dir, "c.json", render(fixtureSignIns.slice(7, 9), "graph-page")),
            writeFixture(dir, "d.ndjson", render(fixtureSignIns.slice(9), "diagnostic-ndjson"), { gzip: true }),
        ];
        const report = await analyzeFiles(files);
        assert.deepEqual(contractOf(report), expectedContract);
        assert.deepEqual(report.source.kind === "files" && report.source.files.map((f) => [f.format, f.gzip, f.rows]), [
            ["json (logAnalytics)", false, 4],
            ["csv (logAnalytics)", true, 3],
            ["json (graph)", false, 2],
            ["ndjson (diagnostic)", true, 3],
        ]);
    });
});
