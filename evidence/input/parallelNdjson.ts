// Large uncompressed NDJSON files are read by worker threads, one byte range each (cut after a newline), so
// JSON.parse runs on every core. Workers send facts and dictionary entries; the main thread maps them into
// the run's dictionaries and alone deduplicates and counts, so the report is the one a single thread makes.
// (Which copy of a repeated Id counts can differ when the copies differ: they never do in real exports.)
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { DeviceEntry, DictionaryDelta } from "../analyzer/dictionaries";
import type { SkipReason, SkipTally } from "../analyzer/skips";
import { InputError } from "../errors";

export interface WorkerTask {
    file: string;
    start: number;
    end: number;
    startsFile: boolean;
    endsFile: boolean;
    since?: number;
    policyIds: string[];
    /** Read size; tests make it tiny so records straddle chunks (and the worker's two buffers take turns). */
    chunkBytes?: number;
    /** Facts a batch collects before it is posted; tests make it tiny to post many. */
    batchFacts?: number;
    /** Batches posted and not yet counted by the main thread (Int32 slot 0); see maxBatchesInFlight. */
    inFlight: SharedArrayBuffer;
    /** The flow-control limit; defaults to maxBatchesInFlight. */
    maxBatchesInFlight?: number;
}

/**
 * Flow control: a reader thread waits when this many of its batches are queued for the main thread. Without
 * it a main thread that falls behind (two cores, three busy threads) lets batches pile up in its message
 * queue, and peak memory grows with the input instead of staying flat.
 */
export const maxBatchesInFlight = 4;

export type WorkerMessage =
    | { type: "batch"; ints: Int32Array; count: number; delta: DictionaryDelta; bytes: number; rows: number }
    | {
          type: "done";
          lines: number;
          rows: number;
          skips: [SkipReason, SkipTally][];
          tablesPresent: [boolean, boolean];
          tableGuessed: number;
          outOfScopeResources: Map<string, number>;
          shapes: string[];
          devices: DeviceEntry[];
      }
    | { type: "error"; name: string; message: string; stack?: string };

export type WorkerSummary = Extract<WorkerMessage, { type: "done" }> & {
    /** The most of this thread's batches ever queued for the main thread (flow control keeps it at the limit). */
    peakBatchesInFlight: number;
};

export interface ParallelOptions {
    /** Files at least this big are split (uncompressed NDJSON only). */
    readonly minBytes: number;
    readonly workers: number;
}

export const defaultParallelOptions: ParallelOptions = { minBytes: 64 << 20, workers: Math.min(4, os.availableParallelism()) };

/** Range boundaries: each cut moved forward to just after the next newline. */
export function splitRanges(file: string, size: number, parts: number): [number, number][] {
    const fd = fs.openSync(file, "r");
    try {
        const cuts = [0];
        const window = Buffer.allocUnsafe(1 << 16);
        for (let k = 1; k < parts; k++) {
            let at = Math.max(Math.floor((k * size) / parts), cuts[cuts.length - 1]);
            let cut = size;
            while (at < size) {
                const n = fs.readSync(fd, window, 0, window.length, at);
                const nl = window.subarray(0, n).indexOf(10);
                if (nl !== -1) {
                    cut = at + nl + 1;
                    break;
                }
                at += n;
            }
            if (cut > cuts[cuts.length - 1] && cut < size) cuts.push(cut);
        }
        cuts.push(size);
        return cuts.slice(1).map((end, i) => [cuts[i], end]);
    } finally {
        fs.closeSync(fd);
    }
}

/** Newlines in the first `end` bytes of a file (only on the error path: a worker's line numbers are range-local). */
function countNewlines(file: string, end: number): number {
    const fd = fs.openSync(file, "r");
    try {
        const buffer = Buffer.allocUnsafe(1 << 20);
        let count = 0;
        for (let at = 0; at < end; ) {
            const n = fs.readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
            if (n <= 0) break;
            for (let i = buffer.indexOf(10); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) count++;
            at += n;
        }
        return count;
    } finally {
        fs.closeSync(fd);
    }
}

