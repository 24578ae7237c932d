// NDJSON (one record a line: diagnostic-settings archives, Event Hub captures, `jq -c` output) read as bytes.
// Lines are found with native newline searches, the scope shortcut runs over the whole chunk at once
// (evidence/analyzer/prefilter.ts), and only lines that may name a protected resource are decoded and parsed.
import { InputError } from "../errors";
import { markCandidateLines } from "../analyzer/prefilter";
import { FactProducer, tableMarkerStrings } from "../analyzer/producer";
import { ByteSource } from "./byteSource";

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

export async function readNdjson(source: ByteSource, producer: FactProducer, onChunk: () => void): Promise<void> {
    let starts = new Int32Array(1 << 14);
    let ends = new Int32Array(1 << 14);
    let marks = new Uint8Array(1 << 14);
    let names: (string | undefined)[] = [];
    let carry: Buffer | undefined;
    let lineNumber = 0;
    const present = producer.summary.tablesPresent;

    const processLines = (buffer: Buffer, count: number) => {
        markCandidateLines(buffer, starts, ends, count, marks, names);
        for (let t = 0; t < 2; t++) {
            if (!present[t] && markerBuffers[t].some((m) => { const at = buffer.indexOf(m); return at !== -1 && at < ends[count - 1]; })) present[t] = true;
        }
        let setAside = 0;
        for (let i = 0; i < count; i++) {
            const start = starts[i];
            const end = ends[i];
            const line = lineNumber + i + 1;
            if (end === start || isBlank(buffer, start, end)) continue;
            if (marks[i] === 1 || producer.needsShapeCheck) {
                producer.parseJsonText(buffer.toString("utf8", start, end), () => `line ${line}`);
            } else {
                setAside++;
                producer.setAsideUnparsed(undefined, names[i]);
            }
        }
        producer.countUnparsedRows(setAside);
        lineNumber += count;
    };

    for await (const incoming of source.chunks()) {
        let chunk = incoming;
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
            starts[0] = 0;
            ends[0] = joined.length > 1 && joined[joined.length - 2] === CR ? joined.length - 2 : joined.length - 1;
            if (names.length < 1) names = new Array(starts.length);
            processLines(joined, 1);
            chunk = chunk.subarray(nl + 1);
        }
        const buffer = chunk;
        let count = 0;
        let start = 0;
        for (let nl = buffer.indexOf(NEWLINE, 0); nl !== -1; nl = buffer.indexOf(NEWLINE, start)) {
            if (count === starts.length) {
                const grow = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
                starts = grow(starts);
                ends = grow(ends);
                marks = new Uint8Array(starts.length);
            }
            starts[count] = start;
            ends[count] = nl > start && buffer[nl - 1] === CR ? nl - 1 : nl;
            count++;
            start = nl + 1;
        }
        if (names.length < count) names = new Array(starts.length);
        if (count > 0) processLines(buffer, count);
        carry = start < buffer.length ? buffer.subarray(start) : undefined;
        onChunk();
    }
    if (carry && !isBlank(carry, 0, carry.length)) {
        // The last line has no newline: a complete record is fine, a cut-off one means the file is truncated.
        const text = carry.toString("utf8");
        try {
            JSON.parse(text);
        } catch {
            throw new InputError(`${source.file}: truncated: the last line (${lineNumber + 1}) is an incomplete JSON record and the file does not end with a newline`);
        }
        producer.jsonText(text, () => `line ${lineNumber + 1}`);
    }
}
