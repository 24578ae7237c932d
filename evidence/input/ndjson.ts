// NDJSON (one record a line: diagnostic-settings archives, Event Hub captures, `jq -c` output) read as bytes.
// Lines are found with native newline searches, the scope shortcut runs over the whole chunk at once
// (evidence/analyzer/prefilter.ts), and only lines that may name a protected resource are decoded and parsed.
// The same loop reads a whole file, or one byte range of it in a worker thread (evidence/input/parallelNdjson.ts).
import { InputError } from "../errors";
import { markCandidateLines } from "../analyzer/prefilter";
import { FactProducer, tableMarkerStrings } from "../analyzer/producer";

const NEWLINE = 10;
const CR = 13;

function isBlank(buffer: Buffer, start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
        const c = buffer[i];
        if (c !== 32 && c !== 9 && c !== CR) return false;
    }
    return true;
}

const markerBuffers = tableMarkerStrings.map((markers) => markers.map((m) => Buffer.from(m, "latin1")));

export interface NdjsonRange {
    readonly file: string;
    /** Whether the range ends where the file does: only there may a last line lack its newline. */
    readonly endsFile: boolean;
    /** Whether the range starts the file: a byte-order mark is skipped there. */
    readonly startsFile: boolean;
}

/** Reads NDJSON chunks into the producer; returns the number of lines seen. */
export async function readNdjsonChunks(chunks: AsyncIterable<Buffer>, range: NdjsonRange, producer: FactProducer, onChunk: () => void): Promise<number> {
    let starts = new Int32Array(1 << 14);
    let ends = new Int32Array(1 << 14);
    let marks = new Uint8Array(1 << 14);
    let names: (string | undefined)[] = new Array(starts.length);
    let carry: Buffer | undefined;
    let lineNumber = 0;
    let first = range.startsFile;
    const present = producer.summary.tablesPresent;

    const processLines = (buffer: Buffer, count: number) => {
        markCandidateLines(buffer, starts, ends, count, marks, names);
        for (let t = 0; t < 2; t++) {
            if (present[t]) continue;
            for (const marker of markerBuffers[t]) {
                const at = buffer.indexOf(marker);
                if (at !== -1 && at < ends[count - 1]) present[t] = true;
            }
        }
        let setAside = 0;
        for (let i = 0; i < count; i++) {
            const start = starts[i];
            const end = ends[i];
            if (end === start || isBlank(buffer, start, end)) continue;
            if (marks[i] === 1 || producer.needsShapeCheck) {
                const line = lineNumber + i + 1;
                producer.parseJsonText(buffer.toString("utf8", start, end), () => `line ${line}`);
            } else {
                setAside++;
                producer.setAsideUnparsed(undefined, names[i]);
            }
        }
        producer.countUnparsedRows(setAside);
        lineNumber += count;
    };

    const splitLines = (buffer: Buffer, from: number): { count: number; rest: number } => {
        let count = 0;
        let start = from;
        for (let nl = buffer.indexOf(NEWLINE, start); nl !== -1; nl = buffer.indexOf(NEWLINE, start)) {
            if (count === starts.length) {
                const grow = (a: Int32Array) => {
                    const b = new Int32Array(a.length * 2);
                    b.set(a);
                    return b;
                };
                starts = grow(starts);
                ends = grow(ends);
                marks = new Uint8Array(starts.length);
                names = new Array(starts.length);
            }
            starts[count] = start;
            ends[count] = nl > start && buffer[nl - 1] === CR ? nl - 1 : nl;
            count++;
            start = nl + 1;
        }
        return { count, rest: start };
    };

    for await (const incoming of chunks) {
        let chunk = incoming;
        if (first) {
            first = false;
            if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
        }
        if (carry) {
            // Finish the line cut at the last chunk's end on its own, rather than copying the whole chunk after it.
            const nl = chunk.indexOf(NEWLINE);
            if (nl === -1) {
                carry = Buffer.concat([carry, chunk]);
                onChunk();
                continue;
            }
            const joined = Buffer.concat([carry, chunk.subarray(0, nl + 1)]);
            carry = undefined;
            splitLines(joined, 0);
            processLines(joined, 1);
            chunk = chunk.subarray(nl + 1);
        }
        const { count, rest } = splitLines(chunk, 0);
        if (count > 0) processLines(chunk, count);
        carry = rest < chunk.length ? chunk.subarray(rest) : undefined;
        onChunk();
    }
    if (carry && !isBlank(carry, 0, carry.length)) {
        const text = carry.toString("utf8");
        const line = lineNumber + 1;
        if (range.endsFile) {
            // The last line has no newline: a complete record is fine, a cut-off one means the file is truncated.
            let record: unknown;
            try {
                record = JSON.parse(text);
            } catch {
                throw new InputError(`${range.file}: truncated: the last line (${line}) is an incomplete JSON record and the file does not end with a newline`);
            }
            producer.object(record, () => `line ${line}`);
        } else {
            producer.jsonText(text, () => `line ${line}`);
        }
        lineNumber++;
    }
    return lineNumber;
}
