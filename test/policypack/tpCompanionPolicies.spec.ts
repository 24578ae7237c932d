import { tpCompanionPolicies } from "../../policypack/rules/tpCompanionPolicies";
import { assertNotApplicable, assertViolations, runStackPolicy, StackResourceFixture, unknown } from "../support/analyzerArgs";
import { appleBody, azureadPolicyType, azureadProps, blockUnknownBody, complianceBody, context, crossGuardStackOf, graphPolicyType, graphProps, mutate, waveConfig, windowsBody } from "./fixtures";

const message = (companion: string, observed: string, key: string) =>
    `token-protection-windows: An enforced Token Protection policy needs an enforced ${companion} policy for the same users, or a client can claim a platform Token Protection does not cover, but ${observed}. Fix: enforce one (in this package: set token-protection:companions.${key} to enforced, or remove that override so it follows token-protection:enforcement).`;
const block = '"Block access from unknown platforms"';
const compliance = '"Require device compliance for all known platforms"';
const nothingCovers = "none of the policies checked with it covers its users and resources";

const tp = (body: unknown = windowsBody()): StackResourceFixture => ({ type: graphPolicyType, name: "token-protection-windows", props: graphProps(body) });
const blockPolicy = (props = azureadProps(blockUnknownBody())): StackResourceFixture => ({ type: azureadPolicyType, name: "companions-block-unknown-platforms", props });
const compliancePolicy = (props = azureadProps(complianceBody())): StackResourceFixture => ({ type: azureadPolicyType, name: "companions-require-compliance", props });

describe("tp-companion-policies", () => {
    const policy = crossGuardStackOf(tpCompanionPolicies);
    const run = (resources: StackResourceFixture[]) => runStackPolicy(policy, resources);

    it("passes an enforced policy with both companions enforced for the same population", async () => {
        assertViolations(await run([tp(), blockPolicy(), compliancePolicy()]), []);
    });

    it("passes companions that target all users and all resources", async () => {
        const everyone = (props: Record<string, unknown>) => mutate(props, (p) => (p.conditions.users = { includedUsers: ["All"], excludedUsers: [] }));
        assertViolations(await run([tp(), blockPolicy(everyone(azureadProps(blockUnknownBody()))), compliancePolicy(everyone(azureadProps(complianceBody())))]), []);
    });

    it("fails when the block-unknown-platforms policy is missing", async () => {
        assertViolations(await run([tp(), compliancePolicy()]), [message(block, nothingCovers, "blockUnknownPlatforms")]);
    });

    it("fails when the require-compliance policy is report-only", async () => {
        const reportOnly = mutate(azureadProps(complianceBody()), (p) => (p.state = "enabledForReportingButNotEnforced"));
        assertViolations(await run([tp(), blockPolicy(), compliancePolicy(reportOnly)]), [
            message(compliance, '"TP [pilot] Require device compliance for known platforms" is report-only', "requireCompliance"),
        ]);
    });

    it("fails when a companion covers another group", async () => {
        const otherGroup = mutate(azureadProps(blockUnknownBody()), (p) => (p.conditions.users.includedGroups = ["11111111-2222-4333-8444-555555555555"]));
        assertViolations(await run([tp(), blockPolicy(otherGroup), compliancePolicy()]), [message(block, nothingCovers, "blockUnknownPlatforms")]);
    });

    it("fails when a companion leaves a protected resource out", async () => {
        const teamsOnly = mutate(azureadProps(complianceBody()), (p) => (p.conditions.applications.includedApplications = ["cc15fd57-2c6c-4117-a88c-83b1d56b4bbe"]));
        assertViolations(await run([tp(), blockPolicy(), compliancePolicy(teamsOnly)]), [message(compliance, nothingCovers, "requireCompliance")]);
    });

    it("fails when compliance is one option among others (OR with MFA)", async () => {
        const orMfa = mutate(azureadProps(complianceBody()), (p) => (p.grantControls.builtInControls = ["compliantDevice", "mfa"]));
        assertViolations(await run([tp(), blockPolicy(), compliancePolicy(orMfa)]), [message(compliance, nothingCovers, "requireCompliance")]);
        const andMfa = mutate(orMfa, (p) => (p.grantControls.operator = "AND"));
        assertViolations(await run([tp(), blockPolicy(), compliancePolicy(andMfa)]), []);
    });

    it("gives a population not known yet the benefit of the doubt (preview)", async () => {
        // The companions' group is created in the same deployment; the Token Protection policy's is known.
        const pending = (props: Record<string, unknown>) => mutate(props, (p) => (p.conditions.users.includedGroups = [unknown]));
        assertViolations(await run([tp(), blockPolicy(pending(azureadProps(blockUnknownBody()))), compliancePolicy(pending(azureadProps(complianceBody())))]), []);
    });

    it("gives a companion state not known yet the benefit of the doubt (preview)", async () => {
        // A Graph-resource companion whose state comes from another resource: unknown inside the body. (An
        // azuread policy's top-level state unknown as a whole is CrossGuard's "cannot run during preview".)
        const stateUnknown = mutate(complianceBody(), (b) => (b.state = unknown));
        assertViolations(await run([tp(), blockPolicy(), { type: graphPolicyType, name: "companions-require-compliance", props: graphProps(stateUnknown) }]), []);
    });

    it("does not apply when no Token Protection policy is enforced", async () => {
        const reportOnly = waveConfig({ enforcement: "reportOnly", applePreview: true });
        assertNotApplicable(await runStackPolicy(crossGuardStackOf(tpCompanionPolicies, context({ enforcement: "reportOnly" })), [tp(windowsBody(reportOnly)), tp(appleBody(reportOnly))]), "no Token Protection policy of the stack is enforced");
    });
});
