// `tp-rollout analyze` over files: every input read by a producer (or, for a large NDJSON file, one producer
// per worker thread), the facts mapped into the run's dictionaries, deduplicated by sign-in Id across all
// files, counted, and turned into the report.
import { Aggregator } from "./analyzer/aggregator";
import { buildReport } from "./analyzer/buildReport";
import { Deduper, DeduperOptions, defaultDeduperOptions } from "./analyzer/dedupe";
import { Dictionaries, DictionaryDelta, DictionaryMapping } from "./analyzer/dictionaries";
import { F, factWidth } from "./analyzer/facts";
import { FactProducer, ProducerSummary } from "./analyzer/producer";
import { SkipCounter } from "./analyzer/skips";
import { ByteSource, openByteSource } from "./input/byteSource";
import { defaultParallelOptions, ParallelOptions, readNdjsonInParallel, WorkerSummary } from "./input/parallelNdjson";
import { detectFormat, readInput } from "./input/readInput";
import { Progress, silentProgress } from "./progress";
import { AnalyzeReport } from "./report";

export interface AnalyzeOptions {
    /** Count only sign-ins at or after this time. */
    readonly since?: Date;
    /** CA policy object IDs that count as the Token Protection policy; default any policy enforcing it. */
    readonly policyIds?: readonly string[];
    readonly progress?: Progress;
    readonly dedupe?: DeduperOptions;
    /** When to split a large NDJSON file across worker threads. */
    readonly parallel?: ParallelOptions;
    /** Read size; tests make it tiny so records straddle chunks. */
    readonly chunkBytes?: number;
}

/** Maps one producer's facts into the run's dictionaries, then deduplicates and counts them. */
function forward(ints: Int32Array, count: number, delta: DictionaryDelta, mapping: DictionaryMapping, deduper: Deduper): void {
    if (count === 0) return;
    mapping.apply(delta);
    for (let n = 0, at = 0; n < count; n++, at += factWidth) {
        ints[at + F.appResource] = mapping.appResources[ints[at + F.appResource]];
        ints[at + F.user] = mapping.users[ints[at + F.user]];
        if (ints[at + F.device] >= 0) ints[at + F.device] = mapping.devices[ints[at + F.device]];
        if (ints[at + F.policySet] >= 0) ints[at + F.policySet] = mapping.policySets[ints[at + F.policySet]];
        deduper.add(ints, at);
    }
}

function emptySummary(): ProducerSummary {
    return { rows: 0, skips: new SkipCounter(), tablesPresent: [false, false], tableGuessed: 0, outOfScopeResources: new Map(), shapes: new Set() };
}

/** Adds one input's (or reader thread's) summary to a running one; the out-of-scope list keeps 200 names at most. */
function mergeSummary(into: ProducerSummary, from: ProducerSummary): void {
    into.rows += from.rows;
    into.skips.merge(from.skips);
    into.tablesPresent[0] ||= from.tablesPresent[0];
    into.tablesPresent[1] ||= from.tablesPresent[1];
    into.tableGuessed += from.tableGuessed;
    for (const [name, n] of from.outOfScopeResources) {
        if (into.outOfScopeResources.has(name) || into.outOfScopeResources.size < 200) into.outOfScopeResources.set(name, (into.outOfScopeResources.get(name) ?? 0) + n);
    }
    from.shapes.forEach((shape) => into.shapes.add(shape));
}

/** The workers' summaries as one, with each example's line number made relative to the whole file. */
function mergeWorkerSummaries(summaries: WorkerSummary[]): ProducerSummary {
    const merged = emptySummary();
    let lineOffset = 0;
    for (const s of summaries) {
        const skips = new SkipCounter();
        for (const [reason, tally] of s.skips) {
            const example = tally.example?.replace(/, line (\d+)$/, (_m, n: string) => `, line ${Number(n) + lineOffset}`);
            skips.add(reason, example ? () => example : undefined, tally.rows);
        }
        mergeSummary(merged, { ...s, skips, shapes: new Set(s.shapes) });
        lineOffset += s.lines;
    }
    return merged;
}

export async function analyzeFiles(files: readonly string[], options: AnalyzeOptions = {}): Promise<AnalyzeReport> {
    const progress = options.progress ?? silentProgress;
    const parallel = options.parallel ?? defaultParallelOptions;
    const dictionaries = new Dictionaries();
    const aggregate = new Aggregator();
    const deduper = new Deduper((ints, at) => aggregate.add(ints, at), options.dedupe ?? defaultDeduperOptions);
    const run = emptySummary();
    const sources: { file: string; format: string; gzip: boolean; rows: number }[] = [];
    const policyIds = new Set((options.policyIds ?? []).map((id) => id.toLowerCase()));
    const producerOptions = { since: options.since?.getTime(), policyIds };

    const readOne = async (source: ByteSource, doneBytes: number, totalBytes: number): Promise<{ format: string; summary: ProducerSummary }> => {
        const format = await detectFormat(source);
        if (format === "ndjson" && !source.gzip && source.size >= parallel.minBytes && parallel.workers >= 2) {
            source.close();
            const mappings: DictionaryMapping[] = [];
            let bytes = 0;
            let workerRows = 0;
            const summaries = await readNdjsonInParallel({ file: source.file, since: producerOptions.since, policyIds: [...policyIds], chunkBytes: options.chunkBytes }, source.size, parallel.workers, (worker, batch) => {
                mappings[worker] ??= new DictionaryMapping(dictionaries);
                forward(batch.ints, batch.count, batch.delta, mappings[worker], deduper);
                bytes += batch.bytes;
                workerRows += batch.rows;
                progress.update(doneBytes + bytes, totalBytes, run.rows + workerRows);
            });
            for (const s of summaries) for (const device of s.devices) dictionaries.updateDevice(device);
            return { format, summary: mergeWorkerSummaries(summaries) };
        }
        const producer = new FactProducer(source.file, producerOptions);
        const mapping = new DictionaryMapping(dictionaries);
        const flush = () => {
            forward(producer.batch.ints, producer.batch.count, producer.dictionaries.takeDelta(), mapping, deduper);
            producer.batch.clear();
        };
        await readInput(
            source,
            producer,
            () => {
                flush();
                progress.update(doneBytes + source.bytesRead(), totalBytes, run.rows + producer.summary.rows);
            },
            format,
        );
        flush();
        for (const device of producer.dictionaries.devices.values) dictionaries.updateDevice(device);
        return { format, summary: producer.summary };
    };

    try {
        const opened = [];
        for (const file of files) opened.push(await openByteSource(file, options.chunkBytes));
        const totalBytes = opened.reduce((n, s) => n + s.size, 0);
        let doneBytes = 0;
        for (const source of opened) {
            const { format, summary } = await readOne(source, doneBytes, totalBytes);
            doneBytes += source.size;
            mergeSummary(run, summary);
            sources.push({ file: source.file, format: format + (summary.shapes.size > 0 ? ` (${[...summary.shapes].sort().join(", ")})` : ""), gzip: source.gzip, rows: summary.rows });
        }
        deduper.finish((partition, of) => progress.note(`deduplicating spilled sign-in Ids, partition ${partition} of ${of}`));
    } catch (err) {
        deduper.abandon();
        throw err;
    } finally {
        progress.done();
    }
    if (deduper.duplicates > 0) run.skips.add("duplicateId", undefined, deduper.duplicates);

    return buildReport(aggregate, dictionaries, {
        ...run,
        source: { kind: "files", files: sources },
        since: options.since ? options.since.toISOString() : null,
        policyIds: [...policyIds],
    });
}
