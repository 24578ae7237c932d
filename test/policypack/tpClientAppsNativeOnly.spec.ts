import { tpClientAppsNativeOnly } from "../../policypack/rules/tpClientAppsNativeOnly";
import { assertNotApplicable, assertViolations, runResourcePolicy, unknown } from "../support/analyzerArgs";
import { azureadPolicyType, azureadProps, complianceBody, crossGuardOf, graphPolicyType, graphProps, mutate, windowsBody } from "./fixtures";

const requirement = 'clientAppTypes must be exactly ["mobileAppsAndDesktopClients"]: Token Protection supports native apps only, and browser, legacy-authentication or "all" clients in scope get blocked';
const fix = 'Fix: set clientAppTypes to ["mobileAppsAndDesktopClients"] (portal: Client apps > Mobile apps and desktop clients, nothing else).';

describe("tp-client-apps-native-only", () => {
    const policy = crossGuardOf(tpClientAppsNativeOnly);
    const run = (body: unknown) => runResourcePolicy(policy, graphPolicyType, graphProps(body));

    it("passes the Windows policy the package declares", async () => {
        assertViolations(await run(windowsBody()), []);
    });

    it("fails when browser is also selected (Teams Web would be blocked)", async () => {
        const body = mutate(windowsBody(), (b) => b.conditions.clientAppTypes.unshift("browser"));
        assertViolations(await run(body), [`${requirement}, but it is ["browser","mobileAppsAndDesktopClients"]. ${fix}`]);
    });

    it("fails when clientAppTypes is [\"all\"]", async () => {
        const body = mutate(windowsBody(), (b) => (b.conditions.clientAppTypes = ["all"]));
        assertViolations(await run(body), [`${requirement}, but it is ["all"]. ${fix}`]);
    });

    it("fails when legacy-authentication clients are selected", async () => {
        const body = mutate(windowsBody(), (b) => b.conditions.clientAppTypes.push("exchangeActiveSync", "other"));
        assertViolations(await run(body), [`${requirement}, but it is ["mobileAppsAndDesktopClients","exchangeActiveSync","other"]. ${fix}`]);
    });

    it("fails when clientAppTypes is not set", async () => {
        const body = mutate(windowsBody(), (b) => delete b.conditions.clientAppTypes);
        assertViolations(await run(body), [`${requirement}, but it is not set, so every client type is in scope. ${fix}`]);
    });

    it("fails when a tenant export has clientAppTypes null or []", async () => {
        const expected = [`${requirement}, but it is not set, so every client type is in scope. ${fix}`];
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.clientAppTypes = null))), expected);
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.clientAppTypes = []))), expected);
    });

    it("reports nothing while clientAppTypes is unknown (preview)", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.clientAppTypes = unknown))), []);
    });

    it("does not apply to a policy without Token Protection", async () => {
        assertNotApplicable(await run(mutate(windowsBody(), (b) => (b.sessionControls.secureSignInSession.isEnabled = false))), "not a Token Protection policy (sessionControls.secureSignInSession is not enabled)");
    });

    it("does not apply to an azuread policy, whatever its props (Graph v1.0 has no Token Protection)", async () => {
        assertNotApplicable(await runResourcePolicy(policy, azureadPolicyType, { displayName: unknown, state: unknown, conditions: unknown }), "an azuread policy cannot carry the Token Protection session control (Graph v1.0 has no secureSignInSession)");
        assertNotApplicable(await runResourcePolicy(policy, azureadPolicyType, azureadProps(complianceBody())), "an azuread policy cannot carry the Token Protection session control (Graph v1.0 has no secureSignInSession)");
    });
});
