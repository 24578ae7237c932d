import { strict as assert } from "assert";
import { AppIds, CaPolicyBody, RoleTemplateIds } from "../../model/conditionalAccess";
import { buildDeviceExclusionRule } from "../../model/deviceFilter";
import { fieldLine } from "../../ops/diffText";
import { Labeller } from "../../ops/labels";
import { policyFieldChanges } from "../../ops/policyChanges";

const allKinds = { cloudPc: true, avdSessionHosts: true, powerAutomateHosted: true, azureVmLogin: true, autopilotProfileNames: [], customRules: [] };

/** `rule` null: no device filter at all. */
function tokenProtection(overrides: Partial<CaPolicyBody> = {}, rule: string | null | undefined = buildDeviceExclusionRule(allKinds)): CaPolicyBody {
    return {
        displayName: "TP [pilot] Require token protection for sign-in sessions (Windows)",
        state: "enabledForReportingButNotEnforced",
        conditions: {
            users: {
                includeGroups: ["<id of group \"TP [pilot] wave population\">"],
                includeRoles: [RoleTemplateIds.globalAdministrator],
                excludeUsers: ["3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f"],
            },
            applications: { includeApplications: [AppIds.exchangeOnline, AppIds.sharePointOnline, AppIds.teamsServices] },
            clientAppTypes: ["mobileAppsAndDesktopClients"],
            platforms: { includePlatforms: ["windows"] },
            ...(rule ? { devices: { deviceFilter: { mode: "exclude" as const, rule } } } : {}),
        },
        sessionControls: { secureSignInSession: { isEnabled: true } },
        ...overrides,
    };
}

const lines = (before: CaPolicyBody, after: CaPolicyBody, labeller = new Labeller()) =>
    policyFieldChanges(before, after, labeller).map((c) => `${c.enforcement ? "! " : ""}${fieldLine(c)}`);

describe("ops: policy field changes", () => {
    it("puts the state first and flags it as an enforcement change", () => {
        const after = tokenProtection({ state: "enabled", conditions: { ...tokenProtection().conditions, clientAppTypes: ["mobileAppsAndDesktopClients", "browser"] } });
        assert.deepEqual(lines(tokenProtection(), after), [
            "! state: report-only -> enforced",
            "clientAppTypes: + Browser",
        ]);
    });

    it("sees no change when only the order or the GUID case differs (canonical form)", () => {
        const reordered = tokenProtection();
        reordered.conditions.applications.includeApplications = [AppIds.teamsServices.toUpperCase(), AppIds.exchangeOnline, AppIds.sharePointOnline];
        assert.deepEqual(lines(tokenProtection(), reordered), []);
    });

    it("names groups, roles and apps: created groups, role names, app names and stack-file comments", () => {
        const labeller = new Labeller(new Map([["2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b", "Identity team"]]));
        const after = tokenProtection();
        after.conditions.users = {
            includeGroups: ["2D4F6A8C-1B3D-4E5F-8A7B-9C0D1E2F3A4B"],
            includeRoles: [RoleTemplateIds.globalAdministrator, RoleTemplateIds.conditionalAccessAdministrator],
            excludeUsers: ["3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"],
        };
        after.conditions.applications.includeApplications.push(AppIds.windows365);
        assert.deepEqual(lines(tokenProtection(), after, labeller), [
            "includeGroups: - group \"TP [pilot] wave population\" (created by the stack)",
            "includeGroups: + Identity team (2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b)",
            "includeRoles: + Conditional Access Administrator (b1be1c3e-b65d-4f19-8427-f6fa0d97feb9)",
            "excludeUsers: + 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "includeApplications: + Windows 365 (0af06dc6-e4b5-4f28-818e-e78e62d137a5)",
        ]);
    });

    it("describes a device filter change by kind, Autopilot profile and verbatim custom clause", () => {
        const after = tokenProtection({}, buildDeviceExclusionRule({
            ...allKinds, cloudPc: false, autopilotProfileNames: ["Kiosk"], customRules: ["device.displayName -startsWith \"LAB-\""],
        }));
        assert.deepEqual(lines(tokenProtection(), after), [
            "device filter: - Cloud PC",
            "device filter: + Autopilot profile \"Kiosk\"",
            "device filter: + rule device.displayName -startsWith \"LAB-\"",
        ]);
        assert.deepEqual(lines(tokenProtection({}, null), tokenProtection()), [
            "device filter: + Cloud PC",
            "device filter: + AVD session hosts",
            "device filter: + Power Automate hosted machines",
            "device filter: + Azure VMs with Entra login",
        ]);
    });

    it("reports the session control, guests, grant and any field it has no words for", () => {
        const before = tokenProtection();
        const after: CaPolicyBody = {
            ...tokenProtection({ grantControls: { operator: "OR", builtInControls: ["block"] } }),
        };
        after.sessionControls = { secureSignInSession: { isEnabled: false }, signInFrequency: { isEnabled: true, type: "hours", value: 4 } } as never;
        after.conditions.users.excludeGuestsOrExternalUsers = {
            guestOrExternalUserTypes: "internalGuest,b2bCollaborationGuest" as never,
            externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
        };
        (after as unknown as { conditions: Record<string, unknown> }).conditions.signInRiskLevels = ["high"];
        assert.deepEqual(lines(before, after), [
            "session control \"Require token protection for sign-in sessions\": on -> off",
            "grant: + Block access",
            "guests and external users: not excluded -> excluded (b2bCollaborationGuest, internalGuest)",
            "sessionControls.signInFrequency.isEnabled: (none) -> true",
            "sessionControls.signInFrequency.type: (none) -> \"hours\"",
            "sessionControls.signInFrequency.value: (none) -> 4",
        ]);
        // signInRiskLevels is outside the managed conditions (model/normalize.ts): not a change the package makes.
        const renamed = tokenProtection({ displayName: "TP [pilot] renamed" });
        assert.deepEqual(lines(before, renamed), ["displayName: TP [pilot] Require token protection for sign-in sessions (Windows) -> TP [pilot] renamed"]);
    });
});
