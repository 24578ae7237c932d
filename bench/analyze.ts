// `npm run bench:analyze [-- --rows 1000000 --seed 42 --tools analyze,jq,duckdb,cli --repeat 3]`: times
// `analyze` against jq and DuckDB on the same seeded synthetic NDJSON export (bench/synthetic.ts), checks that
// all three agree on the aggregation, and prints rows/s, MB/s, peak RSS and the ratio to a plain sequential
// read of the file. A benchmark, not a test: figures vary with the machine and its load, so each tool runs
// --repeat times, in interleaved rounds, and the table shows the median (jq once: one run takes minutes).
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { Aggregation, aggregationOfReport, canonical } from "./aggregation";
import { jqAggregate, jqClassify } from "./peers";
import { syntheticLines } from "./synthetic";

const root = path.join(__dirname, "..");

function flag(name: string, fallback: string): string {
    const at = process.argv.indexOf(`--${name}`);
    return at !== -1 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

function parseCount(text: string): number {
    const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text);
    if (!m) throw new Error(`--rows is "${text}"; expected a number like 1000000, 250k or 2m`);
    return Math.round(Number(m[1]) * (m[2].toLowerCase() === "m" ? 1e6 : m[2].toLowerCase() === "k" ? 1e3 : 1));
}

async function generate(file: string, rows: number, seed: number): Promise<void> {
    if (fs.existsSync(file)) return;
    process.stderr.write(`generating ${rows.toLocaleString("en-US")} rows into ${path.relative(root, file)} ...\n`);
    const partial = `${file}.partial`;
    const out = fs.createWriteStream(partial);
    let batch: string[] = [];
    const flush = async () => {
        if (!out.write(batch.join("\n") + "\n")) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
        batch = [];
    };
    for (const line of syntheticLines({ rows, seed, lastDay: "2026-03-14", days: 28 })) {
        batch.push(line);
        if (batch.length === 2000) await flush();
    }
    if (batch.length > 0) await flush();
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    fs.renameSync(partial, file);
}

/** The analyzer and the DuckDB runner as plain JavaScript, so their RSS is theirs and not the TypeScript compiler's. */
function compileChild(outDir: string): string {
    const sources: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
            const rel = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(rel);
            else if (entry.name.endsWith(".ts")) sources.push(rel);
        }
    };
    ["evidence", "model"].forEach(walk);
    sources.push("bench/child.ts", "bench/aggregation.ts", "bench/peers.ts", "components/signInLogWorkspace.ts");
    for (const rel of sources) {
        const output = ts.transpileModule(fs.readFileSync(path.join(root, rel), "utf8"), {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2023, esModuleInterop: true },
            fileName: rel,
        }).outputText;
        const target = path.join(outDir, rel.replace(/\.ts$/, ".js"));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, output);
    }
    // kqlGenerated resolves kql/ relative to its own directory.
    fs.cpSync(path.join(root, "kql"), path.join(outDir, "kql"), { recursive: true });
    return path.join(outDir, "bench", "child.js");
}

interface Measured {
    tool: string;
    wallMs: number;
    /** Time on the work itself, start-up excluded, when the tool reports it. */
    workMs: number;
    maxRssKiB: number;
    aggregation?: Aggregation;
    note?: string;
    /** Set when the tool's runs did not all give the same aggregation. */
    runsDisagree?: boolean;
}

/** Runs a command under /usr/bin/time (peak RSS of the process) when available, else polls /proc. */
function run(command: string, args: string[]): Promise<{ stdout: string; wallMs: number; maxRssKiB: number }> {
    const timeBin = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
    const rssFile = path.join(root, "bench", "out", `.rss-${process.pid}`);
    const [cmd, argv] = timeBin ? [timeBin, ["-f", "%M", "-o", rssFile, command, ...args]] : [command, args];
    return new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        let polledKiB = 0;
        const poll = timeBin ? undefined : setInterval(() => {
            try {
                const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"));
                if (m) polledKiB = Math.max(polledKiB, Number(m[1]));
            } catch {
                /* exited */
            }
        }, 20);
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => {
            if (poll) clearInterval(poll);
            const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
            if (code !== 0) return reject(new Error(`${command} exited ${code}: ${stderr.slice(0, 500)}`));
            const maxRssKiB = timeBin ? Number(fs.readFileSync(rssFile, "utf8").trim().split("\n").pop()) : polledKiB;
            if (timeBin) fs.rmSync(rssFile, { force: true });
            resolve({ stdout, wallMs, maxRssKiB });
        });
    });
}

