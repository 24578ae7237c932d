// The adapter between the rules and @pulumi/policy: context from the stack in the URN, proxied props,
// values unknown during preview.
import * as assert from "assert";
import * as path from "path";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { crossGuardPolicies, resolveProps } from "../../policypack/crossguard";
import { ruleNames } from "../../policypack/rules";
import { unknownValue } from "../../policypack/rules/read";
import { tpCompanionPolicies } from "../../policypack/rules/tpCompanionPolicies";
import { tpSignInLogsExported } from "../../policypack/rules/tpSignInLogsExported";
import { assertNotApplicable, assertViolations, runResourcePolicy, runStackPolicy, unknown } from "../support/analyzerArgs";
import { azureadPolicyType, azureadProps, breakGlassIds, complianceBody, context, crossGuardStackOf, graphPolicyType, graphProps, mutate, today, windowsBody } from "./fixtures";

const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy") as { unknownCheckingProxy: <T>(value: T) => T; UnknownValueError: new () => Error };
const isUnknownValueError = (err: unknown) => err instanceof UnknownValueError;
const projectDir = path.resolve(__dirname, "..", "..");
const byName = (name: string) => crossGuardPolicies({ projectDir, now: () => today }).find((p) => p.name === name)!;

describe("policypack/crossguard.ts", () => {
    it("serves every rule under its public name, at its default level", () => {
        const policies = crossGuardPolicies({ projectDir });
        assert.deepStrictEqual(policies.map((p) => [p.name, p.enforcementLevel]), ruleNames.map((name) => [name, ["tp-guest-users", "tp-exo-powershell-version", "tp-rollback-owner"].includes(name) ? "advisory" : "mandatory"]));
        assert.deepStrictEqual(policies.filter((p) => "validateStack" in p).map((p) => p.name), ["tp-companion-policies", "tp-sign-in-logs-exported"]);
    });

    describe("resolveProps", () => {
        it("copies proxied props, marking values unknown during preview", () => {
            const proxied = unknownCheckingProxy({ a: [1, unknown, { b: unknown }], c: unknown, d: null, e: "x" });
            assert.deepStrictEqual(resolveProps(proxied), { a: [1, unknownValue, { b: unknownValue }], c: unknownValue, d: null, e: "x" });
        });

        it("survives .map/.filter habits on proxied arrays (pulumi-policy#445)", () => {
            const proxied = unknownCheckingProxy({ list: ["x", "y"] });
            const resolved = resolveProps(proxied) as { list: string[] };
            assert.deepStrictEqual(resolved.list.filter((v) => v !== "x").map((v) => v.toUpperCase()), ["Y"]);
        });
    });

    describe("context from the stack in the URN", () => {
        const policy = () => byName("ca-break-glass-excluded") as ResourceValidationPolicy;
        const missingSecond = mutate(windowsBody(), (b) => (b.conditions.users.excludeUsers = [breakGlassIds[0]]));

        it("reads the committed config of the stack the resource belongs to", async () => {
            const outcome = await runResourcePolicy(policy(), graphPolicyType, graphProps(missingSecond), { stack: "expansion" });
            assert.strictEqual(outcome.violations.length, 1);
            assert.match(outcome.violations[0], /does not exclude 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\./);
        });

        it("fails loudly for a stack of this project without committed config", async () => {
            await assert.rejects(runResourcePolicy(policy(), graphPolicyType, graphProps(windowsBody()), { stack: "staging" }), { name: "StackConfigError", message: /stack "staging" has no config file/ });
        });

        it("knows nothing but pack config for a resource of another project", async () => {
            // The pack sees this repository's stacks; the URN names project token-protection, the directory another one.
            const foreign = crossGuardPolicies({ projectDir: path.join(projectDir, "test", "policypack", "foreign-project"), now: () => today })
                .find((p) => p.name === "ca-break-glass-excluded") as ResourceValidationPolicy;
            const props = graphProps(missingSecond);
            assertViolations(await runResourcePolicy(foreign, graphPolicyType, props), []);
            const withIds = await runResourcePolicy(foreign, graphPolicyType, props, { config: { breakGlassUserIds: breakGlassIds } });
            assert.strictEqual(withIds.violations.length, 1);
            assert.match(withIds.violations[0], /does not exclude 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\./);
        });
    });

    describe("values unknown during preview", () => {
        it("lets CrossGuard report \"can't run\" when a policy body is unknown as a whole", async () => {
            await assert.rejects(runResourcePolicy(byName("tp-resources-specific") as ResourceValidationPolicy, graphPolicyType, { body: unknown }), isUnknownValueError);
            await assert.rejects(runResourcePolicy(byName("ca-break-glass-excluded") as ResourceValidationPolicy, azureadPolicyType, { displayName: "x", state: "enabled", conditions: unknown }), isUnknownValueError);
        });

        it("keeps stack rules that do not read policies running when a policy is unknown", async () => {
            const resources = [{ type: graphPolicyType, name: "token-protection-windows", props: { body: unknown } }];
            assertNotApplicable(await runStackPolicy(crossGuardStackOf(tpSignInLogsExported, context()), resources), "the stack does not own the sign-in log workspace");
            await assert.rejects(runStackPolicy(crossGuardStackOf(tpCompanionPolicies, context()), resources), isUnknownValueError);
        });

        it("reads an azuread policy around an unknown nested object", async () => {
            const props = mutate(azureadProps(complianceBody()), (p) => (p.conditions.users = unknown));
            assertViolations(await runResourcePolicy(byName("ca-break-glass-excluded") as ResourceValidationPolicy, azureadPolicyType, props), []);
        });
    });
});
