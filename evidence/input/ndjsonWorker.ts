// A worker thread's share of a large NDJSON file: one byte range, read with the same loop and producer as
// the single-threaded path. It posts its facts (the Int32Array's buffer is transferred, not copied) with the
// dictionary entries they refer to, and at the end its summary. Loaded by evidence/input/parallelNdjson.ts.
import * as fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { factWidth } from "../analyzer/facts";
import { FactProducer } from "../analyzer/producer";
import { readNdjsonChunks } from "./ndjson";
import { maxBatchesInFlight, type WorkerMessage, type WorkerTask } from "./parallelNdjson";

/**
 * The range's bytes, a chunk at a time, read into two buffers in turn. readNdjsonChunks keeps nothing of a
 * chunk past the next one but a copy of its cut-off line, so a buffer is free again two chunks on: reusing
 * it spares the fresh megabyte a stream allocates per read (its page faults, and the garbage).
 */
function* rangeChunks(task: WorkerTask, read: { bytes: number }): Generator<Buffer> {
    const chunkBytes = task.chunkBytes ?? 1 << 20;
    const buffers = [Buffer.allocUnsafeSlow(chunkBytes), Buffer.allocUnsafeSlow(chunkBytes)];
    const fd = fs.openSync(task.file, "r");
    try {
        for (let at = task.start, turn = 0; at < task.end; turn ^= 1) {
            const n = fs.readSync(fd, buffers[turn], 0, Math.min(chunkBytes, task.end - at), at);
            if (n <= 0) break;
            at += n;
            read.bytes += n;
            yield buffers[turn].subarray(0, n);
        }
    } finally {
        fs.closeSync(fd);
    }
}

/** The batches this thread has posted and the main thread has not counted yet (evidence/input/parallelNdjson.ts). */
const inFlight = new Int32Array((workerData as WorkerTask).inFlight);

const batchLimit = (workerData as WorkerTask).maxBatchesInFlight ?? maxBatchesInFlight;

/** Blocks this thread while the main thread has the limit of its batches still to count. */
function waitForRoom(): void {
    for (let queued = Atomics.load(inFlight, 0); queued >= batchLimit; queued = Atomics.load(inFlight, 0)) {
        Atomics.wait(inFlight, 0, queued);
    }
}

async function run(task: WorkerTask): Promise<void> {
    const producer = new FactProducer(task.file, { since: task.since, policyIds: new Set(task.policyIds), shapeAlreadyChecked: !task.startsFile });
    const read = { bytes: 0 };
    let reported = 0;
    let reportedRows = 0;
    // Each message costs a structured clone: post every few thousand facts, not every chunk.
    const post = (force: boolean) => {
        const batch = producer.batch;
        if (!force && batch.count < (task.batchFacts ?? 8192) && read.bytes - reported < 64 << 20) return;
        const bytes = read.bytes - reported;
        reported = read.bytes;
        const ints = batch.ints.slice(0, batch.count * factWidth);
        const rows = producer.summary.rows - reportedRows;
        reportedRows = producer.summary.rows;
        const message: WorkerMessage = { type: "batch", ints, count: batch.count, delta: producer.dictionaries.takeDelta(), bytes, rows };
        waitForRoom();
        Atomics.add(inFlight, 0, 1);
        parentPort!.postMessage(message, [ints.buffer]);
        batch.clear();
    };
    const lines = await readNdjsonChunks(toAsync(rangeChunks(task, read)), { file: task.file, startsFile: task.startsFile, endsFile: task.endsFile }, producer, () => post(false));
    post(true);
    const s = producer.summary;
    const done: WorkerMessage = {
        type: "done",
        lines,
        rows: s.rows,
        skips: [...s.skips.byReason],
        tablesPresent: s.tablesPresent,
        tableGuessed: s.tableGuessed,
        outOfScopeResources: s.outOfScopeResources,
        shapes: [...s.shapes],
        devices: producer.dictionaries.devices.values,
    };
    parentPort!.postMessage(done);
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
    yield* items;
}

run(workerData as WorkerTask).catch((err: Error) => {
    const message: WorkerMessage = { type: "error", name: err.name, message: err.message, stack: err.stack };
    parentPort!.postMessage(message);
});
