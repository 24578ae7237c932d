import { tpResourcesSpecific } from "../../policypack/rules/tpResourcesSpecific";
import { assertNotApplicable, assertViolations, runResourcePolicy, unknown } from "../support/analyzerArgs";
import { appleBody, azureadPolicyType, azureadProps, blockUnknownBody, crossGuardOf, graphPolicyType, graphProps, mutate, waveConfig, windowsBody } from "./fixtures";

const exo = "Office 365 Exchange Online (00000002-0000-0ff1-ce00-000000000000)";
const spo = "Office 365 SharePoint Online (00000003-0000-0ff1-ce00-000000000000)";
const teams = "Microsoft Teams Services (cc15fd57-2c6c-4117-a88c-83b1d56b4bbe)";
const windowsRequirement = `A Token Protection policy must target ${exo}, ${spo} and ${teams}, plus Azure Virtual Desktop, Windows 365 and Windows Cloud Login only where the Windows App is deployed, and nothing else`;
const appleRequirement = `An Apple Token Protection policy must target ${exo} and ${spo} (Microsoft Teams Services optional) and nothing else`;

describe("tp-resources-specific", () => {
    const policy = crossGuardOf(tpResourcesSpecific);
    const run = (body: unknown) => runResourcePolicy(policy, graphPolicyType, graphProps(body));

    it("passes the Windows policy the package declares", async () => {
        assertViolations(await run(windowsBody()), []);
    });

    it("passes with Azure Virtual Desktop, Windows 365 and Windows Cloud Login (windowsApp)", async () => {
        assertViolations(await run(windowsBody(waveConfig({ windowsApp: true }))), []);
    });

    it("passes the Apple policy, with and without Teams", async () => {
        assertViolations(await run(appleBody()), []);
        assertViolations(await run(mutate(appleBody(), (b) => b.conditions.applications.includeApplications.push("cc15fd57-2c6c-4117-a88c-83b1d56b4bbe"))), []);
    });

    it("fails when includeApplications adds the Office365 group", async () => {
        const body = mutate(windowsBody(), (b) => b.conditions.applications.includeApplications.push("Office365"));
        assertViolations(await run(body), [
            `${windowsRequirement}, but includeApplications has "Office365", which also covers workloads Token Protection cannot protect and blocks them. Fix: replace "Office365" with the resources above (token-protection:windowsApp adds the Windows App ones).`,
        ]);
    });

    it("fails twice when includeApplications is [\"All\"]: the group, and the missing core resources", async () => {
        const body = mutate(windowsBody(), (b) => (b.conditions.applications.includeApplications = ["All"]));
        assertViolations(await run(body), [
            `${windowsRequirement}, but includeApplications has "All", which also covers workloads Token Protection cannot protect and blocks them. Fix: replace "All" with the resources above (token-protection:windowsApp adds the Windows App ones).`,
            `${windowsRequirement}, but includeApplications lacks ${exo}, ${spo} and ${teams}. Fix: add them to includeApplications.`,
        ]);
    });

    it("fails when includeApplications adds a resource Token Protection does not support (Microsoft Graph)", async () => {
        const body = mutate(windowsBody(), (b) => b.conditions.applications.includeApplications.push("00000003-0000-0000-c000-000000000000"));
        assertViolations(await run(body), [
            `${windowsRequirement}, but includeApplications also has "00000003-0000-0000-c000-000000000000". Fix: remove it from this policy; protect other resources with other Conditional Access controls.`,
        ]);
    });

    it("fails when Teams Services is missing", async () => {
        const body = mutate(windowsBody(), (b) => b.conditions.applications.includeApplications.pop());
        assertViolations(await run(body), [`${windowsRequirement}, but includeApplications lacks ${teams}. Fix: add it to includeApplications.`]);
    });

    it("fails when the Apple policy adds Azure Virtual Desktop, which is Windows-only", async () => {
        const body = mutate(appleBody(), (b) => b.conditions.applications.includeApplications.push("9cdead84-a844-4324-93f2-b2e6bb768d07"));
        assertViolations(await run(body), [
            `${appleRequirement}, but includeApplications also has Azure Virtual Desktop (9cdead84-a844-4324-93f2-b2e6bb768d07). Fix: remove it from this policy; protect other resources with other Conditional Access controls.`,
        ]);
    });

    it("fails when a tenant export has includeApplications null", async () => {
        const body = mutate(windowsBody(), (b) => (b.conditions.applications.includeApplications = null));
        assertViolations(await run(body), [`${windowsRequirement}, but includeApplications lacks ${exo}, ${spo} and ${teams}. Fix: add them to includeApplications.`]);
    });

    it("reports nothing while includeApplications is unknown (preview)", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.applications.includeApplications = unknown))), []);
        assertViolations(await run(mutate(windowsBody(), (b) => b.conditions.applications.includeApplications.push(unknown))), []);
    });

    it("does not apply to a policy without Token Protection", async () => {
        assertNotApplicable(await run(mutate(windowsBody(), (b) => (b.sessionControls.secureSignInSession.isEnabled = false))), "not a Token Protection policy (sessionControls.secureSignInSession is not enabled)");
    });

    it("does not apply to an azuread policy, whatever its props (Graph v1.0 has no Token Protection)", async () => {
        assertNotApplicable(await runResourcePolicy(policy, azureadPolicyType, { displayName: unknown, state: unknown, conditions: unknown }), "an azuread policy cannot carry the Token Protection session control (Graph v1.0 has no secureSignInSession)");
        assertNotApplicable(await runResourcePolicy(policy, azureadPolicyType, azureadProps(blockUnknownBody())), "an azuread policy cannot carry the Token Protection session control (Graph v1.0 has no secureSignInSession)");
    });

    it("does not apply to other resource types", async () => {
        assertNotApplicable(await runResourcePolicy(policy, "azuread:index/group:Group", { displayName: "x" }), "not a Conditional Access policy (azuread:index/group:Group)");
    });
});
