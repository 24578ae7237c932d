import { strict as assert } from "assert";
import { policyDisplayName } from "../../model/conditionalAccess";
import { rollback } from "../../ops/rollback/rollback";
import { Harness, pilotBody, startHarness, written } from "../support/graphHarness";
import { copyProject, ProjectCopy } from "./projectCopy";

const reportOnly = "enabledForReportingButNotEnforced";

describe("ops: tp-rollout rollback --direct (Graph emulator)", function () {
    this.timeout(120_000);
    let copy: ProjectCopy;
    let h: Harness;
    let ids: Record<"tp" | "block" | "compliance" | "otherWave" | "handMade", string>;

    beforeEach(async () => {
        copy = copyProject();
        h = await startHarness();
        // The pilot wave as deployed and enforced, one companion already report-only, and two enforced
        // policies that are not the wave's: another wave's and a hand-made one.
        ids = {
            tp: h.emulator.seed(pilotBody({ state: "enabled" })),
            block: h.emulator.seed(pilotBody({ displayName: policyDisplayName("pilot", "blockUnknownPlatforms"), state: "enabled" })),
            compliance: h.emulator.seed(pilotBody({ displayName: policyDisplayName("pilot", "requireCompliance"), state: reportOnly })),
            otherWave: h.emulator.seed(pilotBody({ displayName: policyDisplayName("expansion", "tokenProtection"), state: "enabled" })),
            handMade: h.emulator.seed(pilotBody({ displayName: "Require MFA for administrators", state: "enabled" })),
        };
    });
    afterEach(async () => {
        await h.close();
        copy.dispose();
    });

    const run = async (options: { dryRun?: boolean } = {}) => {
        let out = "";
        const code = await rollback({ stack: "pilot", direct: true, dryRun: options.dryRun, projectDir: copy.dir, graphClient: () => h.client, write: (t) => { out += t; } });
        return { code, out };
    };
    const sent = () => h.emulator.requests.filter((r) => !r.throttled).map((r) => ({ method: r.method, path: r.path, body: r.body, outcome: r.outcome }));
    const storedById = () => Object.fromEntries(h.emulator.stored().map((p) => [p.id as string, p]));

    it("PATCHes only the state of the wave's enforced policies, found by display name, and edits the stack file", async () => {
        const before = storedById();
        const { code, out } = await run();
        assert.equal(code, 0);
        assert.deepEqual(sent(), [
            { method: "GET", path: "/beta/identity/conditionalAccess/policies", body: undefined, outcome: 200 },
            { method: "PATCH", path: `/beta/identity/conditionalAccess/policies/${ids.tp}`, body: { state: reportOnly }, outcome: 204 },
            { method: "PATCH", path: `/beta/identity/conditionalAccess/policies/${ids.block}`, body: { state: reportOnly }, outcome: 204 },
        ]);
        const after = storedById();
        assert.deepEqual(Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, after[id].state])), {
            tp: reportOnly, block: reportOnly, compliance: reportOnly, otherWave: "enabled", handMade: "enabled",
        });
        // Nothing but the state changed on the patched policies.
        for (const id of [ids.tp, ids.block]) {
            assert.deepEqual(written(after[id]), { ...written(before[id]), state: reportOnly });
        }
        assert.ok(copy.read("stacks/Pulumi.pilot.yaml").includes("  token-protection:enforcement: reportOnly\n"));
        const graphSection = out.slice(out.indexOf("Graph:\n")).split("\n").slice(0, 11);
        assert.deepEqual(graphSection, [
            "Graph:",
            `  TP [pilot] Require token protection for sign-in sessions (Windows) (${ids.tp}): enforced -> report-only`,
            "  TP [pilot] Require token protection for sign-in sessions (Apple preview): not in the tenant",
            `  TP [pilot] Block access from unknown platforms (${ids.block}): enforced -> report-only`,
            `  TP [pilot] Require device compliance for known platforms (${ids.compliance}): report-only, left as it is`,
            "",
            "Pulumi's state still records the old states. When the backend is reachable again, run from the project directory:",
            "  pulumi refresh --stack pilot --yes",
            "so the state matches the tenant; with the stack file change committed, the next `pulumi up` then changes nothing for these policies.",
            "",
            out.split("\n").find((l) => l.startsWith("Propagation:"))!,
        ]);
    });

    it("reports a PATCH Graph refuses, carries on with the others and exits 1", async () => {
        h.emulator.inject({ method: "PATCH", path: new RegExp(ids.tp), fault: { kind: "status", status: 403 }, times: Infinity });
        const { code, out } = await run();
        assert.equal(code, 1);
        assert.deepEqual(sent().map((r) => `${r.method} ${r.outcome}`), ["GET 200", "PATCH 403", "PATCH 204"]);
        assert.equal(storedById()[ids.tp].state, "enabled");
        assert.equal(storedById()[ids.block].state, reportOnly);
        const line = out.split("\n").find((l) => l.includes(ids.tp))!;
        assert.match(line, new RegExp(`^  TP \\[pilot\\] Require token protection for sign-in sessions \\(Windows\\) \\(${ids.tp}\\): still enforced, the PATCH failed: Graph PATCH /beta/identity/conditionalAccess/policies/${ids.tp} for policy "TP \\[pilot\\] Require token protection for sign-in sessions \\(Windows\\)" failed: HTTP 403`));
        assert.ok(out.includes("\n1 policy is still enforced; run the command again, or set them to report-only in the Entra admin center.\n"));
        assert.ok(!out.includes("Propagation:"));
    });

    it("--dry-run --direct sends no request", async () => {
        const { code, out } = await run({ dryRun: true });
        assert.equal(code, 0);
        assert.deepEqual(h.emulator.requests, []);
        assert.ok(out.includes(`  PATCH /beta/identity/conditionalAccess/policies/<id of "TP [pilot] Block access from unknown platforms"> {"state":"${reportOnly}"}, if that policy exists and is enforced\n`));
        assert.ok(copy.read("stacks/Pulumi.pilot.yaml").includes("  token-protection:enforcement: enforced\n"));
    });
});
