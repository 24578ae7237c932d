import { tpUnsupportedDevicesExcluded } from "../../policypack/rules/tpUnsupportedDevicesExcluded";
import { assertNotApplicable, assertViolations, runResourcePolicy, unknown } from "../support/analyzerArgs";
import { appleBody, context, crossGuardOf, graphPolicyType, graphProps, mutate, waveConfig, windowsBody } from "./fixtures";

const allFour = "Cloud PC, AVD session hosts, Power Automate hosted machines and Azure VMs with Entra login";
const requirement = (what = allFour) => `An exclude-mode device filter must exclude ${what}: Token Protection does not support them and their sign-ins fail with status 1003`;
const fix = "Fix: set token-protection:deviceExclusions and let the package build the filter (set a kind to false only if the tenant has none of it), or add the missing clauses to the policy's exclude filter.";

// The Token Protection guide's literal spelling: no `device.` prefix, `-eq` on systemLabels, bare `and`.
const guideSpelling = 'systemLabels -eq "CloudPC" and trustType -eq "AzureAD" -or systemLabels -eq "AzureVirtualDesktop" and trustType -eq "AzureAD"'
    + ' -or systemLabels -eq "MicrosoftPowerAutomate" and trustType -eq "AzureAD" -or profileType -eq "SecureVM" and trustType -eq "AzureAD"';

describe("tp-unsupported-devices-excluded", () => {
    const policy = crossGuardOf(tpUnsupportedDevicesExcluded);
    const run = (body: unknown, config: Record<string, unknown> = {}) => runResourcePolicy(policy, graphPolicyType, graphProps(body), { config });

    it("passes the Windows policy the package declares", async () => {
        assertViolations(await run(windowsBody()), []);
    });

    it("passes a filter in the Token Protection guide's own spelling", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.devices.deviceFilter.rule = guideSpelling))), []);
    });

    it("fails when the device filter is removed", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => delete b.conditions.devices)), [`${requirement()}, but the policy has no device filter. ${fix}`]);
    });

    it("fails when the filter's mode is include", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.devices.deviceFilter.mode = "include"))), [`${requirement()}, but the device filter's mode is "include". ${fix}`]);
    });

    it("fails when the filter has no mode or no rule", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => delete b.conditions.devices.deviceFilter.mode)), [`${requirement()}, but the device filter's mode is not set. ${fix}`]);
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.devices.deviceFilter.rule = null))), [`${requirement()}, but the device filter has no rule. ${fix}`]);
    });

    it("fails when the AVD clause is missing", async () => {
        const body = windowsBody(waveConfig({ deviceExclusions: { avdSessionHosts: false } }));
        assertViolations(await run(body), [`${requirement()}, but the device filter does not exclude AVD session hosts. ${fix}`]);
    });

    it("fails when the Cloud PC and AVD clauses are joined by -and (a device matches neither alone)", async () => {
        const body = mutate(windowsBody(), (b) => (b.conditions.devices.deviceFilter.rule = '(device.systemLabels -contains "CloudPC" -and device.systemLabels -contains "AzureVirtualDesktop") -or (device.systemLabels -contains "MicrosoftPowerAutomate") -or (device.profileType -eq "SecureVM")'));
        assertViolations(await run(body), [`${requirement()}, but the device filter does not exclude Cloud PC and AVD session hosts. ${fix}`]);
    });

    it("fails when a configured Autopilot self-deploying profile is not excluded", async () => {
        const ctx = context({ deviceExclusions: { autopilotProfileNames: ["Autopilot self-deployment profile"] } });
        const outcome = await runResourcePolicy(crossGuardOf(tpUnsupportedDevicesExcluded, ctx), graphPolicyType, graphProps(windowsBody()));
        assertViolations(outcome, [`${requirement('Cloud PC, AVD session hosts, Power Automate hosted machines, Azure VMs with Entra login and Autopilot profile "Autopilot self-deployment profile"')}, but the device filter does not exclude Autopilot profile "Autopilot self-deployment profile". ${fix}`]);
    });

    it("requires only the kinds the config says the tenant has", async () => {
        const ctx = context({ deviceExclusions: { cloudPc: false, avdSessionHosts: false, powerAutomateHosted: false } });
        const outcome = await runResourcePolicy(crossGuardOf(tpUnsupportedDevicesExcluded, ctx), graphPolicyType, graphProps(mutate(windowsBody(), (b) => delete b.conditions.devices)));
        assertViolations(outcome, [`${requirement("Azure VMs with Entra login")}, but the policy has no device filter. ${fix}`]);
    });

    it("takes the tenant's device kinds from pack config (use outside this repository)", async () => {
        const body = windowsBody(waveConfig({ deviceExclusions: { powerAutomateHosted: false } }));
        assertViolations(await run(body), [`${requirement()}, but the device filter does not exclude Power Automate hosted machines. ${fix}`]);
        assertViolations(await run(body, { deviceExclusions: { powerAutomateHosted: false } }), []);
    });

    it("reports nothing while the filter is unknown (preview)", async () => {
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.devices.deviceFilter = unknown))), []);
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.devices.deviceFilter.rule = unknown))), []);
    });

    it("does not apply when the config says the tenant has none of the kinds", async () => {
        const ctx = context({ deviceExclusions: { cloudPc: false, avdSessionHosts: false, powerAutomateHosted: false, azureVmLogin: false } });
        assertNotApplicable(await runResourcePolicy(crossGuardOf(tpUnsupportedDevicesExcluded, ctx), graphPolicyType, graphProps(windowsBody())), "the config says the tenant has none of the unsupported device kinds");
    });

    it("does not apply to the Apple policy", async () => {
        assertNotApplicable(await run(appleBody()), "an iOS/macOS policy: the unsupported device kinds are Windows devices");
    });
});
