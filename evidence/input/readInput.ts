// Reads one input file into a producer, whatever its format: JSON (array, Graph page, diagnostic `records`,
// NDJSON, concatenated objects) or CSV, gzip-compressed or not. The format is decided from the first bytes.
import { StringDecoder } from "node:string_decoder";
import { InputError } from "../errors";
import { FactProducer } from "../analyzer/producer";
import { ByteSource } from "./byteSource";
import { readCsv } from "./csv";
import { JsonRecordScanner } from "./jsonScanner";
import { readNdjsonChunks } from "./ndjson";

export type InputFormat = "ndjson" | "json" | "csv";

const sniffBytes = 1 << 20;

function firstSignificant(head: string): { char: string; at: number } {
    const m = /[^\s\uFEFF]/.exec(head);
    return m ? { char: m[0], at: m.index } : { char: "", at: -1 };
}

/** NDJSON when the first line alone is a complete JSON object that is not a wrapper of records. */
function firstLineIsRecord(head: string, at: number, wholeFile: boolean): boolean {
    const newline = head.indexOf("\n", at);
    if (newline === -1 && !wholeFile) return false;
    const line = head.slice(at, newline === -1 ? undefined : newline).trim();
    try {
        const value = JSON.parse(line);
        return typeof value === "object" && value !== null && !Array.isArray(value) && !Array.isArray(value.value) && !Array.isArray(value.records) && !Array.isArray(value.tables);
    } catch {
        return false;
    }
}

export async function detectFormat(source: ByteSource): Promise<InputFormat> {
    const headBytes = await source.peek(sniffBytes);
    if (headBytes.subarray(0, 4096).includes(0)) {
        throw new InputError(`${source.file}: not JSON or CSV: it holds binary data${source.gzip ? " (after gzip decompression)" : ""}`);
    }
    const head = headBytes.toString("utf8");
    const { char, at } = firstSignificant(head);
    if (char === "") throw new InputError(`${source.file}: the file holds only whitespace`);
    if (char === "[") return "json";
    if (char === "{") return firstLineIsRecord(head, at, headBytes.length < sniffBytes) ? "ndjson" : "json";
    const firstLine = head.slice(at).split(/\r?\n/, 1)[0];
    if (firstLine.includes(",") || firstLine.includes("\t")) return "csv";
    throw new InputError(`${source.file}: not JSON or CSV: it starts with "${firstLine.slice(0, 40)}"`);
}

export async function readInput(source: ByteSource, producer: FactProducer, onChunk: () => void, detected?: InputFormat): Promise<InputFormat> {
    const format = detected ?? (await detectFormat(source));
    if (format === "ndjson") {
        await readNdjsonChunks(source.chunks(), { file: source.file, startsFile: true, endsFile: true }, producer, onChunk);
    } else if (format === "csv") {
        await readCsv(source, producer, onChunk);
    } else {
        const scanner = new JsonRecordScanner(source.file, (record) => producer.jsonText(record.text, () => `record ${record.index}`));
        const decoder = new StringDecoder("utf8");
        for await (const chunk of source.chunks()) {
            scanner.push(decoder.write(chunk));
            onChunk();
        }
        scanner.push(decoder.end());
        scanner.end();
        if (scanner.recordCount === 0) throw new InputError(`${source.file}: no records: the JSON holds no sign-in objects`);
    }
    return format;
}
