// Bad stack config: one clear error naming the key, the value and what is allowed, and nothing registered.
import assert from "node:assert/strict";
import { parseWaveConfig } from "../../components/config";
import { readProject, readStackConfig } from "../../components/stackConfig";
import { projectRoot, RecordedResource, runProgram } from "../../cli/program";

const pilotConfig = () => readStackConfig(readProject(projectRoot), "pilot");

async function expectRejected(stack: string, config: Record<string, string>, message: string): Promise<void> {
    const registered: RecordedResource[] = [];
    await assert.rejects(runProgram(stack, { config, record: registered }), (err: Error) => {
        assert.equal(err.name, "ConfigError");
        assert.equal(err.message, message);
        return true;
    });
    assert.equal(registered.length, 0, "no resource may be registered when the config is bad");
}

describe("stack config validation", () => {
    it("rejects a malformed GUID, naming the nested key", async () => {
        const config = { ...pilotConfig(), "token-protection:breakGlassUserIds": '["3f0d2c1e-8b7a-4c6d-9e5f", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"]' };
        await expectRejected("pilot", config,
            'token-protection:breakGlassUserIds[0] is "3f0d2c1e-8b7a-4c6d-9e5f"; allowed: an object ID (GUID) like 00000000-0000-0000-0000-000000000000');
    });

    it("rejects an unknown enforcement value", async () => {
        await expectRejected("pilot", { ...pilotConfig(), "token-protection:enforcement": "enforce" },
            'token-protection:enforcement is "enforce"; allowed: reportOnly | enforced | off');
    });

    it("rejects enforcement without a report-only start date", async () => {
        const config = pilotConfig();
        delete config["token-protection:reportOnlySince"];
        await expectRejected("pilot", config,
            "token-protection:reportOnlySince is not set; required when token-protection:enforcement is enforced: the date (YYYY-MM-DD) this population's report-only soak began");
    });

    it("rejects a stack with no break-glass account", async () => {
        await expectRejected("pilot", { ...pilotConfig(), "token-protection:breakGlassUserIds": "[]" },
            "token-protection:breakGlassUserIds is []; allowed: at least one emergency-access account object ID (two recommended)");
    });

    it("rejects an empty scope", async () => {
        await expectRejected("pilot", { ...pilotConfig(), "token-protection:scope": "{}" },
            "token-protection:scope is empty; allowed: at least one of groupIds, roleTemplateIds, userIds, memberUserIds, or allUsers: true");
    });

    it("rejects all users in the pilot wave", async () => {
        await expectRejected("pilot", { ...pilotConfig(), "token-protection:scope": '{"allUsers": true}' },
            "token-protection:scope.allUsers is true; not allowed in the pilot wave: scope the pilot to privileged roles (roleTemplateIds) or a pilot group");
    });

    it("rejects all users in a stack whose wave setting says pilot, whatever the stack is called", async () => {
        const config = { ...pilotConfig(), "token-protection:wave": "pilot", "token-protection:scope": '{"allUsers": true}' };
        await expectRejected("pilot-emea", config,
            "token-protection:scope.allUsers is true; not allowed in the pilot wave: scope the pilot to privileged roles (roleTemplateIds) or a pilot group");
    });

    it("requires a wave when the stack name is not one", async () => {
        await expectRejected("expansion-2", pilotConfig(),
            'token-protection:wave is not set and the stack name "expansion-2" is not a wave; allowed: report-only | pilot | expansion');
    });

    it("reports every problem of a config at once, one line each", async () => {
        const config = { ...pilotConfig(), "token-protection:enforcement": "on", "token-protection:scope": '{"roleTemplateIds": ["GA"], "everyone": true}' };
        await expectRejected("pilot", config, [
            'token-protection:enforcement is "on"; allowed: reportOnly | enforced | off',
            'token-protection:scope.roleTemplateIds[0] is "GA"; allowed: an object ID (GUID) like 00000000-0000-0000-0000-000000000000',
            "token-protection:scope has unknown key(s) everyone; allowed: groupIds, roleTemplateIds, userIds, memberUserIds, allUsers, excludeGuests",
        ].join("\n"));
    });

    it("rejects YAML that is not an object where one is expected", async () => {
        await expectRejected("pilot", { ...pilotConfig(), "token-protection:scope": "pilot-group" },
            'token-protection:scope is "pilot-group"; allowed: a YAML object or list');
    });

    it("rejects a break-glass account inside the wave's scope", async () => {
        const config = { ...pilotConfig(), "token-protection:scope": '{"userIds": ["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"]}' };
        await expectRejected("pilot", config,
            "token-protection:scope includes break-glass account 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d; allowed: break-glass accounts only in token-protection:breakGlassUserIds, never in a wave's scope");
    });

    it("rejects workspace retention below the 30 days the portal already keeps", async () => {
        const config = { ...pilotConfig(), "token-protection:logAnalytics": '{"resourceGroupName": "rg", "location": "westeurope", "retentionDays": 14}' };
        await expectRejected("pilot", config,
            "token-protection:logAnalytics.retentionDays is 14; allowed: a whole number of days from 30 to 730 (the portal already keeps 30)");
    });

    it("rejects an impossible or future soak start date", () => {
        const base = { enforcement: "enforced", scope: '{"groupIds": ["2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b"]}', breakGlassUserIds: '["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"]' };
        const today = new Date("2026-12-04T12:00:00Z");
        assert.throws(() => parseWaveConfig("expansion", { ...base, reportOnlySince: "2026-02-30" }, today),
            { name: "ConfigError", message: 'token-protection:reportOnlySince is "2026-02-30"; allowed: a real calendar date as YYYY-MM-DD' });
        assert.throws(() => parseWaveConfig("expansion", { ...base, reportOnlySince: "2026-12-05" }, today),
            { name: "ConfigError", message: 'token-protection:reportOnlySince is "2026-12-05"; allowed: a date that is not in the future' });
    });

    it("rejects device exclusions that build a filter longer than Entra's 3,072 characters", () => {
        const names = Array.from({ length: 80 }, (_, i) => `Autopilot self-deploying kiosk profile ${i}`);
        const raw = {
            enforcement: "reportOnly",
            scope: '{"allUsers": true}',
            breakGlassUserIds: '["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"]',
            deviceExclusions: JSON.stringify({ autopilotProfileNames: names }),
        };
        assert.throws(() => parseWaveConfig("report-only", raw), { name: "ConfigError", message: "token-protection:deviceExclusions builds a 6974-character device filter; allowed: at most 3072 characters (Entra's limit)" });
    });

    it("applies the defaults: wave from the stack name, companions follow enforcement, all four device kinds excluded", () => {
        const config = parseWaveConfig("expansion", {
            enforcement: "reportOnly",
            scope: '{"groupIds": ["2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b"]}',
            breakGlassUserIds: '["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"]',
            companions: '{"requireCompliance": "off"}',
        });
        assert.equal(config.wave, "expansion");
        assert.deepEqual(config.companions, { blockUnknownPlatforms: "reportOnly", requireCompliance: "off" });
        assert.deepEqual(config.deviceExclusions, { cloudPc: true, avdSessionHosts: true, powerAutomateHosted: true, azureVmLogin: true, autopilotProfileNames: [], customRules: [] });
        assert.equal(config.windowsApp, false);
        assert.equal(config.applePreview, false);
    });
});
