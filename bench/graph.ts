// `npm run bench:graph`: the provider's life cycle for 3 policies against the Graph emulator at Graph's
// real Conditional Access limit (1 request per second), the way Pulumi drives it (operations of one
// phase concurrently). Prints requests and elapsed time per phase against the floor the limit sets
// (requests x 1 s). It prints figures; it is not a test.
import { performance } from "node:perf_hooks";
import { CaPolicyBody } from "../model/conditionalAccess";
import { PolicyOutputs } from "../graph/provider";
import { pilotBody, startHarness } from "../test/support/graphHarness";

const intervalMs = 1000;
const policies = 3;

interface PhaseResult {
    phase: string;
    counts: Record<string, number>;
    /** Requests the emulator answered 429 (they are in `counts` too). */
    throttled: number;
    elapsedMs: number;
}

async function main(): Promise<void> {
    const h = await startHarness({
        // Graph's limit, with 20 ms for loopback jitter; the client paces at exactly the limit.
        emulator: { rateLimit: { requests: 1, intervalMs, toleranceMs: 20 } },
        client: { minIntervalMs: intervalMs, retryBaseMs: intervalMs },
        provider: { settleMs: 2000 },
    });
    const results: PhaseResult[] = [];
    const phase = async (name: string, work: () => Promise<unknown>) => {
        h.emulator.clearLog();
        const started = performance.now();
        await work();
        const elapsedMs = performance.now() - started;
        results.push({ phase: name, counts: h.emulator.counts(), throttled: h.emulator.requests.filter((r) => r.throttled).length, elapsedMs });
    };

    const bodies = Array.from({ length: policies }, (_, i) => pilotBody({ displayName: `TP [bench] policy ${i + 1}` }));
    const state: { id: string; outs: PolicyOutputs }[] = [];
    const upsert = (next: CaPolicyBody[]) => Promise.all(state.map(async (s, i) => {
        // What `pulumi up` does per resource: diff, and update only when the diff has changes.
        const diff = await h.provider.diff!(s.id, s.outs, { body: next[i] });
        if (diff.changes) s.outs = (await h.provider.update!(s.id, s.outs, { body: next[i] })).outs!;
    }));

    try {
        await phase("deploy", async () => {
            const created = await Promise.all(bodies.map((body) => h.provider.create({ body })));
            state.push(...created.map((c) => ({ id: c.id, outs: c.outs! })));
        });
        await phase("no-op update", () => upsert(bodies));
        await phase("refresh", () => Promise.all(state.map((s) => h.provider.read!(s.id, s.outs))));
        await phase("state flip", () => upsert(bodies.map((b) => ({ ...b, state: "enabled" as const }))));
        await phase("delete", () => Promise.all(state.map((s) => h.provider.delete!(s.id, s.outs))));
        print(results, h.emulator.stored().length);
    } finally {
        await h.close();
    }
}

function print(results: PhaseResult[], left: number): void {
    const total = (r: PhaseResult) => Object.values(r.counts).reduce((a, b) => a + b, 0);
    const writes = (r: PhaseResult) => Object.entries(r.counts).filter(([m]) => m !== "GET").reduce((a, [, n]) => a + n, 0);
    const rows = results.map((r) => {
        const n = total(r);
        const floor = n * intervalMs;
        const detail = Object.entries(r.counts).map(([m, c]) => `${c} ${m}`).join(", ");
        return [r.phase, `${n}${detail ? ` (${detail})` : ""}`, String(writes(r)), String(r.throttled), `${(r.elapsedMs / 1000).toFixed(2)} s`, `${(floor / 1000).toFixed(2)} s`, floor ? `${(r.elapsedMs / floor).toFixed(2)}x` : "-"];
    });
    const all = results.reduce((sum, r) => sum + total(r), 0);
    const elapsed = results.reduce((sum, r) => sum + r.elapsedMs, 0);
    const sum = (f: (r: PhaseResult) => number) => String(results.reduce((s, r) => s + f(r), 0));
    rows.push(["total", String(all), sum(writes), sum((r) => r.throttled), `${(elapsed / 1000).toFixed(2)} s`, `${((all * intervalMs) / 1000).toFixed(2)} s`, `${(elapsed / (all * intervalMs)).toFixed(2)}x`]);
    const header = ["phase", "requests", "writes", "429s", "elapsed", "floor", "ratio"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
    console.log(`Graph benchmark: ${policies} policies, emulator at 1 request per ${intervalMs} ms, client paced at ${intervalMs} ms`);
    console.log(line(header));
    for (const row of rows) console.log(line(row));
    const worst = Math.max(...results.filter((r) => total(r) > 0).map((r) => r.elapsedMs / (total(r) * intervalMs)));
    const noop = results.find((r) => r.phase === "no-op update")!;
    console.log(`worst phase ratio ${worst.toFixed(2)}x (target <= 1.20x): ${worst <= 1.2 ? "met" : "MISSED"}`);
    console.log(`no-op update writes: ${writes(noop)} (target 0): ${writes(noop) === 0 ? "met" : "MISSED"}`);
    console.log(`policies left in the emulator: ${left}`);
}

main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
