// What the two front ends share: the resource mapping, the context, and pack config as Pulumi applies it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as azuread from "@pulumi/azuread";
import { parseUrn, waveOfDisplayName, withOverrides } from "../../policypack/context";
import { defaultPackConfig, loadPackConfig, packConfigFileOfWave, reconcilePackConfig } from "../../policypack/packConfig";
import { azureadPolicyType, graphBodyOfAzureadProps } from "../../policypack/resources";
import { ruleNames } from "../../policypack/rules";
import { unknownValue } from "../../policypack/rules/read";
import { azureadProps, complianceBody, context } from "./fixtures";

const levelsOf = (config: ReturnType<typeof defaultPackConfig>) => Object.fromEntries(ruleNames.map((name) => [name, config[name].level]));
const advisories = ["tp-guest-users", "tp-exo-powershell-version", "tp-rollback-owner"];

describe("policypack shared pieces", () => {
    describe("resources", () => {
        it("keys on the azuread policy's type token, as @pulumi/azuread names it", () => {
            assert.strictEqual(azureadPolicyType, (azuread.ConditionalAccessPolicy as unknown as { __pulumiType: string }).__pulumiType);
        });

        it("maps azuread props to the same Graph body the package started from", () => {
            assert.deepStrictEqual(graphBodyOfAzureadProps(azureadProps(complianceBody())), complianceBody());
        });

        it("maps partial, null-laden azuread props without throwing", () => {
            assert.deepStrictEqual(graphBodyOfAzureadProps({ displayName: "x", state: "enabled", conditions: { users: null, applications: null, clientAppTypes: null, devices: { filter: null } } }), {
                displayName: "x",
                state: "enabled",
                conditions: { users: {}, applications: { includeApplications: [] }, clientAppTypes: undefined },
            });
            assert.deepStrictEqual(graphBodyOfAzureadProps({}), { displayName: undefined, state: undefined, conditions: { users: {}, applications: { includeApplications: [] }, clientAppTypes: undefined } });
        });

        it("keeps an object unknown as a whole unknown in the Graph body", () => {
            const body = graphBodyOfAzureadProps({ ...azureadProps(complianceBody()), grantControls: unknownValue }) as { grantControls: unknown; conditions: { users: unknown } };
            assert.strictEqual(body.grantControls, unknownValue);
            const users = graphBodyOfAzureadProps({ displayName: "x", state: "enabled", conditions: { users: unknownValue } }) as { conditions: { users: unknown } };
            assert.strictEqual(users.conditions.users, unknownValue);
        });
    });

    describe("context", () => {
        it("parses the stack and project out of a URN", () => {
            assert.deepStrictEqual(parseUrn("urn:pulumi:pilot::token-protection::token-protection:components:X$pulumi-nodejs:dynamic/token-protection:ConditionalAccessPolicy::token-protection-windows"), { stack: "pilot", project: "token-protection" });
            assert.strictEqual(parseUrn("not-a-urn"), undefined);
        });

        it("takes the wave of a policy the package named", () => {
            assert.deepStrictEqual(["TP [pilot] Block access from unknown platforms", "TP [staging] Block access from unknown platforms", "CA001 MFA"].map(waveOfDisplayName), ["pilot", undefined, undefined]);
        });

        it("applies pack config over the stack's context, device kinds field by field, ignoring wrong types", () => {
            const result = withOverrides(context(), { soakDays: 28, deviceExclusions: { cloudPc: false, azureVmLogin: "no" }, wave: "nope", applePreview: "yes" });
            assert.strictEqual(result.soakDays, 28);
            assert.deepStrictEqual(result.deviceExclusions, { cloudPc: false, avdSessionHosts: true, powerAutomateHosted: true, azureVmLogin: true, autopilotProfileNames: [] });
            assert.strictEqual(result.wave, "pilot");
            assert.strictEqual(result.applePreview, false);
        });
    });

    describe("pack config", () => {
        it("report-only.json makes every rule advisory", () => {
            assert.deepStrictEqual(levelsOf(loadPackConfig(packConfigFileOfWave("report-only"))), Object.fromEntries(ruleNames.map((name) => [name, "advisory"])));
        });

        it("pilot.json and expansion.json make the rules mandatory and keep the advisories advisory", () => {
            const expected = Object.fromEntries(ruleNames.map((name) => [name, advisories.includes(name) ? "advisory" : "mandatory"]));
            assert.deepStrictEqual(levelsOf(loadPackConfig(packConfigFileOfWave("pilot"))), expected);
            assert.deepStrictEqual(levelsOf(loadPackConfig(packConfigFileOfWave("expansion"))), expected);
            assert.deepStrictEqual(levelsOf(defaultPackConfig()), expected);
        });

        it("applies \"all\", then each rule's entry, with the schema's defaults, like the Pulumi CLI", () => {
            const config = reconcilePackConfig({ all: "disabled", "tp-report-only-soak": { enforcementLevel: "mandatory", soakDays: 28 }, "tp-sign-in-logs-exported": {} }, "x.json");
            assert.deepStrictEqual(config["tp-report-only-soak"], { level: "mandatory", properties: { soakDays: 28 } });
            assert.deepStrictEqual(config["tp-sign-in-logs-exported"], { level: "disabled", properties: { soakDays: 14 } });
            assert.strictEqual(reconcilePackConfig({ "tp-guest-users": "remediate" }, "x.json")["tp-guest-users"].level, "mandatory");
        });

        it("names the file and the bad entry", () => {
            const bad: [unknown, string][] = [
                [[], "x.json is not a JSON object of rule name to level or { enforcementLevel, ... }"],
                [{ all: "strict" }, 'x.json: "all" is "strict"; allowed: advisory | mandatory | remediate | disabled'],
                [{ "tp-resource-specific": "advisory" }, `x.json: "tp-resource-specific" is not a rule; rules: ${ruleNames.join(", ")}`],
                [{ "tp-report-only-soak": { soakDays: "28" } }, 'x.json: "tp-report-only-soak".soakDays is "28"; allowed: a JSON integer'],
                [{ "tp-report-only-soak": { soakdays: 28 } }, 'x.json: "tp-report-only-soak".soakdays is not a property of this rule; allowed: enforcementLevel, soakDays, reportOnlySince'],
                [{ "tp-pilot-scope": { wave: "canary" } }, 'x.json: "tp-pilot-scope".wave is "canary"; allowed: report-only | pilot | expansion'],
                [{ "tp-pilot-scope": 3 }, 'x.json: "tp-pilot-scope" is 3; allowed: a level or { enforcementLevel, ...properties }'],
            ];
            for (const [json, message] of bad) {
                assert.throws(() => reconcilePackConfig(json, "x.json"), { name: "InputError", message });
            }
            assert.throws(() => loadPackConfig("/nonexistent/pilot.json"), { name: "InputError", message: "cannot read /nonexistent/pilot.json: no such file" });
        });
    });

    it("README's rules table lists every rule with the levels the committed pack configs give", () => {
        const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("<!-- section: policypack -->"), readme.indexOf("<!-- /section: policypack -->"));
        const rows = section.split("\n").filter((line) => line.startsWith("| `")).map((line) => line.split("|").map((cell) => cell.trim()));
        const reportOnly = loadPackConfig(packConfigFileOfWave("report-only"));
        const pilot = loadPackConfig(packConfigFileOfWave("pilot"));
        assert.deepStrictEqual(rows.map((cells) => [/`([^`]+)`/.exec(cells[1])![1], cells[2], cells[3]]), ruleNames.map((name) => [name, reportOnly[name].level, pilot[name].level]));
    });
});
