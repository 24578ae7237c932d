// A worker thread's share of a large NDJSON file: one byte range, read with the same loop and producer as
// the single-threaded path. It posts its facts (the Int32Array's buffer is transferred, not copied) with the
// dictionary entries they refer to, and at the end its summary. Loaded by evidence/input/parallelNdjson.ts.
import * as fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { factWidth } from "../analyzer/facts";
import { FactProducer } from "../analyzer/producer";
import { readNdjsonChunks } from "./ndjson";
import type { WorkerMessage, WorkerTask } from "./parallelNdjson";

async function run(task: WorkerTask): Promise<void> {
    const producer = new FactProducer(task.file, { since: task.since, policyIds: new Set(task.policyIds), shapeAlreadyChecked: !task.startsFile });
    const stream = fs.createReadStream(task.file, { start: task.start, end: task.end - 1, highWaterMark: 1 << 20 });
    let reported = 0;
    let reportedRows = 0;
    // Each message costs a structured clone: post every few thousand facts, not every chunk.
    const post = (force: boolean) => {
        const batch = producer.batch;
        if (!force && batch.count < 8192 && stream.bytesRead - reported < 64 << 20) return;
        const bytes = stream.bytesRead - reported;
        reported = stream.bytesRead;
        const ints = batch.ints.slice(0, batch.count * factWidth);
        const rows = producer.summary.rows - reportedRows;
        reportedRows = producer.summary.rows;
        const message: WorkerMessage = { type: "batch", ints, count: batch.count, delta: producer.dictionaries.takeDelta(), bytes, rows };
        parentPort!.postMessage(message, [ints.buffer]);
        batch.clear();
    };
    const lines = await readNdjsonChunks(stream, { file: task.file, startsFile: task.startsFile, endsFile: task.endsFile }, producer, () => post(false));
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

run(workerData as WorkerTask).catch((err: Error) => {
    const message: WorkerMessage = { type: "error", name: err.name, message: err.message, stack: err.stack };
    parentPort!.postMessage(message);
});
