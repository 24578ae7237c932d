import * as assert from "assert";
import { isOlderVersion, tpExoPowerShellVersion } from "../../policypack/rules/tpExoPowerShellVersion";
import { assertNotApplicable, assertViolations, runResourcePolicy } from "../support/analyzerArgs";
import { appleBody, context, crossGuardOf, graphPolicyType, graphProps, mutate, windowsBody } from "./fixtures";

const message = (where: string) => `Exchange Online PowerShell must be 3.7.0 or later on every management endpoint before Token Protection enforces on Exchange Online (older modules fail to sign in), but the inventory shows ${where}. Fix: update the ExchangeOnlineManagement module there, then update token-protection:exoPowerShellInventory.`;

describe("tp-exo-powershell-version", () => {
    const policy = crossGuardOf(tpExoPowerShellVersion);
    const run = (config: Record<string, unknown> = {}, body: unknown = windowsBody()) => runResourcePolicy(policy, graphPolicyType, graphProps(body), { config });
    const inventory = (...versions: string[]) => ({ exoPowerShellInventory: versions.map((version, i) => ({ endpoint: `PAW-0${i + 1}`, version })) });

    it("passes when every endpoint runs 3.7.0 or later", async () => {
        assertViolations(await run(), []);
        assertViolations(await run(inventory("3.7.0", "3.10.2")), []);
    });

    it("warns when an endpoint runs 3.6.0", async () => {
        assertViolations(await run(inventory("3.9.0", "3.6.0")), [message("PAW-02 (3.6.0)")]);
    });

    it("warns once, listing every old endpoint", async () => {
        assertViolations(await run(inventory("2.0.5", "3.6.9")), [message("PAW-01 (2.0.5) and PAW-02 (3.6.9)")]);
    });

    it("compares versions numerically", () => {
        assert.deepStrictEqual(["3.10.0", "3.7", "3.6.10", "3"].map((v) => isOlderVersion(v, "3.7.0")), [false, false, true, true]);
    });

    it("does not apply without an inventory", async () => {
        const none = crossGuardOf(tpExoPowerShellVersion, context({ exoPowerShellInventory: [] }));
        assertNotApplicable(await runResourcePolicy(none, graphPolicyType, graphProps(windowsBody())), "no Exchange Online PowerShell inventory is configured");
    });

    it("does not apply to a policy that leaves Exchange Online out", async () => {
        const body = mutate(windowsBody(), (b) => b.conditions.applications.includeApplications.shift());
        assertNotApplicable(await run(inventory("3.6.0"), body), "the policy does not cover Exchange Online");
    });

    it("does not apply to a report-only policy", async () => {
        assertNotApplicable(await run(inventory("3.6.0"), appleBody()), "the policy is not enforced");
    });
});
