// The one real export we have (../shared/samples/signin-logs/SigninLogs_clean.json: five anonymised
// SigninLogs rows from a live workspace, 2026-02-01). None is a sign-in to a protected resource, so the
// report must say so loudly rather than print zeros; with the resource rewritten to Exchange Online the
// same real rows show how the analyzer reads the real export's shape.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeFiles } from "../../evidence/analyze";
import { makeTempDir, removeTempDir, writeFixture } from "../support/signinFixtures";

const sample = path.join(__dirname, "..", "..", "..", "shared", "samples", "signin-logs", "SigninLogs_clean.json");

describe("analyze: the real SigninLogs export", () => {
    it("reports every row as out of scope (Azure Resource Manager 4, Windows Azure Active Directory 1) and warns", async () => {
        const report = await analyzeFiles([sample]);
        assert.deepEqual(
            { rows: report.rows, skipped: report.skipped, totals: report.totals, byApp: report.byApp, byStatusCode: report.byStatusCode, byDay: report.byDay },
            { rows: 5, skipped: 5, totals: { requests: 0, bound: 0, unbound: 0, allow: 0, wouldBlock: 0, block: 0 }, byApp: [], byStatusCode: [], byDay: [] },
        );
        assert.deepEqual(report.skippedReasons, [
            { reason: "notProtectedResource", kind: "outOfScope", description: "not a sign-in to a protected resource", rows: 5, example: `${sample}, record 1` },
        ]);
        assert.deepEqual(report.outOfScopeResources, [
            { resource: "Azure Resource Manager", rows: 4 },
            { resource: "Windows Azure Active Directory", rows: 1 },
        ]);
        assert.deepEqual(report.tables, {
            SigninLogs: { present: true, requests: 0, bound: 0, unbound: 0, days: 0, firstDay: null, lastDay: null },
            AADNonInteractiveUserSignInLogs: { present: false, requests: 0, bound: 0, unbound: 0, days: 0, firstDay: null, lastDay: null },
        });
        assert.deepEqual(report.source, { kind: "files", files: [{ file: sample, format: "json (logAnalytics)", gzip: false, rows: 5 }] });
        assert.deepEqual(report.warnings, [
            "No sign-ins to the protected resources were counted: 5 rows read, all set aside (see the reasons). Every figure below is zero for that reason, not because nothing is unbound.",
            "The input has no AADNonInteractiveUserSignInLogs rows: the non-interactive sign-ins (silent token refreshes, about half of what Token Protection sees) are missing. Export that table too.",
        ]);
    });

    it("reads the real rows' shape: JSON-text columns, six-digit fractions, none/1002 neither bound nor unbound", async () => {
        const dir = makeTempDir();
        try {
            const rows = JSON.parse(fs.readFileSync(sample, "utf8")) as Record<string, unknown>[];
            const asExchange = rows.map((r) => ({ ...r, ResourceIdentity: "00000002-0000-0ff1-ce00-000000000000", ResourceDisplayName: "Office 365 Exchange Online" }));
            const report = await analyzeFiles([writeFixture(dir, "exchange.json", JSON.stringify(asExchange, null, 1))]);
            assert.deepEqual(report.totals, { requests: 5, bound: 0, unbound: 3, allow: 0, wouldBlock: 0, block: 0 });
            assert.deepEqual(report.byApp.map((a) => [a.app, a.resource, a.requests, a.unbound]), [
                ["Azure Portal", "Office 365 Exchange Online", 4, 3],
                ["Microsoft 365 Security and Compliance Center", "Office 365 Exchange Online", 1, 0],
            ]);
            assert.deepEqual(report.byStatusCode.map((c) => [c.code, c.requests, c.users]), [[1002, 3, 1]]);
            assert.deepEqual(report.byDay, [{ day: "2026-02-01", requests: 5, bound: 0, unbound: 3, wouldBlock: 0 }]);
            assert.deepEqual(report.tokenProtectionStatus, { bound: 0, unbound: 3, none: 2, missing: 0 });
            // Only Security Defaults applied: no Token Protection policy, so Allow/WouldBlock/Block say nothing yet.
            assert.equal(report.noTokenProtectionPolicy, 5);
            assert.deepEqual(report.tokenProtectionPolicies, []);
            // The anonymiser's "{PII Removed}" device ID is still one device.
            assert.equal(report.statusCodeDetails[0].devices, 1);
        } finally {
            removeTempDir(dir);
        }
    });
});