async function measureNode(tool: string, child: string, mode: string, file: string): Promise<Measured> {
    const { stdout, wallMs, maxRssKiB } = await run(process.execPath, [child, mode, file]);
    const result = JSON.parse(stdout.trim().split("\n").pop()!) as { aggregation: Aggregation; ms: number };
    return { tool, wallMs, workMs: result.ms, maxRssKiB, aggregation: mode === "read" ? undefined : result.aggregation };
}

async function measureCli(file: string): Promise<Measured> {
    const { stdout, wallMs, maxRssKiB } = await run(process.execPath, [path.join(root, "bin", "tp-rollout.js"), "analyze", file, "--json"]);
    const report = JSON.parse(stdout);
    return { tool: "tp-rollout analyze (CLI)", wallMs, workMs: wallMs, maxRssKiB, aggregation: aggregationOfReport(report) };
}

/** jq's two stages in one shell pipeline; /usr/bin/time reports the larger stage's peak RSS. */
async function measureJq(file: string, classify: string, aggregate: string): Promise<Measured> {
    const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    const { stdout, wallMs, maxRssKiB } = await run("bash", ["-c", `set -o pipefail; jq -c -f ${q(classify)} ${q(file)} | jq -s -c -f ${q(aggregate)}`]);
    return { tool: "jq", wallMs, workMs: wallMs, maxRssKiB, aggregation: JSON.parse(stdout) };
}

