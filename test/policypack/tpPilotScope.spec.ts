import { tpPilotScope } from "../../policypack/rules/tpPilotScope";
import { assertNotApplicable, assertViolations, runResourcePolicy } from "../support/analyzerArgs";
import { appleBody, context, crossGuardOf, graphPolicyType, graphProps, mutate, windowsBody } from "./fixtures";

const allUsers = 'In the pilot wave an enforced Token Protection policy must target privileged roles or a pilot group, never all users, but includeUsers has "All". Fix: scope the pilot with token-protection:scope.roleTemplateIds or a pilot group, and widen the population only in an expansion wave.';

describe("tp-pilot-scope", () => {
    const policy = crossGuardOf(tpPilotScope);
    const run = (body: unknown, config: Record<string, unknown> = {}) => runResourcePolicy(policy, graphPolicyType, graphProps(body), { config });

    it("passes the pilot policy the package declares (roles and a group)", async () => {
        assertViolations(await run(windowsBody()), []);
    });

    it("fails when includeUsers is [\"All\"] in the pilot wave", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.users.includeUsers = ["All"]))), [allUsers]);
    });

    it("fails when \"All\" is added next to the pilot's roles", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.users.includeUsers = ["All", "5b1e2d3c-4a5f-4e6d-8c7b-9a0f1e2d3c4b"]))), [allUsers]);
    });

    it("does not apply in the expansion wave", async () => {
        const expansion = crossGuardOf(tpPilotScope, context({ wave: "expansion" }));
        assertNotApplicable(await runResourcePolicy(expansion, graphPolicyType, graphProps(mutate(windowsBody(), (b) => (b.conditions.users.includeUsers = ["All"])))), "not the pilot wave (expansion)");
    });

    it("takes the wave from pack config", async () => {
        assertNotApplicable(await run(windowsBody(), { wave: "report-only" }), "not the pilot wave (report-only)");
    });

    it("does not apply to a report-only policy", async () => {
        assertNotApplicable(await run(mutate(appleBody(), (b) => (b.conditions.users.includeUsers = ["All"]))), "the policy is not enforced");
    });
});
