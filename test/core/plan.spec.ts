// The three committed stacks, run through the real program under Pulumi's mocks: the exact resources each
// declares and the exact Graph beta body of every Conditional Access policy.
import assert from "node:assert/strict";
import { planStack } from "../../cli/plan";

const breakGlass = ["3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"];
const exchange = "00000002-0000-0ff1-ce00-000000000000";
const sharePoint = "00000003-0000-0ff1-ce00-000000000000";
const teams = "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe";
const windowsAppResources = ["9cdead84-a844-4324-93f2-b2e6bb768d07", "0af06dc6-e4b5-4f28-818e-e78e62d137a5", "270efc09-cd0d-444b-a71f-39af4910ec45"];
const dirSyncRole = "d29b2b05-8046-44ba-8758-1e26182fcf32";
const unsupportedDevicesRule =
    '(device.systemLabels -contains "CloudPC" -and device.trustType -eq "AzureAD")' +
    ' -or (device.systemLabels -contains "AzureVirtualDesktop" -and device.trustType -eq "AzureAD")' +
    ' -or (device.systemLabels -contains "MicrosoftPowerAutomate" -and device.trustType -eq "AzureAD")' +
    ' -or (device.profileType -eq "SecureVM" -and device.trustType -eq "AzureAD")';
const knownPlatforms = ["android", "iOS", "windows", "macOS", "linux"];

function blockUnknown(stack: string, state: string, users: object) {
    return {
        displayName: `TP [${stack}] Block access from unknown platforms`,
        state,
        conditions: {
            users,
            applications: { includeApplications: ["All"] },
            clientAppTypes: ["all"],
            platforms: { includePlatforms: ["all"], excludePlatforms: knownPlatforms },
        },
        grantControls: { operator: "OR", builtInControls: ["block"] },
    };
}

function requireCompliance(stack: string, state: string, users: object, platforms: string[]) {
    return {
        displayName: `TP [${stack}] Require device compliance for known platforms`,
        state,
        conditions: {
            users: { ...users, excludeRoles: [dirSyncRole] },
            applications: { includeApplications: ["All"] },
            clientAppTypes: ["all"],
            platforms: { includePlatforms: platforms },
        },
        grantControls: { operator: "OR", builtInControls: ["compliantDevice"] },
    };
}

