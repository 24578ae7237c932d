// The README's first command, as an operator runs it: the bin, a real child process, its output and exit code.
import assert from "node:assert/strict";
import { runBin } from "../support/cli";

describe("tp-rollout plan", () => {
    it("prints the JSON contract for a stack", () => {
        const { code, stdout, stderr } = runBin("plan", "expansion", "--json");
        assert.equal(stderr, "");
        assert.equal(code, 0);
        const plan = JSON.parse(stdout);
        assert.deepEqual(Object.keys(plan), ["stack", "resources", "conditionalAccessPolicies"]);
        assert.equal(plan.stack, "expansion");
        assert.equal(plan.resources.length, 7);
        assert.deepEqual(plan.conditionalAccessPolicies.map((p: { name: string; kind: string }) => [p.name, p.kind]), [
            ["token-protection-windows", "tokenProtection"],
            ["companions-block-unknown-platforms", "blockUnknownPlatforms"],
            ["companions-require-compliance", "requireCompliance"],
        ]);
    });

    it("prints a readable plan with each policy's state", () => {
        const { code, stdout } = runBin("plan", "pilot");
        assert.equal(code, 0);
        assert.match(stdout, /^Offline plan for stack "pilot" \(wave pilot, enforcement enforced\)\n/);
        assert.match(stdout, /^## TP \[pilot\] Require token protection for sign-in sessions \(Windows\): enforced$/m);
        assert.match(stdout, /^## TP \[pilot\] Block access from unknown platforms: enforced$/m);
    });

    it("names the known stacks when asked for one that has no config, exit code 2", () => {
        const { code, stdout, stderr } = runBin("plan", "pilot-typo");
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.equal(stderr, 'tp-rollout: stack "pilot-typo" has no config file stacks/Pulumi.pilot-typo.yaml; stacks: expansion, pilot, report-only\n');
    });
});

describe("runProgram", () => {
    it("stays usable after a stack that has no config", async () => {
        const { runProgram } = await import("../../cli/program");
        await assert.rejects(runProgram("no-such-stack"), { name: "StackConfigError" });
        const run = await runProgram("expansion");
        assert.equal(run.resources.length, 7);
    });
});
