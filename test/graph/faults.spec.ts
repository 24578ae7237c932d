// The fault matrix: each operation of the provider, through the real client, against each fault the
// emulator injects. Every row asserts the end state in the emulator (one policy with the exact body, or
// none), and the exact number of requests sent, by method. The README's table is this one.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { policiesPath } from "../../graph/client";
import { PolicyOutputs } from "../../graph/provider";
import { normalizePolicy } from "../../model/normalize";
import { GraphClientOptions } from "../../graph/client";
import { Fault, FaultRule, GraphEmulator } from "../support/graphEmulator";
import { assertCounts, Harness, pilotBody, startHarness, written } from "../support/graphHarness";

type Operation = "create" | "read" | "update" | "delete";

interface Row {
    operation: Operation;
    fault: string;
    rules: FaultRule[];
    /** What the provider does about it, in the README's words. */
    outcome: string;
    counts: Record<string, number>;
    /** The error the operation must end with, if any. `{id}` stands for the policy's id. */
    error?: string;
    client?: Partial<GraphClientOptions>;
    tokenRenewals?: number;
    /** No policy is left at the end: deleted, never created, or deleted behind Pulumi's back. */
    noneLeft?: boolean;
}

const status = (status: number, extra: Partial<Extract<Fault, { kind: "status" }>> = {}): Fault => ({ kind: "status", status, ...extra });
const name = "TP [pilot] Require token protection for sign-in sessions (Windows)";
const POST = "POST";
const GET = "GET";

