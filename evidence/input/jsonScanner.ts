// Splits a JSON document into its records without holding the document: the elements of a top-level array
// (Log Analytics exports), of the `value` or `records` array of a top-level object (Graph pages, diagnostic
// blobs), or a run of top-level objects (NDJSON whose records span lines). It tracks only nesting and
// strings; each record's text goes to JSON.parse on its own. A document that ends inside a value is truncated.
import { InputError } from "../errors";

const recordArrayKeys = new Set(["value", "records"]);

export interface ScannedRecord {
    text: string;
    /** 1-based position of the record in the input. */
    index: number;
}

type Mode = "start" | "array" | "topObject" | "wrapper" | "concatenated" | "wrapperDone";

export class JsonRecordScanner {
    private mode: Mode = "start";
    private depth = 0;
    private inString = false;
    private escaped = false;
    /** Depth at which records open: 1 inside a top-level array, 2 inside a wrapper's array, 0 for a run of objects. */
    private recordDepth = 0;
    private pending = "";
    private recording = false;
    private records = 0;
    /** In a top-level object before its kind is known: the text so far, and the last string seen at depth 1. */
    private lastKeyStart = -1;
    private lastKey = "";
    private line = 1;

    constructor(private readonly file: string, private readonly onRecord: (record: ScannedRecord) => void) {}

    get recordCount(): number {
        return this.records;
    }

    push(chunk: string): void {
        let recordStart = this.recording ? 0 : -1;
        const n = chunk.length;
        for (let i = 0; i < n; i++) {
            const c = chunk.charCodeAt(i);
            if (this.inString) {
                if (this.escaped) this.escaped = false;
                else if (c === 92) this.escaped = true;
                else if (c === 34) {
                    this.inString = false;
                    if (this.mode === "topObject" && this.depth === 1 && this.lastKeyStart >= 0) {
                        this.lastKey = (this.pending + chunk.slice(recordStart, i)).slice(this.lastKeyStart);
                    }
                }
                continue;
            }
            if (c === 34) {
                this.inString = true;
                if (this.mode === "topObject" && this.depth === 1) this.lastKeyStart = this.pending.length + (i - recordStart) + 1;
                continue;
            }
            if (c === 10) {
                this.line++;
                continue;
            }
            if (c === 32 || c === 9 || c === 13 || c === 44 || c === 58) continue;
            if (c === 123 || c === 91) {
                // `{` or `[`
                if (this.mode === "start") {
                    if (c === 91) {
                        this.mode = "array";
                        this.recordDepth = 1;
                    } else {
                        this.mode = "topObject";
                        this.recording = true;
                        recordStart = i;
                        this.pending = "";
                    }
                } else if (this.mode === "topObject" && this.depth === 1 && c === 91 && recordArrayKeys.has(this.lastKey)) {
                    this.mode = "wrapper";
                    this.recordDepth = 2;
                    this.recording = false;
                    this.pending = "";
                    recordStart = -1;
                } else if (this.mode === "topObject" && this.depth === 1 && c === 91 && this.lastKey === "tables") {
                    throw new InputError(
                        `${this.file}: this is a raw Log Analytics API response ({ tables: [{ columns, rows }] }); export the query results as a JSON array of rows or as CSV instead`,
                    );
                } else if (this.depth === this.recordDepth && (this.mode === "array" || this.mode === "wrapper" || this.mode === "concatenated")) {
                    if (c !== 123) throw this.notAnObject();
                    this.recording = true;
                    recordStart = i;
                    this.pending = "";
                }
                this.depth++;
                continue;
            }
            if (c === 125 || c === 93) {
                // `}` or `]`
                this.depth--;
                if (this.depth < 0) throw new InputError(`${this.file}: not valid JSON: an unmatched "${String.fromCharCode(c)}" on line ${this.line}`);
                if (this.recording && this.depth === this.recordDepth) {
                    const text = this.pending + chunk.slice(recordStart, i + 1);
                    this.pending = "";
                    this.recording = false;
                    recordStart = -1;
                    if (this.mode === "topObject") {
                        // A top-level object with no record array is itself a record: NDJSON or concatenated JSON.
                        this.mode = "concatenated";
                        this.recordDepth = 0;
                    }
                    this.onRecord({ text, index: ++this.records });
                } else if ((this.mode === "wrapper" && this.depth === 1) || (this.mode === "array" && this.depth === 0)) {
                    if (this.mode === "wrapper") this.mode = "wrapperDone";
                }
                continue;
            }
            // Any other value where a record belongs: a number, true/false/null, or stray text.
            if (this.mode === "start") throw new InputError(`${this.file}: not JSON: it starts with "${chunk.slice(i, i + 20)}"`);
            if (this.depth === this.recordDepth && this.mode !== "topObject") throw this.notAnObject();
        }
        if (this.recording) {
            this.pending += chunk.slice(recordStart);
        }
    }

    end(): void {
        if (this.inString || this.depth !== 0) {
            const what = this.mode === "array" || this.mode === "wrapper" ? `record ${this.records + 1} is cut off` : "a value is cut off";
            throw new InputError(`${this.file}: truncated: the JSON ends inside ${this.inString ? "a string" : "an unclosed object or array"} (${what}, line ${this.line})`);
        }
        if (this.mode === "start") throw new InputError(`${this.file}: not JSON: no content`);
    }

    private notAnObject(): InputError {
        return new InputError(`${this.file}: not a sign-in export: record ${this.records + 1} (line ${this.line}) is not a JSON object`);
    }
}
