// Properties of the real program over any valid config: the lockout and trap guarantees hold for every
// combination an operator can write, not only for the three committed stacks.
import assert from "node:assert/strict";
import fc from "fast-check";
import { planFromRun } from "../../cli/plan";
import { runProgram } from "../../cli/program";
import { isTokenProtectionPolicy } from "../../model/conditionalAccess";

const enforcement = fc.constantFrom("reportOnly", "enforced", "off");
const ids = (max: number) => fc.uniqueArray(fc.uuid(), { maxLength: max });

const waveConfig = fc.record({
    wave: fc.constantFrom("report-only", "pilot", "expansion"),
    enforcement,
    breakGlassUserIds: fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 3 }),
    scope: fc.record({ groupIds: ids(3), roleTemplateIds: ids(3), userIds: ids(2), memberUserIds: ids(2), allUsers: fc.boolean(), excludeGuests: fc.boolean() }),
    windowsApp: fc.boolean(),
    applePreview: fc.boolean(),
    deviceExclusions: fc.record({
        cloudPc: fc.boolean(),
        avdSessionHosts: fc.boolean(),
        powerAutomateHosted: fc.boolean(),
        azureVmLogin: fc.boolean(),
        autopilotProfileNames: fc.array(fc.constantFrom("Kiosk", "Autopilot self-deployment profile", "Shared PCs"), { maxLength: 2 }),
    }),
    companions: fc.record({ blockUnknownPlatforms: enforcement, requireCompliance: enforcement }, { requiredKeys: [] }),
}).filter((c) => {
    const hasScope = c.scope.allUsers || c.scope.groupIds.length + c.scope.roleTemplateIds.length + c.scope.userIds.length + c.scope.memberUserIds.length > 0;
    const breakGlassInScope = c.breakGlassUserIds.some((id) => c.scope.userIds.includes(id) || c.scope.memberUserIds.includes(id));
    return hasScope && !breakGlassInScope && !(c.wave === "pilot" && c.scope.allUsers);
});

function rawConfig(c: typeof waveConfig extends fc.Arbitrary<infer T> ? T : never): Record<string, string> {
    const ns = "token-protection";
    const raw: Record<string, string> = {
        [`${ns}:enforcement`]: c.enforcement,
        [`${ns}:breakGlassUserIds`]: JSON.stringify(c.breakGlassUserIds),
        [`${ns}:scope`]: JSON.stringify(c.scope),
        [`${ns}:windowsApp`]: String(c.windowsApp),
        [`${ns}:applePreview`]: String(c.applePreview),
        [`${ns}:deviceExclusions`]: JSON.stringify({ ...c.deviceExclusions, customRules: [] }),
        [`${ns}:companions`]: JSON.stringify(c.companions),
    };
    if (c.enforcement === "enforced") {
        raw[`${ns}:reportOnlySince`] = "2026-10-01";
    }
    return raw;
}

describe("properties of every valid config", () => {
    it("every CA policy excludes every break-glass account; Token Protection never targets Office365, All or browsers", async () => {
        await fc.assert(fc.asyncProperty(waveConfig, async (c) => {
            const plan = planFromRun(await runProgram(c.wave, { config: rawConfig(c) }));
            assert.ok(plan.conditionalAccessPolicies.length >= 3, "Token Protection and both companions are always declared");
            for (const { body } of plan.conditionalAccessPolicies) {
                for (const id of c.breakGlassUserIds) {
                    assert.ok(body.conditions.users.excludeUsers?.includes(id), `${body.displayName} must exclude break-glass ${id}`);
                    for (const include of [body.conditions.users.includeUsers ?? [], body.conditions.users.includeGroups ?? []]) {
                        assert.ok(!include.includes(id), `${body.displayName} must not include break-glass ${id}`);
                    }
                }
                if (isTokenProtectionPolicy(body)) {
                    const apps = body.conditions.applications.includeApplications;
                    assert.ok(!apps.includes("Office365") && !apps.includes("All"), `${body.displayName} targets ${apps.join(", ")}`);
                    assert.deepEqual(body.conditions.clientAppTypes, ["mobileAppsAndDesktopClients"]);
                }
            }
        }), { numRuns: 60 });
    });
});
