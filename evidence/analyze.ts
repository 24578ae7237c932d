// `tp-rollout analyze` over files: every input read by one producer, the facts mapped into the run's
// dictionaries, deduplicated by sign-in Id across all files, counted, and turned into the report.
import { Aggregator } from "./analyzer/aggregator";
import { buildReport } from "./analyzer/buildReport";
import { Deduper, DeduperOptions, defaultDeduperOptions } from "./analyzer/dedupe";
import { Dictionaries, DictionaryMapping } from "./analyzer/dictionaries";
import { F, factWidth } from "./analyzer/facts";
import { FactProducer } from "./analyzer/producer";
import { SkipCounter } from "./analyzer/skips";
import { openByteSource } from "./input/byteSource";
import { readInput } from "./input/readInput";
import { Progress, silentProgress } from "./progress";
import { AnalyzeReport } from "./report";

export interface AnalyzeOptions {
    /** Count only sign-ins at or after this time. */
    readonly since?: Date;
    /** CA policy object IDs that count as the Token Protection policy; default any policy enforcing it. */
    readonly policyIds?: readonly string[];
    readonly progress?: Progress;
    readonly dedupe?: DeduperOptions;
    /** Read size; tests make it tiny so records straddle chunks. */
    readonly chunkBytes?: number;
}

/** Maps a producer's local indices to the run's, then passes each fact on. */
function forward(producer: FactProducer, mapping: DictionaryMapping, deduper: Deduper): void {
    const batch = producer.batch;
    if (batch.count === 0) return;
    mapping.apply(producer.dictionaries.takeDelta());
    const ints = batch.ints;
    for (let n = 0, at = 0; n < batch.count; n++, at += factWidth) {
        ints[at + F.appResource] = mapping.appResources[ints[at + F.appResource]];
        ints[at + F.user] = mapping.users[ints[at + F.user]];
        if (ints[at + F.device] >= 0) ints[at + F.device] = mapping.devices[ints[at + F.device]];
        if (ints[at + F.policySet] >= 0) ints[at + F.policySet] = mapping.policySets[ints[at + F.policySet]];
        deduper.add(ints, at);
    }
    batch.clear();
}

export async function analyzeFiles(files: readonly string[], options: AnalyzeOptions = {}): Promise<AnalyzeReport> {
    const progress = options.progress ?? silentProgress;
    const dictionaries = new Dictionaries();
    const aggregate = new Aggregator();
    const deduper = new Deduper((ints, at) => aggregate.add(ints, at), options.dedupe ?? defaultDeduperOptions);
    const skips = new SkipCounter();
    const tablesPresent: [boolean, boolean] = [false, false];
    const outOfScope = new Map<string, number>();
    const sources: { file: string; format: string; gzip: boolean; rows: number }[] = [];
    const policyIds = new Set((options.policyIds ?? []).map((id) => id.toLowerCase()));
    let rows = 0;
    let tableGuessed = 0;

    try {
        const opened = [];
        for (const file of files) opened.push(await openByteSource(file, options.chunkBytes));
        const totalBytes = opened.reduce((n, s) => n + s.size, 0);
        let doneBytes = 0;
        for (const source of opened) {
            const producer = new FactProducer(source.file, { since: options.since?.getTime(), policyIds });
            const mapping = new DictionaryMapping(dictionaries);
            const format = await readInput(source, producer, () => {
                forward(producer, mapping, deduper);
                progress.update(doneBytes + source.bytesRead(), totalBytes, rows + producer.summary.rows);
            });
            forward(producer, mapping, deduper);
            for (const device of producer.dictionaries.devices.values) dictionaries.updateDevice(device);
            doneBytes += source.size;
            const summary = producer.summary;
            rows += summary.rows;
            skips.merge(summary.skips);
            tablesPresent[0] ||= summary.tablesPresent[0];
            tablesPresent[1] ||= summary.tablesPresent[1];
            tableGuessed += summary.tableGuessed;
            for (const [name, n] of summary.outOfScopeResources) {
                if (outOfScope.has(name) || outOfScope.size < 200) outOfScope.set(name, (outOfScope.get(name) ?? 0) + n);
            }
            sources.push({ file: source.file, format: format + (summary.shapes.size > 0 ? ` (${[...summary.shapes].sort().join(", ")})` : ""), gzip: source.gzip, rows: summary.rows });
        }
        deduper.finish((partition, of) => progress.note(`deduplicating spilled sign-in Ids, partition ${partition} of ${of}`));
    } catch (err) {
        deduper.abandon();
        throw err;
    } finally {
        progress.done();
    }
    if (deduper.duplicates > 0) skips.add("duplicateId", undefined, deduper.duplicates);

    return buildReport(aggregate, dictionaries, {
        rows,
        skips,
        tablesPresent,
        tableGuessed,
        outOfScopeResources: outOfScope,
        source: { kind: "files", files: sources },
        since: options.since ? options.since.toISOString() : null,
        policyIds: [...policyIds],
    });
}
