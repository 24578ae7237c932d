// --since, --policy-id, and deduplication: repeated Ids in a file, across files, and through the on-disk
// spill that keeps memory flat (forced here with a tiny in-memory cap).
import assert from "node:assert/strict";
import { analyzeFiles } from "../../evidence/analyze";
import { contractOf, expectedContract } from "../support/signinExpected";
import { enforcedPolicyId, fixtureSignIns, makeTempDir, removeTempDir, render, reportOnlyPolicyId, writeFixture } from "../support/signinFixtures";

describe("analyze: options and deduplication", () => {
    let dir: string;
    let file: string;
    beforeEach(() => {
        dir = makeTempDir();
        file = writeFixture(dir, "signins.json", render(fixtureSignIns, "la-json"));
    });
    afterEach(() => removeTempDir(dir));

    it("--since drops earlier sign-ins and counts them as set aside", async () => {
        const report = await analyzeFiles([file], { since: new Date("2026-03-02T00:00:00Z") });
        // Left: s3, s4, s5 (2 March) and s6, s8, s9, s11 (3 March); s1 and s2 (1 March), s12 (20 February) and s2's repeat are earlier.
        assert.deepEqual(contractOf(report), {
            rows: 12,
            skipped: 5,
            totals: { requests: 7, bound: 1, unbound: 4, allow: 2, wouldBlock: 2, block: 1 },
            byApp: [
                { app: "Microsoft Outlook", resource: "Office 365 Exchange Online", requests: 2, bound: 0, unbound: 1, allow: 1, wouldBlock: 1, block: 0 },
                { app: "OneDrive SyncEngine", resource: "Office 365 SharePoint Online", requests: 2, bound: 1, unbound: 1, allow: 0, wouldBlock: 1, block: 0 },
                { app: "Microsoft Teams", resource: "Microsoft Teams Services", requests: 1, bound: 0, unbound: 1, allow: 0, wouldBlock: 0, block: 1 },
                { app: "Windows App", resource: "Azure Virtual Desktop", requests: 1, bound: 0, unbound: 1, allow: 0, wouldBlock: 0, block: 0 },
                { app: "Windows App", resource: "Windows 365", requests: 1, bound: 0, unbound: 0, allow: 1, wouldBlock: 0, block: 0 },
            ],
            byStatusCode: [expectedContract.byStatusCode[0], expectedContract.byStatusCode[1]],
            byDay: expectedContract.byDay.slice(2),
        });
        assert.deepEqual(report.skippedReasons.map((r) => [r.reason, r.rows]), [["notProtectedResource", 1], ["beforeSince", 4]]);
        assert.equal(report.since, "2026-03-02T00:00:00.000Z");
    });

    it("--policy-id counts only the named policy; the others are listed as not counted", async () => {
        const report = await analyzeFiles([file], { policyIds: [enforcedPolicyId.toUpperCase()] });
        // Only s4 (enforced, not satisfied: Block) and s9 (enforced, satisfied: Allow) have the pilot policy.
        assert.deepEqual(report.totals, { requests: 10, bound: 3, unbound: 5, allow: 1, wouldBlock: 0, block: 1 });
        assert.equal(report.noTokenProtectionPolicy, 8);
        assert.deepEqual(report.tokenProtectionPolicies.map((p) => [p.id, p.counted, p.requests]), [
            [reportOnlyPolicyId, false, 6],
            [enforcedPolicyId, true, 2],
        ]);
        const none = await analyzeFiles([file], { policyIds: ["11111111-2222-4333-8444-555555555555"] });
        assert.deepEqual(none.totals, { requests: 10, bound: 3, unbound: 5, allow: 0, wouldBlock: 0, block: 0 });
        assert.match(none.warnings.join("\n"), /--policy-id names none of the Token Protection policies in the logs \(6b1d3b0e-2a4f-4c8e-9d7a-0f1e2d3c4b5a "TP \[report-only\] Require token protection for sign-in sessions \(Windows\)", 7c2e4c1f-/);
    });

    it("counts a request once when the same export is given twice, in two formats", async () => {
        const again = writeFixture(dir, "signins.ndjson.gz", render(fixtureSignIns, "diagnostic-ndjson"), { gzip: true });
        const report = await analyzeFiles([file, again]);
        assert.deepEqual(contractOf(report), { ...expectedContract, rows: 24, skipped: 14 });
        assert.deepEqual(report.skippedReasons.map((r) => [r.reason, r.rows]), [["notProtectedResource", 2], ["duplicateId", 12]]);
    });

    it("gives the same report when the Id set spills to disk as when it stays in memory", async () => {
        const again = writeFixture(dir, "signins.csv", render(fixtureSignIns, "la-csv"));
        const inMemory = await analyzeFiles([file, again]);
        const spilled = await analyzeFiles([file, again], { dedupe: { memoryIds: 3, partitions: 4, tempDirectory: dir } });
        assert.deepEqual(spilled, inMemory);
        assert.deepEqual(contractOf(spilled), { ...expectedContract, rows: 24, skipped: 14 });
    });
});
