import { tpPlatformsSupported } from "../../policypack/rules/tpPlatformsSupported";
import { assertNotApplicable, assertViolations, runResourcePolicy, unknown } from "../support/analyzerArgs";
import { appleBody, azureadPolicyType, azureadProps, blockUnknownBody, context, crossGuardOf, graphPolicyType, graphProps, mutate, windowsBody } from "./fixtures";

const requirement = "A Token Protection policy must target Windows only, plus iOS and macOS in a policy that is not enforced while the Apple preview is on";

describe("tp-platforms-supported", () => {
    const policy = crossGuardOf(tpPlatformsSupported, context({ applePreview: true }));
    const run = (body: unknown, config: Record<string, unknown> = {}) => runResourcePolicy(policy, graphPolicyType, graphProps(body), { config });

    it("passes the Windows policy the package declares", async () => {
        assertViolations(await run(windowsBody()), []);
    });

    it("passes the report-only Apple policy when the Apple preview is on", async () => {
        assertViolations(await run(appleBody()), []);
    });

    it("fails when the Apple policy is enforced", async () => {
        assertViolations(await run(mutate(appleBody(), (b) => (b.state = "enabled"))), [
            `${requirement}, but this policy includes "iOS" and "macOS" and is enforced while the Apple platforms are in preview. Fix: set its state to enabledForReportingButNotEnforced (report-only); the package never enforces the Apple policy.`,
        ]);
    });

    it("fails when iOS is targeted while the Apple preview is off", async () => {
        const off = crossGuardOf(tpPlatformsSupported, context({ applePreview: false }));
        assertViolations(await runResourcePolicy(off, graphPolicyType, graphProps(mutate(windowsBody(), (b) => b.conditions.platforms.includePlatforms.push("iOS")))), [
            `${requirement}, but includePlatforms has "iOS" and the Apple preview is off. Fix: remove it, or set token-protection:applePreview: true so the package adds the separate report-only Apple policy.`,
        ]);
    });

    it("fails when an unsupported platform is added", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => b.conditions.platforms.includePlatforms.push("android", "linux"))), [
            `${requirement}, but includePlatforms has "android" and "linux". Fix: remove them; the companion policies cover the other platforms.`,
        ]);
    });

    it("fails when includePlatforms is [\"all\"]", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.platforms.includePlatforms = ["all"]))), [
            `${requirement}, but includePlatforms has "all". Fix: remove it; the companion policies cover the other platforms.`,
        ]);
    });

    it("fails when no platform condition is set (all platforms)", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => delete b.conditions.platforms)), [
            `${requirement}, but it sets no device platform, so it applies to all of them. Fix: set conditions.platforms.includePlatforms to ["windows"].`,
        ]);
    });

    it("takes applePreview from pack config", async () => {
        assertViolations(await run(appleBody(), { applePreview: false }), [
            `${requirement}, but includePlatforms has "iOS" and "macOS" and the Apple preview is off. Fix: remove them, or set token-protection:applePreview: true so the package adds the separate report-only Apple policy.`,
        ]);
    });

    it("reports nothing while includePlatforms is unknown (preview)", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.platforms.includePlatforms = unknown))), []);
    });

    it("does not apply to a policy without Token Protection", async () => {
        assertNotApplicable(await run(mutate(windowsBody(), (b) => (b.sessionControls.secureSignInSession.isEnabled = false))), "not a Token Protection policy (sessionControls.secureSignInSession is not enabled)");
    });

    it("does not apply to an azuread policy, whatever its props (Graph v1.0 has no Token Protection)", async () => {
        assertNotApplicable(await runResourcePolicy(policy, azureadPolicyType, { displayName: unknown, state: unknown, conditions: unknown }), "an azuread policy cannot carry the Token Protection session control (Graph v1.0 has no secureSignInSession)");
        assertNotApplicable(await runResourcePolicy(policy, azureadPolicyType, azureadProps(blockUnknownBody())), "an azuread policy cannot carry the Token Protection session control (Graph v1.0 has no secureSignInSession)");
    });
});
