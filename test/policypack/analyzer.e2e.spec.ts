// End to end as the Pulumi CLI runs the pack: policypack/ served by @pulumi/pulumi's run-policy-pack,
// driven over gRPC with the resources the real program registers for each stack (type, name, URN, parent,
// options, inputs) and the wave's committed pack config. Each committed stack passes; seeded traps fail
// with the expected rules and levels, and `tp-rollout check`'s engine agrees with the pack on each of them.
import * as assert from "assert";
import { contextFromWaveConfig } from "../../policypack/context";
import { checkResources } from "../../policypack/engine";
import { loadPackConfig, packConfigFileOfWave } from "../../policypack/packConfig";
import { rules } from "../../policypack/rules";
import { loadWaveConfig, readProject } from "../../components/stackConfig";
import { ProgramRun, projectRoot, runProgram } from "../../cli/program";
import { Diagnostic, engineResource, EngineResource, previewWithPack, repoRoot, RunningPack, startPolicyPack, unknownSentinel } from "../support/analyzerHarness";

type Edit = (props: any) => void;
/** [rule, level, resource name, a phrase of the message] */
type Expected = [string, "mandatory" | "advisory", string, string];

const waves = ["report-only", "pilot", "expansion"] as const;
const packConfigOf = (wave: string) => require(packConfigFileOfWave(wave)) as Record<string, unknown>;
const descriptionOf = (rule: string) => rules.find((r) => r.name === rule)!.description;
const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** The stack's resources as the engine sends them, with per-resource edits (a seeded trap). */
function engineResources(run: ProgramRun, edits: Record<string, Edit> = {}, drop: string[] = []): EngineResource[] {
    return run.resources.filter((r) => r.custom && !drop.includes(r.name)).map((recorded) => {
        const resource = engineResource(recorded);
        edits[recorded.name]?.(resource.props);
        return resource;
    });
}

/** Each expected diagnostic matched once, nothing left over; messages start with the rule's description. */
function assertDiagnostics(diagnostics: Diagnostic[], expected: Expected[]): void {
    const left = [...diagnostics];
    const describe = (d: Diagnostic) => `${d.policyName} ${d.enforcementLevel} ${d.urn.split("::").pop()}: ${d.message}`;
    for (const [rule, level, resource, phrase] of expected) {
        const i = left.findIndex((d) => d.policyName === rule && d.enforcementLevel === level && d.urn.endsWith(`::${resource}`) && d.message.includes(phrase));
        assert.ok(i >= 0, `no ${level} ${rule} on ${resource} saying "${phrase}"; got:\n${diagnostics.map(describe).join("\n")}`);
        assert.ok(left[i].message.startsWith(`${descriptionOf(rule)}\n`), left[i].message);
        left.splice(i, 1);
    }
    assert.deepStrictEqual(left.map(describe), [], "unexpected diagnostics");
}