const rows: Row[] = [
    // create: list by display name, then POST; a lost answer is resolved by looking before posting again.
    { operation: "create", fault: "none", rules: [], outcome: "created", counts: { GET: 1, POST: 1 } },
    { operation: "create", fault: "POST 429, no Retry-After", rules: [{ method: POST, fault: status(429) }], outcome: "POST repeated after jittered backoff (429 = not processed)", counts: { GET: 1, POST: 2 } },
    { operation: "create", fault: "POST 429, Retry-After: 1", rules: [{ method: POST, fault: status(429, { retryAfterSeconds: 1 }) }], outcome: "POST repeated after the 1 s Graph asked for", counts: { GET: 1, POST: 2 } },
    { operation: "create", fault: "POST 401 (token expired)", rules: [{ method: POST, fault: { kind: "expireToken" } }], outcome: "token renewed, POST sent once more", counts: { GET: 1, POST: 2 }, tokenRenewals: 1 },
    { operation: "create", fault: "POST 503, not committed", rules: [{ method: POST, fault: status(503) }], outcome: "looked twice by name, found nothing, POSTed again", counts: { GET: 3, POST: 2 } },
    { operation: "create", fault: "POST 504, committed", rules: [{ method: POST, fault: status(504, { commit: true }) }], outcome: "looked by name, adopted the committed policy", counts: { GET: 2, POST: 1 } },
    { operation: "create", fault: "POST connection reset, not committed", rules: [{ method: POST, fault: { kind: "reset" } }], outcome: "looked twice by name, found nothing, POSTed again", counts: { GET: 3, POST: 2 } },
    { operation: "create", fault: "POST committed, answer dropped", rules: [{ method: POST, fault: { kind: "commitThenDrop" } }], outcome: "looked by name, adopted the committed policy", counts: { GET: 2, POST: 1 } },
    { operation: "create", fault: "POST committed, no answer (time-out)", rules: [{ method: POST, fault: { kind: "hang", commit: true } }], outcome: "attempt timed out, looked by name, adopted", counts: { GET: 2, POST: 1 }, client: { attemptTimeoutMs: 300 } },
    {
        operation: "create", fault: "POST answer dropped, then the look gets 503",
        // The first GET is the lookup before posting; the second, the look after the lost answer, fails.
        rules: [{ method: POST, fault: { kind: "commitThenDrop" } }, { method: GET, skip: 1, fault: status(503) }],
        outcome: "look repeated after backoff, adopted", counts: { GET: 3, POST: 1 },
    },
    { operation: "create", fault: "list 401 (token expired)", rules: [{ method: GET, fault: { kind: "expireToken" } }], outcome: "token renewed, list sent once more", counts: { GET: 2, POST: 1 }, tokenRenewals: 1 },
    { operation: "create", fault: "list 503", rules: [{ method: GET, fault: status(503) }], outcome: "list repeated after backoff", counts: { GET: 2, POST: 1 } },
    { operation: "create", fault: "list connection reset", rules: [{ method: GET, fault: { kind: "reset" } }], outcome: "list repeated after backoff", counts: { GET: 2, POST: 1 } },
    {
        operation: "create", fault: "every POST 503, never committed", rules: [{ method: POST, times: Infinity, fault: status(503) }],
        outcome: "3 POSTs, each followed by two looks; fails, nothing created", counts: { GET: 7, POST: 3 }, noneLeft: true,
        error: `Graph POST ${policiesPath} for policy "${name}" failed: HTTP 503 ServiceUnavailable: Injected 503. (request-id {requestId}); tried 3 times and no policy named "${name}" exists, so none was created`,
    },

    // read (refresh, import): GET by id.
    { operation: "read", fault: "none", rules: [], outcome: "read", counts: { GET: 1 } },
    { operation: "read", fault: "GET 429, no Retry-After", rules: [{ method: GET, fault: status(429) }], outcome: "repeated after backoff", counts: { GET: 2 } },
    { operation: "read", fault: "GET 503", rules: [{ method: GET, fault: status(503) }], outcome: "repeated after backoff", counts: { GET: 2 } },
    { operation: "read", fault: "GET 504", rules: [{ method: GET, fault: status(504) }], outcome: "repeated after backoff", counts: { GET: 2 } },
    { operation: "read", fault: "GET connection reset", rules: [{ method: GET, fault: { kind: "reset" } }], outcome: "repeated after backoff", counts: { GET: 2 } },
    { operation: "read", fault: "GET 401 (token expired)", rules: [{ method: GET, fault: { kind: "expireToken" } }], outcome: "token renewed, GET sent once more", counts: { GET: 2 }, tokenRenewals: 1 },
    { operation: "read", fault: "policy deleted behind Pulumi's back (404)", rules: [], outcome: "reported gone (empty id): Pulumi plans a create", counts: { GET: 1 }, noneLeft: true },

    // update (state flip): one PATCH with only `state`; PATCH is idempotent, so it is repeated.
    { operation: "update", fault: "none", rules: [], outcome: "patched", counts: { PATCH: 1 } },
    { operation: "update", fault: "PATCH 429, no Retry-After", rules: [{ method: "PATCH", fault: status(429) }], outcome: "repeated after backoff", counts: { PATCH: 2 } },
    { operation: "update", fault: "PATCH 503", rules: [{ method: "PATCH", fault: status(503) }], outcome: "repeated after backoff", counts: { PATCH: 2 } },
    { operation: "update", fault: "PATCH 504, committed", rules: [{ method: "PATCH", fault: status(504, { commit: true }) }], outcome: "repeated (same body, same result)", counts: { PATCH: 2 } },
    { operation: "update", fault: "PATCH connection reset", rules: [{ method: "PATCH", fault: { kind: "reset" } }], outcome: "repeated after backoff", counts: { PATCH: 2 } },
    { operation: "update", fault: "PATCH committed, answer dropped", rules: [{ method: "PATCH", fault: { kind: "commitThenDrop" } }], outcome: "repeated (same body, same result)", counts: { PATCH: 2 } },
    { operation: "update", fault: "PATCH 401 (token expired)", rules: [{ method: "PATCH", fault: { kind: "expireToken" } }], outcome: "token renewed, PATCH sent once more", counts: { PATCH: 2 }, tokenRenewals: 1 },
    {
        operation: "update", fault: "policy deleted behind Pulumi's back (404)", rules: [], outcome: "fails, telling the operator to refresh", counts: { PATCH: 1 }, noneLeft: true,
        error: `Graph PATCH ${policiesPath}/{id} for policy "${name}" failed: HTTP 404 ResourceNotFound: Resource '{id}' does not exist or one of its queried reference-property objects are not present. (request-id {requestId}); the policy was deleted outside Pulumi: run "pulumi refresh" so Pulumi plans to create it again`,
    },

    // delete: DELETE; a 404 counts as done.
    { operation: "delete", fault: "none", rules: [], outcome: "deleted", counts: { DELETE: 1 }, noneLeft: true },
    { operation: "delete", fault: "DELETE 429, no Retry-After", rules: [{ method: "DELETE", fault: status(429) }], outcome: "repeated after backoff", counts: { DELETE: 2 }, noneLeft: true },
    { operation: "delete", fault: "DELETE 503", rules: [{ method: "DELETE", fault: status(503) }], outcome: "repeated after backoff", counts: { DELETE: 2 }, noneLeft: true },
    { operation: "delete", fault: "DELETE committed, answer dropped", rules: [{ method: "DELETE", fault: { kind: "commitThenDrop" } }], outcome: "repeated; the 404 counts as done", counts: { DELETE: 2 }, noneLeft: true },
    { operation: "delete", fault: "policy deleted behind Pulumi's back (404)", rules: [], outcome: "404 counts as done", counts: { DELETE: 1 }, noneLeft: true },
];

