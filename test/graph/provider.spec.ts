// The provider's create/read/diff/update/delete through the real client against the emulator: no false
// drift, in-place updates that PATCH only what changed, removals that really remove, adoption by name.
import assert from "node:assert/strict";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { policiesPath } from "../../graph/client";
import { PolicyInputs, PolicyOutputs } from "../../graph/provider";
import { normalizePolicy } from "../../model/normalize";
import { CaPolicyBody } from "../../model/conditionalAccess";
import { assertCounts, groupIds, Harness, pilotBody, startHarness, written } from "../support/graphHarness";

const inputs = (body: CaPolicyBody): PolicyInputs => ({ body });

describe("graph provider", () => {
    let h: Harness;
    afterEach(async () => h?.close());

    async function created(body = pilotBody()): Promise<{ id: string; outs: PolicyOutputs }> {
        const result = await h.provider.create(inputs(body));
        h.emulator.clearLog();
        return { id: result.id, outs: result.outs! };
    }

    describe("check", () => {
        it("passes the package's body and reports what Graph would refuse, by field", async () => {
            h = await startHarness();
            assert.deepEqual((await h.provider.check!({} as PolicyInputs, inputs(pilotBody()))).failures, []);
            const bad = { displayName: " ", state: "on", conditions: { users: {} } } as unknown as CaPolicyBody;
            assert.deepEqual((await h.provider.check!({} as PolicyInputs, inputs(bad))).failures, [
                { property: "body.displayName", reason: "must be a non-empty string: the package finds its policies by display name" },
                { property: "body.state", reason: 'is "on"; allowed: enabledForReportingButNotEnforced | enabled | disabled' },
                { property: "body.conditions.applications", reason: "is missing" },
            ]);
            const noConditions = { displayName: "x", state: "enabled" } as unknown as CaPolicyBody;
            assert.deepEqual((await h.provider.check!({} as PolicyInputs, inputs(noConditions))).failures, [
                { property: "body.conditions", reason: "is missing; a policy needs at least its users and applications conditions" },
            ]);
        });

        it("lets values unknown during a preview through", async () => {
            h = await startHarness();
            const preview = { displayName: unknownValue, state: unknownValue, conditions: unknownValue } as unknown as CaPolicyBody;
            assert.deepEqual((await h.provider.check!({} as PolicyInputs, inputs(preview))).failures, []);
            assert.deepEqual((await h.provider.check!({} as PolicyInputs, { body: unknownValue } as unknown as PolicyInputs)).failures, []);
        });
    });

    describe("create, read, diff", () => {
        it("creates with one list and one POST; outputs are the canonical body and the id", async () => {
            h = await startHarness();
            const result = await h.provider.create(inputs(pilotBody()));
            assertCounts(h.emulator, { GET: 1, POST: 1 });
            const [stored] = h.emulator.stored();
            assert.equal(h.emulator.stored().length, 1);
            assert.deepEqual(written(stored), pilotBody());
            assert.equal(result.id, stored.id);
            assert.deepEqual(result.outs, { body: normalizePolicy(pilotBody()), policyId: stored.id });
        });

        for (const scramble of [false, true]) {
            it(`create then refresh shows no diff${scramble ? " when Graph answers sets reordered and GUIDs upper-cased" : ""}`, async () => {
                h = await startHarness({ emulator: { scramble } });
                const { id, outs } = await created();
                const read = await h.provider.read!(id, outs);
                assertCounts(h.emulator, { GET: 1 });
                assert.equal(read.id, id);
                assert.deepEqual(read.props, { body: normalizePolicy(pilotBody()), policyId: id });
                assert.deepEqual(read.inputs, read.props);
                assert.deepEqual(await h.provider.diff!(id, read.props!, inputs(pilotBody())), { changes: false, stables: ["policyId"] });
            });
        }

        it("reports a policy deleted behind Pulumi's back as gone (empty id), so Pulumi plans to create it", async () => {
            h = await startHarness();
            const { id, outs } = await created();
            h.emulator.deleteBehindTheBack(id);
            assert.deepEqual(await h.provider.read!(id, outs), { id: "" });
            assert.deepEqual(h.emulator.requests.map((r) => `${r.method} ${r.outcome}`), ["GET 404"]);
        });

        it("imports a hand-made policy by id: its canonical body as props and as inputs", async () => {
            h = await startHarness();
            const handMade = { ...pilotBody({ displayName: "Hand-made TP policy" }), grantControls: { operator: "OR", builtInControls: ["mfa"] } };
            const id = h.emulator.seed(handMade);
            const read = await h.provider.read!(id, undefined);
            assert.deepEqual(read, { id, props: { body: normalizePolicy(handMade), policyId: id }, inputs: { body: normalizePolicy(handMade), policyId: id } });
            assert.deepEqual(await h.provider.diff!(id, read.props!, inputs(handMade as CaPolicyBody)), { changes: false, stables: ["policyId"] });
        });

        it("plans an update, never a replace, when a preview value is unknown", async () => {
            h = await startHarness();
            const { id, outs } = await created();
            const preview = pilotBody({ conditions: { ...pilotBody().conditions, users: { ...pilotBody().conditions.users, includeGroups: [unknownValue] } } });
            assert.deepEqual(await h.provider.diff!(id, outs, inputs(preview)), { changes: true, stables: ["policyId"] });
            assert.equal(h.emulator.requests.length, 0);
        });
    });

    describe("update", () => {
        it("flips the state in place: diff without replaces, one PATCH carrying only the state", async () => {
            h = await startHarness();
            const { id, outs } = await created();
            const enforced = pilotBody({ state: "enabled" });
            const diff = await h.provider.diff!(id, outs, inputs(enforced));
            assert.deepEqual(diff, { changes: true, stables: ["policyId"] });
            const result = await h.provider.update!(id, outs, inputs(enforced));
            assert.deepEqual(h.emulator.requests.map((r) => [r.method, r.path, r.body]), [["PATCH", `${policiesPath}/${id}`, { state: "enabled" }]]);
            assert.deepEqual(result.outs, { body: normalizePolicy(enforced), policyId: id });
            assert.deepEqual(written(h.emulator.stored()[0]), enforced);
        });

        it("removes the device filter: conditions sent whole with devices: null, and the filter is gone", async () => {
            h = await startHarness();
            const { id, outs } = await created();
            const { devices: _removed, ...conditions } = pilotBody().conditions;
            const desired = pilotBody({ conditions });
            await h.provider.update!(id, outs, inputs(desired));
            assert.deepEqual(h.emulator.requests.map((r) => r.body), [{ conditions: { ...conditions, devices: null } }]);
            const [stored] = h.emulator.stored();
            assert.equal((stored.conditions as Record<string, unknown>).devices, null);
            h.emulator.clearLog();
            const read = await h.provider.read!(id, outs);
            assert.deepEqual((await h.provider.diff!(id, read.props!, inputs(desired))).changes, false);
        });

        it("removes a group from the population: the emptied list is sent as []", async () => {
            h = await startHarness();
            const { id, outs } = await created();
            const { includeGroups: _gone, ...users } = pilotBody().conditions.users;
            const desired = pilotBody({ conditions: { ...pilotBody().conditions, users } });
            await h.provider.update!(id, outs, inputs(desired));
            const sent = h.emulator.requests[0].body as { conditions: { users: Record<string, unknown> } };
            assert.deepEqual(sent.conditions.users.includeGroups, []);
            assert.deepEqual(normalizePolicy(h.emulator.answerFor(id)), normalizePolicy(desired));
        });

        it("sends nothing when nothing managed changed (same policy, different spelling)", async () => {
            h = await startHarness();
            const { id, outs } = await created();
            const respelled = pilotBody({ conditions: { ...pilotBody().conditions, users: { ...pilotBody().conditions.users, includeGroups: [...groupIds].reverse().map((g) => g.toLowerCase()) } } });
            assert.equal((await h.provider.diff!(id, outs, inputs(respelled))).changes, false);
            await h.provider.update!(id, outs, inputs(respelled));
            assert.equal(h.emulator.requests.length, 0);
        });

        it("explains a PATCH of a policy deleted behind Pulumi's back", async () => {
            h = await startHarness();
            const { id, outs } = await created();
            h.emulator.deleteBehindTheBack(id);
            await assert.rejects(h.provider.update!(id, outs, inputs(pilotBody({ state: "enabled" }))), (err: Error) => {
                assert.equal(err.name, "GraphError");
                assert.match(err.message, new RegExp(`^Graph PATCH ${policiesPath}/${id} for policy "TP \\[pilot\\] Require token protection for sign-in sessions \\(Windows\\)" failed: HTTP 404 ResourceNotFound: .*; the policy was deleted outside Pulumi: run "pulumi refresh" so Pulumi plans to create it again$`));
                return true;
            });
        });
    });

    describe("adoption by display name", () => {
        it("adopts the one existing policy with the wanted name, writing nothing when it matches", async () => {
            h = await startHarness();
            const existing = h.emulator.seed(pilotBody());
            const result = await h.provider.create(inputs(pilotBody()));
            assert.equal(result.id, existing);
            assertCounts(h.emulator, { GET: 1 });
        });

        it("adopts and PATCHes only the managed fields that differ", async () => {
            h = await startHarness();
            const existing = h.emulator.seed(pilotBody({ state: "disabled" }));
            await h.provider.create(inputs(pilotBody()));
            assert.deepEqual(h.emulator.requests.map((r) => [r.method, r.body]), [["GET", undefined], ["PATCH", { state: "enabledForReportingButNotEnforced" }]]);
            assert.equal(h.emulator.stored().length, 1);
            assert.equal(h.emulator.stored()[0].id, existing);
        });

        it("refuses to choose between two policies with the wanted name, naming both ids", async () => {
            h = await startHarness();
            const a = h.emulator.seed(pilotBody());
            const b = h.emulator.seed(pilotBody());
            await assert.rejects(h.provider.create(inputs(pilotBody())), {
                name: "GraphError",
                message: `2 Conditional Access policies are named "TP [pilot] Require token protection for sign-in sessions (Windows)" (ids ${a}, ${b}); the package needs its display names to be unique: delete or rename the extra ones, then run again`,
            });
            assertCounts(h.emulator, { GET: 1 });
        });

        it("keeps an adopted policy when the same run deletes its previous owner (a renamed resource)", async () => {
            h = await startHarness();
            const existing = h.emulator.seed(pilotBody());
            const adopted = await h.provider.create(inputs(pilotBody()));
            await h.provider.delete!(existing, { body: normalizePolicy(pilotBody()), policyId: existing });
            assert.equal(adopted.id, existing);
            assertCounts(h.emulator, { GET: 1 });
            assert.equal(h.emulator.stored().length, 1);
            assert.deepEqual(h.warnings, [`token-protection: kept Conditional Access policy ${existing} ("TP [pilot] Require token protection for sign-in sessions (Windows)"): another resource of this deployment adopted it`]);
        });

        it("creates three policies at once with one shared list and three POSTs", async () => {
            h = await startHarness();
            const names = ["a", "b", "c"].map((s) => pilotBody({ displayName: `TP [pilot] ${s}` }));
            const results = await Promise.all(names.map((body) => h.provider.create(inputs(body))));
            assertCounts(h.emulator, { GET: 1, POST: 3 });
            assert.deepEqual(h.emulator.stored().map((p) => p.displayName).sort(), ["TP [pilot] a", "TP [pilot] b", "TP [pilot] c"]);
            assert.equal(new Set(results.map((r) => r.id)).size, 3);
        });
    });

    describe("delete", () => {
        it("DELETEs the policy; a second delete (404) counts as done", async () => {
            h = await startHarness();
            const { id, outs } = await created();
            await h.provider.delete!(id, outs);
            await h.provider.delete!(id, outs);
            assert.deepEqual(h.emulator.requests.map((r) => `${r.method} ${r.outcome}`), ["DELETE 204", "DELETE 404"]);
            assert.equal(h.emulator.stored().length, 0);
        });
    });
});
