// Log Analytics query results exported as CSV (portal "Export to CSV", `az monitor log-analytics query -o tsv`
// converted, scripts): a header of column names, nested columns as JSON text. The portal suffixes datetime
// columns with their zone ("TimeGenerated [UTC]"); the suffix is dropped so the column is found.
import { parse } from "csv-parse";
import { once } from "node:events";
import { StringDecoder } from "node:string_decoder";
import { InputError } from "../errors";
import { FactProducer } from "../analyzer/producer";
import { ByteSource } from "./byteSource";

/** Columns without which the report would be a silent zero. */
const requiredColumns: readonly (readonly string[])[] = [["Id"], ["TimeGenerated"], ["ResourceIdentity", "ResourceDisplayName"], ["TokenProtectionStatusDetails"]];

export function normaliseHeader(name: string): string {
    return name.replace(/^\uFEFF/, "").replace(/\s*\[(UTC|Local Time)\]\s*$/i, "").trim();
}

export function checkCsvHeader(file: string, header: readonly string[]): void {
    const missing = requiredColumns.filter((names) => !names.some((n) => header.includes(n))).map((names) => names.join(" or "));
    if (missing.length > 0) {
        const shown = header.slice(0, 10).join(", ") + (header.length > 10 ? ", ..." : "");
        throw new InputError(`${file}: wrong columns for a sign-in export: missing ${missing.join(", ")} (the header has ${header.length} columns: ${shown})`);
    }
}

export async function readCsv(source: ByteSource, producer: FactProducer, onChunk: () => void): Promise<void> {
    const head = (await source.peek(1 << 16)).toString("utf8").replace(/^\uFEFF/, "");
    const firstLine = head.split(/\r?\n/, 1)[0];
    // Tab-separated exports do not quote: JSON text sits in a field as it is.
    const tabs = !firstLine.includes(",") && firstLine.includes("\t");
    const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, delimiter: tabs ? "\t" : ",", quote: tabs ? false : '"' });
    let header: string[] | undefined;
    let row = 0;

    const take = (record: string[]) => {
        if (!header) {
            header = record.map(normaliseHeader);
            checkCsvHeader(source.file, header);
            return;
        }
        row++;
        const at = row;
        if (record.length !== header.length) {
            producer.invalid("csvFieldCount", () => `row ${at}`);
            return;
        }
        const object: Record<string, string> = {};
        for (let i = 0; i < header.length; i++) object[header[i]] = record[i];
        producer.object(object, () => `row ${at}`);
    };

    const decoder = new StringDecoder("utf8");
    let feedFailure: unknown;
    const feeding = (async () => {
        try {
            for await (const chunk of source.chunks()) {
                if (parser.destroyed) return;
                if (!parser.write(decoder.write(chunk))) await once(parser, "drain");
                onChunk();
            }
            parser.end(decoder.end());
        } catch (err) {
            feedFailure = err;
            parser.destroy();
        }
    })();
    try {
        for await (const record of parser) take(record as string[]);
    } catch (err) {
        parser.destroy();
        source.close();
        if ((err as Error).name === "InputError") throw err;
        if (feedFailure) throw feedFailure;
        const message = (err as Error).message.replace(/^Invalid Closing Quote|^Quote Not Closed/, (m) => m.toLowerCase());
        throw new InputError(`${source.file}: not a readable CSV export: ${message}`);
    }
    await feeding;
    if (feedFailure) throw feedFailure;
    if (!header) throw new InputError(`${source.file}: not a CSV export: no header row`);
}