const enforced = pilotBody({ state: "enabled" });

/** Runs the row's operation against a freshly prepared emulator; returns its error, if any. */
async function run(h: Harness, row: Row): Promise<{ error?: Error; id?: string }> {
    const inject = (rules: FaultRule[]) => rules.forEach((rule) => h.emulator.inject(rule));
    if (row.operation === "create") {
        inject(row.rules);
        return attempt(() => h.provider.create({ body: pilotBody() }));
    }
    const created = await h.provider.create({ body: pilotBody() });
    const id = created.id;
    const outs = created.outs as PolicyOutputs;
    h.emulator.clearLog();
    if (row.fault.startsWith("policy deleted behind")) h.emulator.deleteBehindTheBack(id);
    inject(row.rules);
    const result = await attempt(async () => {
        if (row.operation === "read") {
            const read = await h.provider.read!(id, outs);
            if (row.fault.startsWith("policy deleted behind")) {
                assert.deepEqual(read, { id: "" });
            } else {
                assert.deepEqual(read.props, { body: normalizePolicy(pilotBody()), policyId: id });
            }
        } else if (row.operation === "update") {
            await h.provider.update!(id, outs, { body: enforced });
        } else {
            await h.provider.delete!(id, outs);
        }
    });
    return { ...result, id };
}

async function attempt(action: () => Promise<unknown>): Promise<{ error?: Error }> {
    try {
        await action();
        return {};
    } catch (err) {
        return { error: err as Error };
    }
}

function assertEndState(emulator: GraphEmulator, row: Row): void {
    const stored = emulator.stored();
    if (row.noneLeft) {
        assert.equal(stored.length, 0, "no policy should remain");
        return;
    }
    assert.equal(stored.length, 1, `exactly one policy, found ${stored.length}`);
    const expected = row.operation === "update" ? enforced : pilotBody();
    assert.deepEqual(written(stored[0]), expected);
}

describe("graph fault matrix", () => {
    let h: Harness;
    const measured: string[] = [];
    afterEach(async () => h?.close());
    after(() => {
        // `TP_WRITE_FAULT_MATRIX=1` writes the measured table for the README.
        if (process.env.TP_WRITE_FAULT_MATRIX) writeFileSync(".tmp/graph-fault-matrix.md", measured.join("\n") + "\n");
    });

    for (const row of rows) {
        it(`${row.operation}: ${row.fault} -> ${row.outcome}`, async () => {
            h = await startHarness({ client: row.client });
            const outcome = await run(h, row);
            if (row.error) {
                assert.ok(outcome.error, "the operation should have failed");
                const requestId = (outcome.error as { details?: { requestId?: string } }).details?.requestId ?? "";
                assert.equal(outcome.error.message, row.error.replaceAll("{id}", outcome.id ?? "").replace("{requestId}", requestId));
                assert.equal(outcome.error.name, "GraphError");
            } else {
                assert.equal(outcome.error, undefined, outcome.error?.message);
            }
            assertCounts(h.emulator, row.counts);
            assertEndState(h.emulator, row);
            if (row.tokenRenewals !== undefined) assert.equal(h.credential.calls, 1 + row.tokenRenewals);
            const counts = Object.entries(row.counts).map(([m, n]) => `${n} ${m}`).join(", ");
            measured.push(`| ${row.operation} | ${row.fault} | ${row.outcome} | ${counts} |`);
        });
    }
});
