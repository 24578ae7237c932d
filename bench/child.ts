// One measured run, in its own process so its peak RSS is its own: `read` (a plain sequential read of the
// file), `analyze` (the package's analyzer) or `duckdb`. Prints one JSON line: the aggregation, the time
// spent on the work (ms, start-up excluded) and the process's peak RSS (KiB).
import * as fs from "node:fs";
import { analyzeFiles } from "../evidence/analyze";
import { Aggregation, aggregationOfReport } from "./aggregation";
import { duckdbSql } from "./peers";

async function plainRead(file: string): Promise<Partial<Aggregation>> {
    const fd = fs.openSync(file, "r");
    const buffer = Buffer.allocUnsafe(1 << 20);
    let bytes = 0;
    let newlines = 0;
    for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer)) {
        bytes += n;
        for (let i = buffer.indexOf(10); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) newlines++;
    }
    fs.closeSync(fd);
    return { rows: newlines };
}

async function analyze(file: string): Promise<Aggregation> {
    return aggregationOfReport(await analyzeFiles([file]));
}

async function duckdb(file: string): Promise<Aggregation> {
    // A dev dependency, required only in this mode.
    const { DuckDBInstance } = require("@duckdb/node-api") as typeof import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(duckdbSql(file));
    const row = reader.getRowObjectsJson()[0] as Record<string, unknown>;
    const parse = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as Record<string, number>;
    return {
        rows: Number(row.rows),
        requests: Number(row.requests),
        bound: Number(row.bound),
        unbound: Number(row.unbound),
        allow: Number(row.allow),
        wouldBlock: Number(row.wouldBlock ?? row.wouldblock),
        block: Number(row.block),
        byCode: parse(row.byCode ?? row.bycode),
        byResource: parse(row.byResource ?? row.byresource),
        byDay: parse(row.byDay ?? row.byday),
    };
}

const runs: Record<string, (file: string) => Promise<Partial<Aggregation>>> = { read: plainRead, analyze, duckdb };

(async () => {
    const [mode, file] = process.argv.slice(2);
    const started = process.hrtime.bigint();
    const aggregation = await runs[mode](file);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(JSON.stringify({ aggregation, ms, maxRssKiB: process.resourceUsage().maxRSS }) + "\n");
})().catch((err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
});
