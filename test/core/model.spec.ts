import assert from "node:assert/strict";
import fc from "fast-check";
import { fromAzureadProps, toAzureadProps } from "../../model/azureadMapping";
import { CaPolicyBody, parsePolicyDisplayName, policyDisplayName } from "../../model/conditionalAccess";
import { buildDeviceExclusionRule, recogniseDeviceExclusions } from "../../model/deviceFilter";
import { changedFields, normalizePolicy } from "../../model/normalize";

describe("device filters", () => {
    it("builds the exclude rule in the device-filter reference syntax", () => {
        assert.equal(
            buildDeviceExclusionRule({ cloudPc: true, avdSessionHosts: false, powerAutomateHosted: false, azureVmLogin: true, autopilotProfileNames: ["Kiosk"], customRules: ['device.model -startsWith "Surface Hub"'] }),
            '(device.systemLabels -contains "CloudPC" -and device.trustType -eq "AzureAD") -or (device.profileType -eq "SecureVM" -and device.trustType -eq "AzureAD")' +
            ' -or (device.enrollmentProfileName -eq "Kiosk") -or (device.model -startsWith "Surface Hub")',
        );
        assert.equal(buildDeviceExclusionRule({ cloudPc: false, avdSessionHosts: false, powerAutomateHosted: false, azureVmLogin: false, autopilotProfileNames: [], customRules: [] }), undefined);
    });

    it("recognises the Token Protection guide's literal spelling as well as the reference syntax", () => {
        assert.deepEqual(recogniseDeviceExclusions('systemLabels -eq "CloudPC" and trustType -eq "AzureAD"'), { kinds: ["cloudPc"], autopilotProfileNames: [] });
        assert.deepEqual(
            recogniseDeviceExclusions('(systemLabels -eq "AzureVirtualDesktop" and trustType -eq "AzureAD") or (profileType -eq "SecureVM" and trustType -eq "AzureAD") or (enrollmentProfileName -eq "Autopilot self-deployment profile")'),
            { kinds: ["avdSessionHosts", "azureVmLogin"], autopilotProfileNames: ["Autopilot self-deployment profile"] },
        );
    });

    it("does not count kinds joined by -and, which match no device at all", () => {
        assert.deepEqual(recogniseDeviceExclusions('device.systemLabels -contains "CloudPC" -and device.systemLabels -contains "AzureVirtualDesktop"'), { kinds: [], autopilotProfileNames: [] });
    });

    it("recognises exactly the kinds it built, for any selection", () => {
        fc.assert(fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), (cloudPc, avdSessionHosts, powerAutomateHosted, azureVmLogin) => {
            const rule = buildDeviceExclusionRule({ cloudPc, avdSessionHosts, powerAutomateHosted, azureVmLogin, autopilotProfileNames: [], customRules: [] });
            const expected = Object.entries({ cloudPc, avdSessionHosts, powerAutomateHosted, azureVmLogin }).filter(([, on]) => on).map(([kind]) => kind);
            assert.deepEqual(rule ? recogniseDeviceExclusions(rule).kinds : [], expected);
        }));
    });
});

describe("canonical form", () => {
    const declared: CaPolicyBody = {
        displayName: "TP [pilot] Require token protection for sign-in sessions (Windows)",
        state: "enabled",
        conditions: {
            users: { includeRoles: ["62E90394-69F5-4237-9190-012177145E10"], excludeUsers: ["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f"] },
            applications: { includeApplications: ["cc15fd57-2c6c-4117-a88c-83b1d56b4bbe", "00000002-0000-0ff1-ce00-000000000000"] },
            clientAppTypes: ["mobileAppsAndDesktopClients"],
            platforms: { includePlatforms: ["windows"] },
        },
        sessionControls: { secureSignInSession: { isEnabled: true } },
    };
    // What Graph answers for the same policy: nulls, empty lists, annotations, timestamps, other order.
    const answered = {
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies/$entity",
        id: "5a1e0c4b-0000-4000-8000-000000000001",
        templateId: null,
        createdDateTime: "2026-11-30T10:00:00Z",
        modifiedDateTime: null,
        displayName: "TP [pilot] Require token protection for sign-in sessions (Windows)",
        state: "enabled",
        conditions: {
            userRiskLevels: [],
            signInRiskLevels: [],
            clientAppTypes: ["mobileAppsAndDesktopClients"],
            locations: null,
            devices: null,
            applications: { includeApplications: ["00000002-0000-0ff1-ce00-000000000000", "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe"], excludeApplications: [], includeUserActions: [] },
            users: { includeUsers: [], excludeUsers: ["3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"], includeGroups: [], excludeGroups: [], includeRoles: ["62e90394-69f5-4237-9190-012177145e10"], excludeRoles: [] },
            platforms: { includePlatforms: ["windows"], excludePlatforms: [] },
        },
        grantControls: { operator: "OR", builtInControls: [], customAuthenticationFactors: [], termsOfUse: [] },
        sessionControls: { applicationEnforcedRestrictions: null, cloudAppSecurity: null, persistentBrowser: null, signInFrequency: null, secureSignInSession: { isEnabled: true } },
    };

    it("treats Graph's answer and the declared body as the same policy", () => {
        assert.deepEqual(changedFields(declared, answered), []);
        assert.deepEqual(normalizePolicy(answered), normalizePolicy(declared));
    });

    it("sees a state change, and only that", () => {
        assert.deepEqual(changedFields({ ...declared, state: "enabledForReportingButNotEnforced" }, answered), ["state"]);
    });

    it("sees a grant control that really requires something", () => {
        assert.deepEqual(changedFields(declared, { ...answered, grantControls: { operator: "OR", builtInControls: ["mfa"] } }), ["grantControls"]);
    });
});

describe("azuread mapping", () => {
    const body: CaPolicyBody = {
        displayName: "TP [pilot] Require device compliance for known platforms",
        state: "enabled",
        conditions: {
            users: { includeGroups: ["2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b"], excludeUsers: ["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"], excludeRoles: ["d29b2b05-8046-44ba-8758-1e26182fcf32"] },
            applications: { includeApplications: ["All"] },
            clientAppTypes: ["all"],
            platforms: { includePlatforms: ["android", "iOS", "windows", "macOS", "linux"] },
            devices: { deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "AzureAD"' } },
        },
        grantControls: { operator: "OR", builtInControls: ["compliantDevice"] },
    };

    it("maps Graph names to azuread's and back without loss", () => {
        const props = toAzureadProps(body);
        assert.deepEqual(props.conditions.users, { includedGroups: body.conditions.users.includeGroups, excludedUsers: body.conditions.users.excludeUsers, excludedRoles: body.conditions.users.excludeRoles });
        assert.deepEqual(props.conditions.devices, { filter: { mode: "exclude", rule: 'device.trustType -eq "AzureAD"' } });
        assert.deepEqual(fromAzureadProps(props), body);
    });
});

describe("display names", () => {
    it("round-trips the stack and kind the package puts in a policy's name", () => {
        for (const kind of ["tokenProtection", "tokenProtectionApple", "blockUnknownPlatforms", "requireCompliance"] as const) {
            assert.deepEqual(parsePolicyDisplayName(policyDisplayName("expansion-emea", kind)), { stack: "expansion-emea", kind });
        }
        assert.equal(parsePolicyDisplayName("CA001 Require MFA for admins"), undefined);
    });
});