const allTools = ["analyze", "jq", "duckdb", "cli"];

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One row of the table from a tool's runs: the medians, their spread, and the first run's counts. */
function summarise(runs: Measured[]): Measured {
    const middle = (key: "wallMs" | "workMs" | "maxRssKiB") => median(runs.map((r) => r[key]));
    const range = (key: "wallMs" | "maxRssKiB", scale: number, digits: number) => {
        const values = runs.map((r) => r[key] / scale);
        return `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;
    };
    const spread = runs.length > 1 ? `${runs.length} runs: ${range("wallMs", 1000, 2)} s, ${range("maxRssKiB", 1024, 0)} MiB` : "1 run";
    const first = runs[0].aggregation && canonical(runs[0].aggregation);
    const runsDisagree = runs.some((r) => (r.aggregation && canonical(r.aggregation)) !== first);
    return { ...runs[0], wallMs: middle("wallMs"), workMs: middle("workMs"), maxRssKiB: middle("maxRssKiB"), note: spread, runsDisagree };
}

const mib = (kib: number) => (kib / 1024).toFixed(0);

function printTable(results: Measured[], rows: number, bytes: number, readMs: number): void {
    const header = ["tool", "wall s", "work s", "rows/s", "MB/s", "peak RSS MiB", "x read", "runs"];
    const body = results.map((r) => [
        r.tool,
        (r.wallMs / 1000).toFixed(2),
        (r.workMs / 1000).toFixed(2),
        Math.round(rows / (r.workMs / 1000)).toLocaleString("en-US"),
        (bytes / 1e6 / (r.workMs / 1000)).toFixed(0),
        mib(r.maxRssKiB),
        (r.workMs / readMs).toFixed(1),
        r.note ?? "",
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells: string[]) => "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
    process.stdout.write([line(header), "|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|", ...body.map(line)].join("\n") + "\n");
}

function printAgreement(results: Measured[]): boolean {
    const withAggregation = results.filter((r) => r.aggregation);
    const fields: (keyof Aggregation)[] = ["rows", "requests", "bound", "unbound", "allow", "wouldBlock", "block"];
    process.stdout.write("\nAggregation per tool:\n");
    for (const r of withAggregation) {
        const a = r.aggregation!;
        const codes = Object.entries(a.byCode).sort().map(([c, n]) => `${c}:${n}`).join(" ");
        process.stdout.write(`  ${r.tool.padEnd(24)} ${fields.map((f) => `${f}=${a[f]}`).join(" ")} | codes ${codes} | ${Object.keys(a.byResource).length} resources, ${Object.keys(a.byDay).length} days\n`);
    }
    const unsteady = results.filter((r) => r.runsDisagree);
    for (const r of unsteady) process.stdout.write(`DISAGREEMENT: the runs of ${r.tool} gave different aggregations.\n`);
    if (withAggregation.length < 2) return unsteady.length === 0;
    const reference = canonical(withAggregation[0].aggregation!);
    const agree = unsteady.length === 0 && withAggregation.every((r) => canonical(r.aggregation!) === reference);
    process.stdout.write(agree ? `All ${withAggregation.length} agree on every count (totals, per status code, per resource, per day), in every run.\n` : "DISAGREEMENT: the tools' aggregations differ (see above).\n");
    return agree;
}

(async () => {
    const rows = parseCount(flag("rows", "1000000"));
    const seed = Number(flag("seed", "42"));
    const outDir = path.join(root, "bench", "out");
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `signins-${rows}-seed${seed}.ndjson`);
    await generate(file, rows, seed);
    const bytes = fs.statSync(file).size;
    const child = compileChild(path.join(outDir, "js"));
    const classifyFile = path.join(outDir, "classify.jq");
    const aggregateFile = path.join(outDir, "aggregate.jq");
    fs.writeFileSync(classifyFile, jqClassify);
    fs.writeFileSync(aggregateFile, jqAggregate);

    process.stdout.write(`Benchmark: ${path.relative(root, file)}, ${rows.toLocaleString("en-US")} rows, ${(bytes / 1e6).toFixed(0)} MB (diagnostic-settings NDJSON, seed ${seed}); node ${process.version}\n\n`);
    const tools = new Set(flag("tools", allTools.join(",")).split(","));
    const unknown = [...tools].filter((t) => !allTools.includes(t));
    if (unknown.length > 0) throw new Error(`--tools has "${unknown.join(", ")}"; expected a comma-separated list of ${allTools.join(", ")}`);
    const repeat = Number(flag("repeat", "3"));
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) throw new Error(`--repeat is "${flag("repeat", "3")}"; expected a whole number from 1 to 20`);
    await measureNode("warm-up read", child, "read", file); // so every tool reads from the page cache
    const hasJq = spawnSync("jq", ["--version"]).status === 0;
    const measures: [string, () => Promise<Measured>][] = [
        ["read", () => measureNode("plain read", child, "read", file)],
        ["analyze", () => measureNode("analyze", child, "analyze", file)],
        ["jq", () => measureJq(file, classifyFile, aggregateFile)],
        ["duckdb", () => measureNode("duckdb", child, "duckdb", file)],
        ["cli", () => measureCli(file)],
    ];
    const selected = measures.filter(([tool]) => tool === "read" || (tools.has(tool) && (tool !== "jq" || hasJq)));
    const runs = new Map<string, Measured[]>(selected.map(([tool]) => [tool, []]));
    for (let round = 1; round <= repeat; round++) {
        process.stderr.write(`round ${round} of ${repeat} ...\n`);
        for (const [tool, measure] of selected) {
            if (tool === "jq" && round > 1) continue;
            runs.get(tool)!.push(await measure());
        }
    }
    const results = [...runs.values()].map(summarise);
    const read = results[0];

    printTable(results, rows, bytes, read.workMs);
    process.stdout.write(
        "\nwall: the whole process; work: the reading and counting alone (start-up excluded; jq and the CLI report wall time).\n" +
            "analyze runs as plain JavaScript here (transpiled once); the CLI row is the same code as an operator runs it (bin/tp-rollout.js, sucrase).\n" +
            `Times and peak RSS are the median of ${repeat} interleaved round(s) (jq: one run); the last column gives their range. Every run reads the file from the page cache (a warm-up read goes first). analyze splits NDJSON over ${Math.min(4, os.availableParallelism())} worker threads and DuckDB uses every core (${os.availableParallelism()} here); jq runs one process per stage.\n`,
    );
    if (!hasJq) process.stdout.write("\njq is not installed (apt-get install jq): its row is missing.\n");
    const agree = printAgreement(results);
    process.exitCode = agree ? 0 : 1;
})().catch((err) => {
    process.stderr.write(`bench:analyze: ${(err as Error).message}\n`);
    process.exitCode = 1;
});
