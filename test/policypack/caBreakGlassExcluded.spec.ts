import { unknownContext } from "../../policypack/context";
import { caBreakGlassExcluded } from "../../policypack/rules/caBreakGlassExcluded";
import { assertNotApplicable, assertViolations, runResourcePolicy, unknown } from "../support/analyzerArgs";
import { azureadPolicyType, azureadProps, breakGlassIds, complianceBody, crossGuardOf, graphPolicyType, graphProps, mutate, today, windowsBody } from "./fixtures";

const requirement = "Every Conditional Access policy must exclude every break-glass account, so that a misconfigured policy cannot lock the tenant out";
const [first, second] = breakGlassIds;

describe("ca-break-glass-excluded", () => {
    const policy = crossGuardOf(caBreakGlassExcluded);
    const run = (body: unknown, config: Record<string, unknown> = {}) => runResourcePolicy(policy, graphPolicyType, graphProps(body), { config });

    it("passes the Token Protection policy the package declares", async () => {
        assertViolations(await run(windowsBody()), []);
    });

    it("passes an azuread companion policy (excludedUsers)", async () => {
        assertViolations(await runResourcePolicy(policy, azureadPolicyType, azureadProps(complianceBody())), []);
    });

    it("passes IDs exported in upper case", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.users.excludeUsers = breakGlassIds.map((id) => id.toUpperCase())))), []);
    });

    it("fails when one break-glass account is not excluded", async () => {
        const body = mutate(windowsBody(), (b) => (b.conditions.users.excludeUsers = [first]));
        assertViolations(await run(body), [
            `${requirement}, but this one does not exclude ${second}. Fix: add it to conditions.users.excludeUsers (the package does so from token-protection:breakGlassUserIds), or exclude a group that holds it and list that group in the pack config's breakGlassGroupIds.`,
        ]);
    });

    it("fails when an azuread policy excludes no break-glass account", async () => {
        const props = azureadProps(complianceBody());
        delete (props.conditions as { users: Record<string, unknown> }).users.excludedUsers;
        assertViolations(await runResourcePolicy(policy, azureadPolicyType, props), [
            `${requirement}, but this one does not exclude ${first} and ${second}. Fix: add them to conditions.users.excludeUsers (the package does so from token-protection:breakGlassUserIds), or exclude a group that holds them and list that group in the pack config's breakGlassGroupIds.`,
        ]);
    });

    it("passes when an excluded group holds the accounts (pack config breakGlassGroupIds)", async () => {
        const body = mutate(windowsBody(), (b) => {
            b.conditions.users.excludeUsers = [];
            b.conditions.users.excludeGroups = ["7e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"];
        });
        assertViolations(await run(body, { breakGlassGroupIds: ["7e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"] }), []);
    });

    it("checks the accounts pack config names instead of the stack's", async () => {
        const other = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
        assertViolations(await run(windowsBody(), { breakGlassUserIds: [other] }), [
            `${requirement}, but this one does not exclude ${other}. Fix: add it to conditions.users.excludeUsers (the package does so from token-protection:breakGlassUserIds), or exclude a group that holds it and list that group in the pack config's breakGlassGroupIds.`,
        ]);
    });

    it("reports nothing while an exclusion is unknown (a group created in the same deployment)", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => { b.conditions.users.excludeUsers = [first]; b.conditions.users.excludeGroups = [unknown]; })), []);
    });

    describe("without known break-glass IDs (a tenant export)", () => {
        const blind = crossGuardOf(caBreakGlassExcluded, unknownContext(today));

        it("passes a policy that excludes someone", async () => {
            assertViolations(await runResourcePolicy(blind, graphPolicyType, graphProps(windowsBody())), []);
        });

        it("fails a policy that excludes nobody", async () => {
            const body = mutate(windowsBody(), (b) => (b.conditions.users.excludeUsers = null));
            assertViolations(await runResourcePolicy(blind, graphPolicyType, graphProps(body)), [
                `${requirement}, but this one excludes no user or group. Fix: add the break-glass accounts to conditions.users.excludeUsers (with \`tp-rollout check --policies\`, pass their IDs with --break-glass to check them by ID).`,
            ]);
        });
    });

    it("does not apply to a disabled policy", async () => {
        assertNotApplicable(await run(mutate(windowsBody(), (b) => (b.state = "disabled"))), "the policy is off (state disabled)");
    });
});
