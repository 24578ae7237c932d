// Bad input: one clear message naming the file and the problem (an InputError, which the CLI prints
// without a stack trace, exit 2), or a counted skip with its reason and where the first one was.
import assert from "node:assert/strict";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { analyzeFiles } from "../../evidence/analyze";
import { fixtureSignIns, makeTempDir, removeTempDir, render, toCsv, writeFixture } from "../support/signinFixtures";
import { toLogAnalyticsRow } from "../support/signinShapes";

async function failure(files: string[]): Promise<Error> {
    try {
        await analyzeFiles(files);
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected the analysis to fail");
}

describe("analyze: bad input", () => {
    let dir: string;
    beforeEach(() => (dir = makeTempDir()));
    afterEach(() => removeTempDir(dir));

    const la = () => render(fixtureSignIns, "la-json");
    const ndjson = () => render(fixtureSignIns, "diagnostic-ndjson");

    const cases: [string, (dir: string) => string, (file: string) => string][] = [
        ["a missing file", (d) => path.join(d, "nope.json"), (f) => `${f}: no such file`],
        ["a directory", (d) => d, (f) => `${f}: is a directory, not an export file`],
        ["an empty file", (d) => writeFixture(d, "empty.json", ""), (f) => `${f}: the file is empty`],
        ["only whitespace", (d) => writeFixture(d, "blank.json", " \n\n\t"), (f) => `${f}: the file holds only whitespace`],
        ["binary data", (d) => writeFixture(d, "image.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])), (f) => `${f}: not JSON or CSV: it holds binary data`],
        ["gzip of binary data", (d) => writeFixture(d, "image.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]), { gzip: true }), (f) => `${f}: not JSON or CSV: it holds binary data (after gzip decompression)`],
        ["plain text", (d) => writeFixture(d, "notes.txt", "hello world\nnot an export\n"), (f) => `${f}: not JSON or CSV: it starts with "hello world"`],
        ["a truncated JSON array", (d) => writeFixture(d, "cut.json", la().slice(0, Math.floor(la().length / 2))), (f) => `${f}: truncated: the JSON ends inside an unclosed object or array (record 6 is cut off, line 161)`],
        ["a JSON array cut inside a string", (d) => writeFixture(d, "cut.json", la().slice(0, la().indexOf("Office 365 Exchange Online") + 5)), (f) => `${f}: truncated: the JSON ends inside a string (record 1 is cut off, line 19)`],
        ["a truncated gzip stream", (d) => { const gz = zlib.gzipSync(ndjson()); return writeFixture(d, "cut.ndjson.gz", gz.subarray(0, Math.floor(gz.length / 2))); }, (f) => `${f}: the gzip data is truncated (the file ends before the compressed stream does)`],
        ["NDJSON whose last line is cut", (d) => writeFixture(d, "cut.ndjson", ndjson().slice(0, ndjson().length - 200)), (f) => `${f}: truncated: the last line (12) is an incomplete JSON record and the file does not end with a newline`],
        ["JSON records with the wrong columns", (d) => writeFixture(d, "wrong.json", JSON.stringify([{ foo: 1, bar: "x" }])), (f) => `${f}: not a sign-in export: record 1 has none of the columns of SigninLogs / AADNonInteractiveUserSignInLogs (TimeGenerated, Id, ResourceIdentity), a Graph signIn (id, createdDateTime) or a diagnostic record (category, properties); it has: foo, bar`],
        ["a CSV with the wrong columns", (d) => writeFixture(d, "wrong.csv", "a,b,c\n1,2,3\n"), (f) => `${f}: wrong columns for a sign-in export: missing Id, TimeGenerated, ResourceIdentity or ResourceDisplayName, TokenProtectionStatusDetails (the header has 3 columns: a, b, c)`],
        ["a CSV without the Token Protection column", (d) => writeFixture(d, "old.csv", "TimeGenerated,Id,ResourceIdentity,UserId\n2026-03-01T00:00:00Z,x,y,z\n"), (f) => `${f}: wrong columns for a sign-in export: missing TokenProtectionStatusDetails (the header has 4 columns: TimeGenerated, Id, ResourceIdentity, UserId)`],
        ["a CSV cut inside a quoted field", (d) => { const csv = render(fixtureSignIns, "la-csv"); return writeFixture(d, "cut.csv", csv.slice(0, csv.indexOf('"[{') + 10)); }, (f) => `${f}: not a readable CSV export: quote not closed: the parsing is finished with an opening quote at line 2`],
        ["a raw Log Analytics API response", (d) => writeFixture(d, "api.json", JSON.stringify({ tables: [{ name: "PrimaryResult", columns: [], rows: [] }] })), (f) => `${f}: this is a raw Log Analytics API response ({ tables: [{ columns, rows }] }); export the query results as a JSON array of rows or as CSV instead`],
        ["an array of numbers", (d) => writeFixture(d, "numbers.json", "[1, 2, 3]"), (f) => `${f}: not a sign-in export: record 1 (line 1) is not a JSON object`],
        ["an empty array", (d) => writeFixture(d, "none.json", "[]"), (f) => `${f}: no records: the JSON holds no sign-in objects`],
        ["a first record that is not JSON", (d) => writeFixture(d, "broken.ndjson", '{"Id": tru}\n' + ndjson()), (f) => `${f}: not a sign-in export: record 1 is not valid JSON`],
    ];

    for (const [name, make, message] of cases) {
        it(`${name}: one clear message naming the file`, async () => {
            const file = make(dir);
            const err = await failure([file]);
            assert.equal(err.name, "InputError");
            assert.equal(err.message, message(file));
        });
    }

    it("reads a tab-separated export with unquoted JSON, and a CSV with a stray quote inside a field", async () => {
        const header = "TimeGenerated\tId\tResourceIdentity\tResourceDisplayName\tTokenProtectionStatusDetails\tType";
        const row = '2026-03-01T00:00:00Z\t00000000-0000-4000-8000-000000000001\t00000002-0000-0ff1-ce00-000000000000\tOffice 365 Exchange Online\t{"signInSessionStatus":"unbound","signInSessionStatusCode":1008}\tSigninLogs';
        const tsv = writeFixture(dir, "export.tsv", `${header}\n${row}\n`);
        const csv = writeFixture(dir, "export.csv", 'TimeGenerated,Id,ResourceDisplayName,TokenProtectionStatusDetails,AppDisplayName\n2026-03-01T00:00:00Z,00000000-0000-4000-8000-000000000002,Office 365 Exchange Online,,Outlook 5" edition\n');
        const report = await analyzeFiles([tsv, csv]);
        assert.deepEqual(report.totals, { requests: 2, bound: 0, unbound: 1, allow: 0, wouldBlock: 0, block: 0 });
        assert.deepEqual(report.byApp.map((a) => a.app), ["", 'Outlook 5" edition']);
    });

    it("a bad file among good ones stops the run with its own name", async () => {
        const good = writeFixture(dir, "good.json", la());
        const bad = writeFixture(dir, "bad.json", "[{");
        const err = await failure([good, bad]);
        assert.equal(err.message, `${bad}: truncated: the JSON ends inside an unclosed object or array (record 1 is cut off, line 1)`);
    });

    it("rows with broken JSON inside, a broken line, a bad time, no Id: counted skips with their reasons and first place", async () => {
        const rows = fixtureSignIns.slice(0, 6).map((s) => toLogAnalyticsRow(s));
        rows[1].ConditionalAccessPolicies = '[{"id":"6b1d3b0e-2a4f-4c8e-9d7a-0f1e2d3c4b5a","result":"reportOnlyFai';
        rows[2].TokenProtectionStatusDetails = '{"signInSessionStatus":"unbound",';
        rows[3].DeviceDetail = "{oops}";
        rows[4].TimeGenerated = "yesterday";
        rows[5].Id = "";
        const file = writeFixture(dir, "broken.json", JSON.stringify(rows, null, 1));
        const lines = render(fixtureSignIns.slice(0, 3), "diagnostic-ndjson").split("\n");
        lines.splice(1, 0, '{"time":"2026-03-01T00:00:00Z","category":"SignInLogs","properties":{"resourceId":"00000002-0000-0ff1-ce00-000000000000",');
        const ndjson = writeFixture(dir, "broken.ndjson", lines.join("\n"));
        const csvRows = fixtureSignIns.slice(0, 2).map((s) => toLogAnalyticsRow(s));
        const csv = toCsv(csvRows).replace(/\r\n$/, "") + "\r\nonly,three,fields\r\n";
        const csvFile = writeFixture(dir, "short.csv", csv);

        const report = await analyzeFiles([file, ndjson, csvFile]);
        assert.deepEqual(report.skippedReasons, [
            { reason: "duplicateId", kind: "duplicate", description: "a sign-in Id already counted (repeated in a file or across files)", rows: 3 },
            { reason: "missingId", kind: "invalid", description: "no sign-in Id", rows: 1, example: `${file}, record 6` },
            { reason: "invalidTime", kind: "invalid", description: "no readable sign-in time", rows: 1, example: `${file}, record 5` },
            { reason: "invalidJson", kind: "invalid", description: "not valid JSON", rows: 1, example: `${ndjson}, line 2` },
            { reason: "invalidTokenProtectionJson", kind: "invalid", description: "broken JSON text in the Token Protection status details", rows: 1, example: `${file}, record 3` },
            { reason: "invalidPoliciesJson", kind: "invalid", description: "broken JSON text in the Conditional Access policies", rows: 1, example: `${file}, record 2` },
            { reason: "invalidDeviceJson", kind: "invalid", description: "broken JSON text in the device details", rows: 1, example: `${file}, record 4` },
            { reason: "csvFieldCount", kind: "invalid", description: "a CSV row with a different number of fields from the header", rows: 1, example: `${csvFile}, row 3` },
        ]);
        // s1 from the JSON; s2 and s3 from the NDJSON (their JSON copies were broken); the CSV repeats s1 and s2.
        assert.deepEqual({ rows: report.rows, skipped: report.skipped, requests: report.totals.requests }, { rows: 13, skipped: 10, requests: 3 });
        assert.equal(
            report.warnings.find((w) => w.includes("unreadable")),
            `7 rows were set aside as unreadable: 1 no sign-in Id (first at ${file}, record 6); 1 no readable sign-in time (first at ${file}, record 5); ` +
                `1 not valid JSON (first at ${ndjson}, line 2); 1 broken JSON text in the Token Protection status details (first at ${file}, record 3); ` +
                `1 broken JSON text in the Conditional Access policies (first at ${file}, record 2); 1 broken JSON text in the device details (first at ${file}, record 4); ` +
                `1 a CSV row with a different number of fields from the header (first at ${csvFile}, row 3).`,
        );
    });
});
