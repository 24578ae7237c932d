// Large NDJSON files are split across worker threads: the report must be the one a single thread makes,
// bad input must still be one clear message, and skip examples must name lines of the whole file.
import assert from "node:assert/strict";
import fc from "fast-check";
import { analyzeFiles } from "../../evidence/analyze";
import { maxBatchesInFlight, readNdjsonInParallel, splitRanges } from "../../evidence/input/parallelNdjson";
import { fixtureSignIns, makeTempDir, removeTempDir, render, writeFixture } from "../support/signinFixtures";
import { toDiagnosticRecord } from "../support/signinShapes";

const threads = (workers: number) => ({ parallel: { minBytes: 0, workers } });

describe("analyze: NDJSON across worker threads", () => {
    let dir: string;
    beforeEach(() => (dir = makeTempDir()));
    afterEach(() => removeTempDir(dir));

    it("cuts ranges only after newlines, covering the file exactly", () => {
        const text = render(fixtureSignIns, "diagnostic-ndjson");
        const file = writeFixture(dir, "s.ndjson", text);
        for (const parts of [1, 2, 3, 5, 40]) {
            const ranges = splitRanges(file, text.length, parts);
            assert.equal(ranges[0][0], 0);
            assert.equal(ranges[ranges.length - 1][1], Buffer.byteLength(text));
            ranges.forEach(([start, end], i) => {
                assert.ok(end > start);
                if (i > 0) assert.equal(text[start - 1], "\n", `range ${i} starts after a newline`);
                if (i > 0) assert.equal(start, ranges[i - 1][1]);
            });
        }
    });

    it("gives the single-threaded report for any sign-ins, repeats and thread count", async () => {
        await fc.assert(
            fc.asyncProperty(fc.array(fc.integer({ min: 0, max: fixtureSignIns.length - 1 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 4 }), async (picks, workers) => {
                const signIns = picks.map((i) => fixtureSignIns[i]);
                const file = writeFixture(dir, `p${picks.length}-${workers}.ndjson`, render(signIns, "diagnostic-ndjson"));
                const single = await analyzeFiles([file], threads(1));
                const parallel = await analyzeFiles([file], threads(workers));
                assert.deepEqual(parallel, single);
            }),
            { numRuns: 12 },
        );
    });

    it("gives the single-threaded report however small the reader threads' chunks (their two buffers take turns)", async () => {
        await fc.assert(
            fc.asyncProperty(fc.array(fc.integer({ min: 0, max: fixtureSignIns.length - 1 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 3000 }), async (picks, chunkBytes) => {
                const file = writeFixture(dir, `c${picks.length}-${chunkBytes}.ndjson`, render(picks.map((i) => fixtureSignIns[i]), "diagnostic-ndjson"));
                const single = await analyzeFiles([file], threads(1));
                const parallel = await analyzeFiles([file], { ...threads(2), chunkBytes });
                assert.deepEqual(parallel, single);
            }),
            { numRuns: 12 },
        );
    });

    it("holds a reader thread back while the main thread has its limit of batches still to count", async () => {
        const text = render([...fixtureSignIns, ...fixtureSignIns, ...fixtureSignIns], "diagnostic-ndjson");
        const file = writeFixture(dir, "flow.ndjson", text);
        const single = await analyzeFiles([file], threads(1));
        const read = async (limit: number) => {
            let batches = 0;
            let facts = 0;
            const summaries = await readNdjsonInParallel({ file, policyIds: [], chunkBytes: 256, batchFacts: 1, maxBatchesInFlight: limit }, Buffer.byteLength(text), 2, (_worker, batch) => {
                batches++;
                facts += batch.count;
                // A main thread slower than its readers: 2 ms per batch.
                for (const until = Date.now() + 2; Date.now() < until; );
            });
            return { batches, facts, peak: Math.max(...summaries.map((s) => s.peakBatchesInFlight)) };
        };
        const limited = await read(2);
        // Every counted request is a fact (repeats included: the main thread deduplicates), one batch each.
        const repeats = single.skippedReasons.find((r) => r.reason === "duplicateId")?.rows ?? 0;
        assert.equal(limited.facts, single.totals.requests + repeats);
        assert.ok(limited.batches >= limited.facts, `${limited.batches} batches for ${limited.facts} facts`);
        assert.ok(limited.peak >= 1 && limited.peak <= 2, `peak ${limited.peak}`);
        // The measure sees a queue when nothing holds the readers back.
        assert.ok((await read(1000)).peak > 2);
        await assert.rejects(read(0), { message: "maxBatchesInFlight is 0; allowed: a whole number of at least 1" });
    });

    it("a main thread that fails on a batch ends the read with its error, and no reader is left waiting", async () => {
        const text = render([...fixtureSignIns, ...fixtureSignIns], "diagnostic-ndjson");
        const file = writeFixture(dir, "fail.ndjson", text);
        let batches = 0;
        const failing = readNdjsonInParallel({ file, policyIds: [], chunkBytes: 256, batchFacts: 1, maxBatchesInFlight: 1 }, Buffer.byteLength(text), 2, () => {
            if (++batches === 3) throw new Error("disk full while spilling");
        });
        await assert.rejects(failing, { message: "disk full while spilling" });
        // The same file reads in full afterwards: nothing of the failed read is left holding it.
        let facts = 0;
        await readNdjsonInParallel({ file, policyIds: [], maxBatchesInFlight }, Buffer.byteLength(text), 2, (_w, batch) => (facts += batch.count));
        assert.ok(facts > 0);
    });

    it("names the line of the whole file in examples, and reports a cut last line", async () => {
        const lines = fixtureSignIns.map((s) => JSON.stringify(toDiagnosticRecord(s)));
        lines.splice(9, 0, '{"broken": "line", "resourceId": "00000002-0000-0ff1-ce00-000000000000"');
        const file = writeFixture(dir, "broken.ndjson", lines.join("\n") + "\n");
        const report = await analyzeFiles([file], threads(3));
        assert.deepEqual(report.skippedReasons.find((r) => r.reason === "invalidJson"), { reason: "invalidJson", kind: "invalid", description: "not valid JSON", rows: 1, example: `${file}, line 10` });

        const cut = writeFixture(dir, "cut.ndjson", lines.join("\n").slice(0, -40));
        await assert.rejects(analyzeFiles([cut], threads(3)), { name: "InputError", message: `${cut}: truncated: the last line (13) is an incomplete JSON record and the file does not end with a newline` });
    });
});
