// The Graph client against the emulator: listing, 404s, pacing, throttling, token renewal, time bound,
// and the one-line errors.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { performance } from "node:perf_hooks";
import { ConditionalAccessClient, policiesPath } from "../../graph/client";
import { GraphError, isGraphError } from "../../graph/errors";
import { isOperatorError } from "../../cli/errors";
import { assertCounts, Harness, pilotBody, startHarness, testIntervalMs, timedHttpClient } from "../support/graphHarness";

async function rejection(promise: Promise<unknown>): Promise<GraphError> {
    try {
        await promise;
    } catch (err) {
        assert.ok(isGraphError(err), `expected a GraphError, got ${String(err)}`);
        return err;
    }
    assert.fail("expected the call to fail");
}

describe("graph client", () => {
    let h: Harness;
    afterEach(async () => h?.close());

    describe("reads", () => {
        it("lists every policy across pages, following @odata.nextLink", async () => {
            h = await startHarness({ emulator: { pageSize: 2 } });
            const ids = [1, 2, 3, 4, 5].map((n) => h.emulator.seed({ ...pilotBody(), displayName: `policy ${n}` }));
            const policies = await h.client.listPolicies();
            assert.deepEqual(policies.map((p) => p.id), ids);
            assert.deepEqual(h.emulator.requests.map((r) => `${r.method} ${r.path}`), [
                `GET ${policiesPath}`,
                `GET ${policiesPath}?$skiptoken=2`,
                `GET ${policiesPath}?$skiptoken=4`,
            ]);
            assert.ok(h.emulator.requests.every((r) => r.hadAuth && !r.throttled));
        });

        it("finds policies by exact display name over the whole list", async () => {
            h = await startHarness({ emulator: { pageSize: 1 } });
            const a = h.emulator.seed(pilotBody());
            h.emulator.seed({ ...pilotBody(), displayName: `${pilotBody().displayName} (copy)` });
            const found = await h.client.findPoliciesByDisplayName(pilotBody().displayName);
            assert.deepEqual(found.map((p) => p.id), [a]);
            assertCounts(h.emulator, { GET: 2 });
        });

        it("answers undefined for a policy that does not exist (404)", async () => {
            h = await startHarness();
            assert.equal(await h.client.getPolicy("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"), undefined);
            assertCounts(h.emulator, { GET: 1 });
        });

        it("treats a DELETE of a policy already gone (404) as done", async () => {
            h = await startHarness();
            await h.client.deletePolicy("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d");
            assert.deepEqual(h.emulator.requests.map((r) => r.outcome), [404]);
        });

        it("refuses an id that is not a GUID before sending anything", async () => {
            h = await startHarness();
            const err = await rejection(h.client.getPolicy("../../users"));
            assert.equal(err.message, 'policy id "../../users" is not a GUID');
            assert.equal(h.emulator.requests.length, 0);
        });

        it("sends Prefer: include-unknown-enum-members, so the linux platform reads back as linux", async () => {
            h = await startHarness();
            const id = h.emulator.seed(pilotBody({ conditions: { ...pilotBody().conditions, platforms: { includePlatforms: ["linux"] } } }));
            const policy = await h.client.getPolicy(id);
            assert.deepEqual(policy?.conditions?.platforms?.includePlatforms, ["linux"]);
        });
    });

    describe("pacing and throttling", () => {
        it("spaces concurrent requests by the interval up front, so the emulator never throttles", async () => {
            const timed = timedHttpClient();
            h = await startHarness({ client: { httpClient: timed.httpClient } });
            const id = h.emulator.seed(pilotBody());
            await Promise.all([1, 2, 3, 4, 5, 6].map(() => h.client.getPolicy(id)));
            assertCounts(h.emulator, { GET: 6 });
            assert.equal(h.emulator.requests.filter((r) => r.throttled).length, 0);
            const gaps = timed.sentAt.slice(1).map((t, i) => t - timed.sentAt[i]);
            // Measured where pacing acts (leaving the pipeline); the slack is sub-millisecond bookkeeping.
            assert.ok(gaps.every((gap) => gap >= testIntervalMs - 0.5), `gaps ${gaps.map((g) => g.toFixed(1)).join(", ")}`);
        });

        it("without pacing the emulator answers bare 429s, and the client backs off until every call succeeds", async () => {
            h = await startHarness({ client: { minIntervalMs: 0, retryBaseMs: testIntervalMs } });
            const id = h.emulator.seed(pilotBody());
            const results = await Promise.all([1, 2, 3, 4].map(() => h.client.getPolicy(id)));
            assert.ok(results.every((p) => p?.id === id));
            const throttled = h.emulator.requests.filter((r) => r.throttled);
            assert.ok(throttled.length > 0, "an unpaced burst must be throttled");
            assert.equal(h.emulator.requests.filter((r) => r.outcome === 200).length, 4);
        });

        it("honours Retry-After when Graph sends it", async () => {
            h = await startHarness();
            const id = h.emulator.seed(pilotBody());
            h.emulator.inject({ method: "GET", fault: { kind: "status", status: 429, retryAfterSeconds: 1 } });
            const started = performance.now();
            await h.client.getPolicy(id);
            assert.ok(performance.now() - started >= 1000);
            assert.deepEqual(h.emulator.requests.map((r) => r.outcome), [429, 200]);
        });

        it("retries an attempt that never answers, after the attempt time-out", async () => {
            h = await startHarness({ client: { attemptTimeoutMs: 200 } });
            const id = h.emulator.seed(pilotBody());
            h.emulator.inject({ method: "GET", fault: { kind: "hang" } });
            assert.equal((await h.client.getPolicy(id))?.id, id);
            assert.deepEqual(h.emulator.requests.map((r) => r.outcome), ["hang", 200]);
        });

        it("gives up after the time bound with one clear line naming the last answer", async () => {
            h = await startHarness({ client: { maxTotalMs: 300 } });
            const id = h.emulator.seed(pilotBody());
            h.emulator.inject({ method: "GET", times: Infinity, fault: { kind: "status", status: 503 } });
            const started = performance.now();
            const err = await rejection(h.client.getPolicy(id, { displayName: pilotBody().displayName }));
            assert.ok(performance.now() - started < 1000);
            assert.equal(
                err.message,
                `Graph GET ${policiesPath}/${id} for policy "TP [pilot] Require token protection for sign-in sessions (Windows)" gave up after 0.3 s of retries; last: HTTP 503 ServiceUnavailable: Injected 503. (request-id ${err.details.requestId})`,
            );
            assert.equal(err.details.gaveUp, true);
            assert.ok(h.emulator.requests.length >= 2);
            assert.ok(h.emulator.requests.every((r) => r.outcome === 503));
        });

        it("gives up at once when Retry-After asks for longer than the time left", async () => {
            h = await startHarness({ client: { maxTotalMs: 500 } });
            h.emulator.inject({ method: "GET", fault: { kind: "status", status: 429, retryAfterSeconds: 30 } });
            const err = await rejection(h.client.listPolicies());
            assert.equal(err.message, `Graph GET ${policiesPath} gave up after 0.5 s of retries; last: HTTP 429 TooManyRequests: Injected 429. (request-id ${err.details.requestId})`);
            assert.equal(h.emulator.requests.length, 1);
        });
    });

    describe("tokens", () => {
        it("renews an expired token once on 401 and repeats the request", async () => {
            h = await startHarness();
            h.emulator.inject({ method: "GET", fault: { kind: "expireToken" } });
            await h.client.listPolicies();
            assert.deepEqual(h.emulator.requests.map((r) => r.outcome), [401, 200]);
            assert.equal(h.credential.calls, 2);
        });

        it("reuses the token between requests", async () => {
            h = await startHarness();
            await h.client.listPolicies();
            await h.client.listPolicies();
            assert.equal(h.credential.calls, 1);
        });

        it("reports a second 401 in a row as the refusal it is", async () => {
            h = await startHarness();
            h.emulator.inject({ method: "GET", times: 2, fault: { kind: "expireToken" } });
            const err = await rejection(h.client.listPolicies());
            assert.equal(err.message, `Graph GET ${policiesPath} failed: HTTP 401 InvalidAuthenticationToken: Lifetime validation failed, the token is expired. (request-id ${err.details.requestId})`);
            assert.deepEqual(h.emulator.requests.map((r) => r.outcome), [401, 401]);
        });
    });

    describe("errors", () => {
        it("is one line: method, path, policy, status, Graph code, message, request-id; and the CLI prints it bare", async () => {
            h = await startHarness();
            const id = h.emulator.seed(pilotBody());
            const err = await rejection(h.client.patchPolicy(id, { state: "sometimes" }, { displayName: pilotBody().displayName }));
            const answered = h.emulator.requests[0];
            assert.equal(answered.outcome, 400);
            assert.equal(
                err.message,
                `Graph PATCH ${policiesPath}/${id} for policy "TP [pilot] Require token protection for sign-in sessions (Windows)" failed: HTTP 400 BadRequest: Invalid value 'sometimes' for an enum of type 'microsoft.graph.conditionalAccessPolicyState'. (request-id ${err.details.requestId})`,
            );
            assert.match(err.details.requestId ?? "", /^[0-9a-f-]{36}$/);
            assert.equal(err.name, "GraphError");
            assert.ok(isOperatorError(err));
            assert.equal(err.message.includes("\n"), false);
        });

        it("rejects a POST with an unknown enum value, Graph-style, without creating anything", async () => {
            h = await startHarness();
            const err = await rejection(h.client.createPolicy({ ...pilotBody(), conditions: { ...pilotBody().conditions, clientAppTypes: ["desktop" as never] } }));
            assert.equal(
                err.message,
                `Graph POST ${policiesPath} for policy "TP [pilot] Require token protection for sign-in sessions (Windows)" failed: HTTP 400 BadRequest: Invalid value 'desktop' for an enum of type 'microsoft.graph.conditionalAccessClientApp'. (request-id ${err.details.requestId})`,
            );
            assert.equal(err.details.outcomeUnknown, false);
            assert.equal(h.emulator.stored().length, 0);
        });

        it("never carries the token: not in the message, the stack, JSON or inspect output", async () => {
            h = await startHarness();
            h.emulator.inject({ method: "GET", fault: { kind: "echoAuthorization" } });
            const echoed = await rejection(h.client.listPolicies());
            assert.equal(echoed.message, `Graph GET ${policiesPath} failed: HTTP 400 BadRequest: Rejected request with header Authorization: Bearer [redacted] (request-id ${echoed.details.requestId})`);
            h.emulator.inject({ method: "POST", fault: { kind: "reset" } });
            const lost = await rejection(h.client.createPolicy(pilotBody()));
            assert.equal(lost.message, `Graph POST ${policiesPath} for policy "TP [pilot] Require token protection for sign-in sessions (Windows)" failed: no answer (ECONNRESET: socket hang up)`);
            assert.equal(lost.details.outcomeUnknown, true);
            assert.ok(h.credential.issued.length > 0);
            for (const err of [echoed, lost]) {
                const renderings = [err.message, String(err.stack), JSON.stringify(err), inspect(err, { depth: 10 })];
                for (const token of h.credential.issued) {
                    assert.ok(renderings.every((text) => !text.includes(token)), "a token leaked into an error");
                }
                assert.ok(renderings.every((text) => !/Bearer (?!\[redacted\])/.test(text)));
            }
        });

        it("refuses to follow an @odata.nextLink to another host", async () => {
            h = await startHarness();
            const client = new ConditionalAccessClient({
                baseUrl: h.emulator.baseUrl,
                credential: h.credential,
                minIntervalMs: 0,
                env: {},
                httpClient: {
                    sendRequest: async (request) => ({
                        request,
                        status: 200,
                        headers: request.headers,
                        bodyAsText: JSON.stringify({ value: [], "@odata.nextLink": "https://evil.example/beta/identity/conditionalAccess/policies?$skiptoken=1" }),
                    }),
                },
            });
            const err = await rejection(client.listPolicies());
            assert.equal(err.message, `Graph GET ${policiesPath}: refused to follow @odata.nextLink to another host (https://evil.example)`);
        });
    });
});