/**
 * The worker: as JavaScript (a build, the benchmark) the sibling .js file; from the TypeScript sources, a
 * two-line bootstrap that loads it through sucrase, whose transform is a few MiB (the TypeScript compiler
 * ts-node would load again in every thread is about 120 MiB).
 */
export function workerScript(): { script: string; eval: boolean } {
    if (__filename.endsWith(".js")) return { script: path.join(__dirname, "ndjsonWorker.js"), eval: false };
    const entry = path.join(__dirname, "ndjsonWorker.ts");
    return { script: `require("sucrase/register/ts");\nrequire(${JSON.stringify(entry)});`, eval: true };
}

/** Runs the workers; `onBatch` and `onDone` are called in the main thread, batch by batch. */
export async function readNdjsonInParallel(
    task: Omit<WorkerTask, "start" | "end" | "startsFile" | "endsFile" | "inFlight">,
    size: number,
    workers: number,
    onBatch: (worker: number, message: Extract<WorkerMessage, { type: "batch" }>) => void,
): Promise<WorkerSummary[]> {
    const limit = task.maxBatchesInFlight ?? maxBatchesInFlight;
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`maxBatchesInFlight is ${limit}; allowed: a whole number of at least 1`);
    const ranges = splitRanges(task.file, size, workers);
    const { script, eval: isCode } = workerScript();
    const threads: Worker[] = [];
    const running = ranges.map(([start, end], index) => {
        // JSON.parse's garbage dies young: a 16 MiB young generation keeps each thread near 45 MiB, as fast.
        const inFlight = new SharedArrayBuffer(4);
        const counter = new Int32Array(inFlight);
        const worker = new Worker(script, { eval: isCode, workerData: { ...task, start, end, startsFile: start === 0, endsFile: end === size, inFlight } satisfies WorkerTask, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
        threads.push(worker);
        return new Promise<WorkerSummary>((resolve, reject) => {
            let settled = false;
            let peakBatchesInFlight = 0;
            worker.on("message", (message: WorkerMessage) => {
                if (message.type === "batch") {
                    if (settled) return;
                    peakBatchesInFlight = Math.max(peakBatchesInFlight, Atomics.load(counter, 0));
                    try {
                        onBatch(index, message);
                    } catch (err) {
                        settled = true;
                        reject(err);
                    } finally {
                        // The batch's place in the queue is given back whatever happened, so the reader never waits for it.
                        Atomics.sub(counter, 0, 1);
                        Atomics.notify(counter, 0);
                    }
                } else if (message.type === "done") {
                    settled = true;
                    resolve({ ...message, peakBatchesInFlight });
                } else {
                    settled = true;
                    if (message.name !== "InputError") return reject(Object.assign(new Error(message.message), { name: message.name, stack: message.stack }));
                    // The worker counts lines from its range's start; the operator needs the file's line.
                    const lineOffset = start === 0 ? 0 : countNewlines(task.file, start);
                    reject(new InputError(message.message.replace(/the last line \((\d+)\)/, (_m, n: string) => `the last line (${Number(n) + lineOffset})`)));
                }
            });
            worker.on("error", (err) => {
                settled = true;
                reject(err);
            });
            // A message that cannot be deserialised would otherwise be dropped, its place in the queue never given back.
            worker.on("messageerror", (err) => {
                settled = true;
                reject(err);
            });
            worker.on("exit", (code) => {
                if (!settled) reject(new Error(`a reader thread for ${task.file} stopped (exit code ${code})`));
            });
        });
    });
    try {
        return await Promise.all(running);
    } catch (err) {
        // One range failing (a truncated last line, say) ends the file: stop the others rather than finish them.
        await Promise.allSettled(threads.map((t) => t.terminate()));
        throw err;
    }
}