/** `tp-rollout check`'s engine over the same resources: the same rules, levels and messages as the pack. */
function assertCheckAgrees(stack: string, resources: EngineResource[], diagnostics: Diagnostic[], packConfig = loadPackConfig(packConfigFileOfWave(stack))): void {
    const context = contextFromWaveConfig(loadWaveConfig(readProject(projectRoot), stack), new Date());
    const plain = resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: { ...r.props, __provider: undefined } }));
    const fromCheck = checkResources(plain, context, packConfig).map((v) => `${v.rule} ${v.level} ${v.message}`).sort();
    const fromPack = diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel} ${d.message.slice(descriptionOf(d.policyName).length + 1)}`).sort();
    assert.deepStrictEqual(fromCheck, fromPack);
}

describe("policypack served over gRPC as `pulumi preview --policy-pack policypack` runs it", function () {
    this.timeout(120_000);
    const runs = {} as Record<(typeof waves)[number], ProgramRun>;

    before(async () => {
        for (const wave of waves) {
            runs[wave] = await runProgram(wave);
        }
    });

    it("starts from the repository root too (`run-policy-pack <engine> policypack`), with the same name, version and rules", async () => {
        const pack = await startPolicyPack({}, repoRoot, "policypack");
        try {
            const info = await pack.getAnalyzerInfo();
            assert.deepStrictEqual([info.name, info.version, info.policies.map((p) => p.name)], ["token-protection-rollout", "0.1.0", rules.map((r) => r.name)]);
            assert.strictEqual(pack.stdout(), `${pack.port}\n`);
        } finally {
            await pack.stop();
        }
    });

    for (const wave of waves) {
        describe(`stack ${wave}, --policy-pack-config policypack/config/${wave}.json`, () => {
            let pack: RunningPack;
            const preview = (resources: EngineResource[]) => previewWithPack(pack, resources);

            before(async () => {
                // What the CLI sets for the pack process (pkg/resource/plugin constructEnv).
                pack = await startPolicyPack({ PULUMI_PROJECT: "token-protection", PULUMI_STACK: wave, PULUMI_DRY_RUN: "true" });
                await assert.rejects(pack.handshake(), /UNIMPLEMENTED/); // the CLI falls back, as here
                const info = await pack.getAnalyzerInfo();
                assert.deepStrictEqual([info.name, info.version, info.policies.length], ["token-protection-rollout", "0.1.0", 12]);
                await pack.configure(packConfigOf(wave));
                await pack.configureStack("token-protection", wave);
            });

            after(async () => {
                if (!pack) {
                    return;
                }
                // The pack printed its port and nothing else, and never called the engine back.
                assert.strictEqual(pack.stdout(), `${pack.port}\n`);
                assert.deepStrictEqual(pack.engineLogs, []);
                await pack.stop();
            });

            it("passes the committed stack: no violation, mandatory or advisory", async () => {
                const resources = engineResources(runs[wave]);
                assert.ok(resources.length >= 3);
                const diagnostics = await preview(resources);
                assertDiagnostics(diagnostics, []);
                assertCheckAgrees(wave, resources, diagnostics);
            });

            const trap = (title: string, edits: Record<string, Edit>, expected: Expected[], drop: string[] = []) =>
                it(`fails: ${title}`, async () => {
                    const resources = engineResources(runs[wave], edits, drop);
                    const diagnostics = await preview(resources);
                    assertDiagnostics(diagnostics, expected);
                    assertCheckAgrees(wave, resources, diagnostics);
                });

            const level = wave === "report-only" ? "advisory" : "mandatory";
            const windows = "token-protection-windows";

            trap("Token Protection on the Office365 app group (trap 1)", {
                [windows]: (p) => p.body.conditions.applications.includeApplications.push("Office365"),
            }, [["tp-resources-specific", level, windows, 'includeApplications has "Office365"']]);

            trap("browser left selected under client apps (trap 2)", {
                [windows]: (p) => p.body.conditions.clientAppTypes.push("browser"),
            }, [["tp-client-apps-native-only", level, windows, 'but it is ["mobileAppsAndDesktopClients","browser"]']]);

            trap("device filter removed (trap 3)", {
                [windows]: (p) => delete p.body.conditions.devices,
            }, [["tp-unsupported-devices-excluded", level, windows, "but the policy has no device filter"]]);

            trap("a break-glass account not excluded from a companion policy", {
                "companions-block-unknown-platforms": (p) => (p.conditions.users.excludedUsers = ["3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f"]),
            }, [["ca-break-glass-excluded", level, "companions-block-unknown-platforms", "does not exclude 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d."]]);

            if (wave === "report-only") {
                trap("the Apple preview policy enforced", {
                    "token-protection-apple": (p) => (p.body.state = "enabled"),
                }, [
                    ["tp-platforms-supported", "advisory", "token-protection-apple", "is enforced while the Apple platforms are in preview"],
                    ["tp-report-only-soak", "advisory", "token-protection-apple", "token-protection:reportOnlySince is not set"],
                    ["tp-guest-users", "advisory", "token-protection-apple", 'it includes "All" users and excludes no guests'],
                    ["tp-rollback-owner", "advisory", "token-protection-apple", "token-protection:rollback.owner and token-protection:rollback.trigger are not set"],
                    ["tp-companion-policies", "advisory", "token-protection-apple", 'but "TP [report-only] Block access from unknown platforms" is report-only'],
                    ["tp-companion-policies", "advisory", "token-protection-apple", 'but "TP [report-only] Require device compliance for known platforms" is report-only'],
                ]);

                trap("non-interactive sign-ins not shipped to the workspace", {
                    "sign-in-logs-diagnostic-setting": (p) => (p.logs = p.logs.filter((l: { category: string }) => l.category !== "NonInteractiveUserSignInLogs")),
                }, [["tp-sign-in-logs-exported", "advisory", "sign-in-logs-diagnostic-setting", 'diagnostic setting "tp-report-only-sign-in-logs" does not enable NonInteractiveUserSignInLogs']]);
            }

            if (wave === "pilot") {
                trap("all users in the pilot, through raw props", {
                    [windows]: (p) => (p.body.conditions.users.includeUsers = ["All"]),
                }, [
                    ["tp-pilot-scope", "mandatory", windows, 'includeUsers has "All"'],
                    ["tp-guest-users", "advisory", windows, 'it includes "All" users and excludes no guests'],
                    ["tp-companion-policies", "mandatory", windows, '"Block access from unknown platforms" policy for the same users'],
                    ["tp-companion-policies", "mandatory", windows, '"Require device compliance for all known platforms" policy for the same users'],
                ]);

                trap("the require-compliance companion missing from the stack", {}, [
                    ["tp-companion-policies", "mandatory", windows, '"Require device compliance for all known platforms" policy for the same users, or a client can claim a platform Token Protection does not cover, but none of the policies checked with it covers its users and resources'],
                ], ["companions-require-compliance"]);

                it("fails: enforced after 3 days of report-only (reportOnlySince from pack config)", async () => {
                    const since = isoDaysAgo(3);
                    const config = { ...packConfigOf(wave), "tp-report-only-soak": { reportOnlySince: since } };
                    await pack.configure(config);
                    try {
                        const resources = engineResources(runs[wave]);
                        const diagnostics = await preview(resources);
                        assertDiagnostics(diagnostics, [["tp-report-only-soak", "mandatory", windows, `but the soak began on ${since}, 3 days ago. Fix: keep token-protection:enforcement at reportOnly until ${isoDaysAgo(3 - 14)}.`]]);
                    } finally {
                        await pack.configure(packConfigOf(wave));
                    }
                });

                it("reports CrossGuard's \"can't run during preview\" advisories when the wave's group is not created yet", async () => {
                    // The first preview: the population (the group's object ID) is unknown, and so is every
                    // value computed from it: the whole Token Protection body and the companions' props.
                    const pending = (p: any) => Object.keys(p).filter((k) => k !== "__provider").forEach((k) => (p[k] = unknownSentinel));
                    const resources = engineResources(runs[wave], { [windows]: pending, "companions-block-unknown-platforms": pending, "companions-require-compliance": pending });
                    const diagnostics = await preview(resources);
                    const cantRun = (rule: string, path: string) => `can't run policy '${rule}' from policy pack 'token-protection-rollout@v0.1.0' during preview: string value at .${path} can't be known during preview`;
                    const tokenProtectionRules = rules.filter((r) => r.kind === "policy").map((r) => r.name);
                    assert.deepStrictEqual(diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.urn.split("::").pop(), d.message]).sort(), [
                        ...tokenProtectionRules.map((rule) => [rule, "advisory", windows, cantRun(rule, "body")]),
                        ["ca-break-glass-excluded", "advisory", "companions-block-unknown-platforms", cantRun("ca-break-glass-excluded", "displayName")],
                        ["ca-break-glass-excluded", "advisory", "companions-require-compliance", cantRun("ca-break-glass-excluded", "displayName")],
                        // A stack rule stops at the first unknown policy it reads: the Token Protection one, registered first.
                        ["tp-companion-policies", "advisory", "", cantRun("tp-companion-policies", "body")],
                    ].sort());
                });

                it("passes when only the group's ID is unknown inside the bodies", async () => {
                    const group = (list: string[]) => list.map((id) => (id.startsWith("<id of group") ? unknownSentinel : id));
                    const resources = engineResources(runs[wave], {
                        [windows]: (p) => (p.body.conditions.users.includeGroups = group(p.body.conditions.users.includeGroups)),
                        "companions-block-unknown-platforms": (p) => (p.conditions.users.includedGroups = group(p.conditions.users.includedGroups)),
                        "companions-require-compliance": (p) => (p.conditions.users.includedGroups = group(p.conditions.users.includedGroups)),
                    });
                    assertDiagnostics(await preview(resources), []);
                });
            }

            if (wave === "expansion") {
                trap("a break-glass account not excluded from the Token Protection policy", {
                    [windows]: (p) => (p.body.conditions.users.excludeUsers = ["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"]),
                }, [["ca-break-glass-excluded", "mandatory", windows, "does not exclude 3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f."]]);

                trap("the block-unknown-platforms companion left in report-only", {
                    "companions-block-unknown-platforms": (p) => (p.state = "enabledForReportingButNotEnforced"),
                }, [["tp-companion-policies", "mandatory", windows, 'but "TP [expansion] Block access from unknown platforms" is report-only']]);

                it("warns (advisory) on old Exchange Online PowerShell and a missing rollback plan, from pack config", async () => {
                    const config = {
                        ...packConfigOf(wave),
                        // Without enforcementLevel an entry keeps the level "all" gave it (mandatory), as in the Pulumi CLI.
                        "tp-exo-powershell-version": { enforcementLevel: "advisory", exoPowerShellInventory: [{ endpoint: "PAW-LEGACY", version: "3.4.0" }] },
                        "tp-rollback-owner": { enforcementLevel: "advisory", rollback: {} },
                    };
                    await pack.configure(config);
                    try {
                        const resources = engineResources(runs[wave]);
                        const diagnostics = await preview(resources);
                        assertDiagnostics(diagnostics, [
                            ["tp-exo-powershell-version", "advisory", windows, "but the inventory shows PAW-LEGACY (3.4.0)"],
                            ["tp-rollback-owner", "advisory", windows, "token-protection:rollback.owner and token-protection:rollback.trigger are not set"],
                        ]);
                    } finally {
                        await pack.configure(packConfigOf(wave));
                    }
                });
            }
        });
    }
});
