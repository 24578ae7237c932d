// `tp-rollout analyze` as an operator runs it: the bin in a child process for the outputs and exit codes,
// and the program in-process for the flag checks.
import assert from "node:assert/strict";
import { runBin, runInProcess } from "../support/cli";
import { expectedContract } from "../support/signinExpected";
import { fixtureSignIns, makeTempDir, removeTempDir, render, writeFixture } from "../support/signinFixtures";

describe("tp-rollout analyze", () => {
    let dir: string;
    let json: string;
    let ndjson: string;
    before(() => {
        dir = makeTempDir();
        json = writeFixture(dir, "interactive.json", render(fixtureSignIns.filter((s) => s.table === "SigninLogs"), "la-json"));
        ndjson = writeFixture(dir, "non-interactive.ndjson", render(fixtureSignIns.filter((s) => s.table !== "SigninLogs"), "diagnostic-ndjson"), { gzip: true });
    });
    after(() => removeTempDir(dir));

    it("--json prints the contract first, with the issue's names, and the warnings on stderr", () => {
        const { code, stdout, stderr } = runBin("analyze", json, ndjson, "--json");
        assert.equal(code, 0);
        const report = JSON.parse(stdout);
        assert.deepEqual(Object.keys(report).slice(0, 6), ["rows", "skipped", "totals", "byApp", "byStatusCode", "byDay"]);
        const { rows, skipped, totals, byApp, byStatusCode, byDay } = report;
        assert.deepEqual({ rows, skipped, totals, byApp, byStatusCode, byDay }, expectedContract);
        assert.equal(stderr, "warning: 1 request carries no Token Protection status details (logs from before the field, Graph v1.0, or an export that dropped the column): they count as neither bound nor unbound.\n");
    });

    it("--markdown prints a change-ticket section with every table", () => {
        const { code, stdout } = runBin("analyze", json, ndjson, "--markdown", "--since", "2026-03-01");
        assert.equal(code, 0);
        for (const heading of ["## Token Protection sign-in evidence", "### Summary", "### Per application and resource", "### Unbound by status code", "### Devices behind 1003", "### Daily trend", "### Token Protection policies in the logs", "### Rows set aside"]) {
            assert.ok(stdout.includes(`\n${heading}\n`) || stdout.startsWith(`${heading}\n`), heading);
        }
        assert.ok(stdout.includes("| 9 | 2 | 5 | 22.2% | 3 | 3 | 1 | 2 |"), "summary row after --since drops s12");
        assert.ok(stdout.includes('(device.systemLabels -contains "CloudPC" -and device.trustType -eq "AzureAD") -or (device.systemLabels -contains "AzureVirtualDesktop" -and device.trustType -eq "AzureAD")'));
    });

    it("bad input: one line on stderr naming the file, exit 2, no stack trace", () => {
        const bad = writeFixture(dir, "bad.json", '[{"TimeGenerated": "2026-03-01T00:00:00Z", "Id": "x"');
        const { code, stdout, stderr } = runBin("analyze", bad);
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.equal(stderr, `tp-rollout: ${bad}: truncated: the JSON ends inside an unclosed object or array (record 1 is cut off, line 1)\n`);
    });

    const usage: [string[], string][] = [
        [["--json", "--markdown"], "--json and --markdown are exclusive: pick one output"],
        [["--since", "2026-02-30"], '--since is "2026-02-30"; expected a date YYYY-MM-DD (UTC) or an ISO 8601 date-time'],
        [["--since", "last week"], '--since is "last week"; expected a date YYYY-MM-DD (UTC) or an ISO 8601 date-time'],
        [["--policy-id", "my-policy"], '--policy-id is "my-policy"; expected a Conditional Access policy object ID (a GUID)'],
        [["--days", "7"], "--days goes with --workspace; for files use --since"],
    ];
    for (const [flags, message] of usage) {
        it(`refuses ${flags.join(" ")}`, async () => {
            const result = await runInProcess("analyze", json, ...flags);
            assert.deepEqual(result, { code: 2, stdout: "", stderr: `tp-rollout: ${message}\n` });
        });
    }

    it("refuses no input, files with --workspace, and a workspace that is not an ID", async () => {
        assert.equal((await runInProcess("analyze")).stderr, "tp-rollout: give one or more export files, or --workspace <workspace-id>\n");
        assert.equal((await runInProcess("analyze", json, "--workspace", "11111111-2222-4333-8444-555555555555")).stderr, "tp-rollout: give either files or --workspace, not both\n");
        assert.equal(
            (await runInProcess("analyze", "--workspace", "my-workspace")).stderr,
            'tp-rollout: --workspace is "my-workspace"; expected the workspace ID (a GUID, Log Analytics workspace > Overview > Workspace ID)\n',
        );
        assert.equal((await runInProcess("analyze", "--workspace", "11111111-2222-4333-8444-555555555555", "--days", "0")).stderr, 'tp-rollout: --days is "0"; expected a whole number of days\n');
    });
});