describe("offline plan of the committed stacks", () => {
    it("report-only: the shared foundation, Windows and Apple Token Protection and companions, all report-only, for everyone", async () => {
        const plan = await planStack("report-only");
        assert.deepEqual(plan.resources, [
            { type: "azure-native:aadiam:DiagnosticSetting", name: "sign-in-logs-diagnostic-setting" },
            { type: "azure-native:applicationinsights:Workbook", name: "sign-in-logs-workbook" },
            { type: "azure-native:monitor:ActionGroup", name: "break-glass-action-group" },
            { type: "azure-native:monitor:ScheduledQueryRule", name: "break-glass-sign-in-alert" },
            ...["bound-wouldblock-by-app", "bound-wouldblock-by-user", "break-glass-sign-ins", "coverage", "daily-trend", "devices-behind-1003", "unbound-by-status-code"]
                .map((id) => ({ type: "azure-native:operationalinsights:SavedSearch", name: `sign-in-logs-query-${id}` })),
            { type: "azure-native:operationalinsights:Table", name: "sign-in-logs-AADNonInteractiveUserSignInLogs" },
            { type: "azure-native:operationalinsights:Table", name: "sign-in-logs-SigninLogs" },
            { type: "azure-native:operationalinsights:Workspace", name: "sign-in-logs-workspace" },
            { type: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy", name: "companions-block-unknown-platforms" },
            { type: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy", name: "companions-require-compliance" },
            { type: "pulumi-nodejs:dynamic/token-protection:ConditionalAccessPolicy", name: "token-protection-apple" },
            { type: "pulumi-nodejs:dynamic/token-protection:ConditionalAccessPolicy", name: "token-protection-windows" },
            { type: "token-protection:components:BreakGlass", name: "break-glass" },
            { type: "token-protection:components:CompanionPolicies", name: "companions" },
            { type: "token-protection:components:PilotGroups", name: "wave-population" },
            { type: "token-protection:components:SignInLogWorkspace", name: "sign-in-logs" },
            { type: "token-protection:components:TokenProtectionPolicy", name: "token-protection" },
        ]);
        const users = { includeUsers: ["All"], excludeUsers: breakGlass };
        assert.deepEqual(plan.conditionalAccessPolicies, [
            {
                name: "token-protection-windows",
                kind: "tokenProtection",
                body: {
                    displayName: "TP [report-only] Require token protection for sign-in sessions (Windows)",
                    state: "enabledForReportingButNotEnforced",
                    conditions: {
                        users,
                        applications: { includeApplications: [exchange, sharePoint, teams, ...windowsAppResources] },
                        clientAppTypes: ["mobileAppsAndDesktopClients"],
                        platforms: { includePlatforms: ["windows"] },
                        devices: { deviceFilter: { mode: "exclude", rule: unsupportedDevicesRule } },
                    },
                    sessionControls: { secureSignInSession: { isEnabled: true } },
                },
            },
            {
                name: "token-protection-apple",
                kind: "tokenProtectionApple",
                body: {
                    displayName: "TP [report-only] Require token protection for sign-in sessions (Apple preview)",
                    state: "enabledForReportingButNotEnforced",
                    conditions: {
                        users,
                        applications: { includeApplications: [exchange, sharePoint] },
                        clientAppTypes: ["mobileAppsAndDesktopClients"],
                        platforms: { includePlatforms: ["iOS", "macOS"] },
                    },
                    sessionControls: { secureSignInSession: { isEnabled: true } },
                },
            },
            { name: "companions-block-unknown-platforms", kind: "blockUnknownPlatforms", body: blockUnknown("report-only", "enabledForReportingButNotEnforced", users) },
            // Report-only compliance leaves out the platforms that would be prompted for a device certificate.
            { name: "companions-require-compliance", kind: "requireCompliance", body: requireCompliance("report-only", "enabledForReportingButNotEnforced", users, ["windows", "linux"]) },
        ]);
        assert.deepEqual(plan.warnings, []);
    });

    it("pilot: privileged roles plus the identity-team group the stack owns, everything enforced", async () => {
        const plan = await planStack("pilot");
        assert.deepEqual(plan.resources, [
            { type: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy", name: "companions-block-unknown-platforms" },
            { type: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy", name: "companions-require-compliance" },
            { type: "azuread:index/group:Group", name: "wave-population-group" },
            { type: "azuread:index/groupMember:GroupMember", name: "wave-population-member-5b1e2d3c-4a5f-4e6d-8c7b-9a0f1e2d3c4b" },
            { type: "azuread:index/groupMember:GroupMember", name: "wave-population-member-6c2f3e4d-5b6a-4f7e-9d8c-0b1a2f3e4d5c" },
            { type: "pulumi-nodejs:dynamic/token-protection:ConditionalAccessPolicy", name: "token-protection-windows" },
            { type: "token-protection:components:BreakGlass", name: "break-glass" },
            { type: "token-protection:components:CompanionPolicies", name: "companions" },
            { type: "token-protection:components:PilotGroups", name: "wave-population" },
            { type: "token-protection:components:TokenProtectionPolicy", name: "token-protection" },
        ]);
        const users = {
            includeGroups: ['<id of group "TP [pilot] wave population">'],
            includeRoles: ["62e90394-69f5-4237-9190-012177145e10", "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "194ae4cb-b126-40b2-bd5b-6091b380977d"],
            excludeUsers: breakGlass,
        };
        assert.deepEqual(plan.conditionalAccessPolicies, [
            {
                name: "token-protection-windows",
                kind: "tokenProtection",
                body: {
                    displayName: "TP [pilot] Require token protection for sign-in sessions (Windows)",
                    state: "enabled",
                    conditions: {
                        users,
                        applications: { includeApplications: [exchange, sharePoint, teams] },
                        clientAppTypes: ["mobileAppsAndDesktopClients"],
                        platforms: { includePlatforms: ["windows"] },
                        devices: { deviceFilter: { mode: "exclude", rule: unsupportedDevicesRule } },
                    },
                    sessionControls: { secureSignInSession: { isEnabled: true } },
                },
            },
            { name: "companions-block-unknown-platforms", kind: "blockUnknownPlatforms", body: blockUnknown("pilot", "enabled", users) },
            { name: "companions-require-compliance", kind: "requireCompliance", body: requireCompliance("pilot", "enabled", users, knownPlatforms) },
        ]);
    });

    it("expansion: a knowledge-worker group, enforced, with Windows App resources and the Autopilot exclusion", async () => {
        const plan = await planStack("expansion");
        assert.deepEqual(plan.resources, [
            { type: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy", name: "companions-block-unknown-platforms" },
            { type: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy", name: "companions-require-compliance" },
            { type: "pulumi-nodejs:dynamic/token-protection:ConditionalAccessPolicy", name: "token-protection-windows" },
            { type: "token-protection:components:BreakGlass", name: "break-glass" },
            { type: "token-protection:components:CompanionPolicies", name: "companions" },
            { type: "token-protection:components:PilotGroups", name: "wave-population" },
            { type: "token-protection:components:TokenProtectionPolicy", name: "token-protection" },
        ]);
        const users = { includeGroups: ["2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b"], excludeUsers: breakGlass };
        assert.deepEqual(plan.conditionalAccessPolicies, [
            {
                name: "token-protection-windows",
                kind: "tokenProtection",
                body: {
                    displayName: "TP [expansion] Require token protection for sign-in sessions (Windows)",
                    state: "enabled",
                    conditions: {
                        users,
                        applications: { includeApplications: [exchange, sharePoint, teams, ...windowsAppResources] },
                        clientAppTypes: ["mobileAppsAndDesktopClients"],
                        platforms: { includePlatforms: ["windows"] },
                        devices: {
                            deviceFilter: {
                                mode: "exclude",
                                rule: `${unsupportedDevicesRule} -or (device.enrollmentProfileName -eq "Autopilot self-deployment profile")`,
                            },
                        },
                    },
                    sessionControls: { secureSignInSession: { isEnabled: true } },
                },
            },
            { name: "companions-block-unknown-platforms", kind: "blockUnknownPlatforms", body: blockUnknown("expansion", "enabled", users) },
            { name: "companions-require-compliance", kind: "requireCompliance", body: requireCompliance("expansion", "enabled", users, knownPlatforms) },
        ]);
    });
});
