import { strict as assert } from "assert";
import * as fs from "fs";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { propagationNote, rollback } from "../../ops/rollback/rollback";
import { withFakePulumi } from "./fakePulumi";
import { copyProject, ProjectCopy } from "./projectCopy";

const message = "tp-rollout rollback pilot: Conditional Access policies of the wave back to report-only";
const urns = [
    "urn:pulumi:pilot::token-protection::token-protection:components:TokenProtectionPolicy$pulumi-nodejs:dynamic/token-protection:ConditionalAccessPolicy::token-protection-windows",
    "urn:pulumi:pilot::token-protection::token-protection:components:CompanionPolicies$azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy::companions-block-unknown-platforms",
    "urn:pulumi:pilot::token-protection::token-protection:components:CompanionPolicies$azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy::companions-require-compliance",
];
/** What the Automation API hands the CLI for the rollback's `up`, spelled out rather than computed. */
const upArgv = ["up", "--yes", "--skip-preview", "--message", message, "--target", urns[0], "--target", urns[1], "--target", urns[2], "--exec-kind", "auto.local", "--stack", "pilot", "--non-interactive"];
const upCommand = `pulumi up --yes --skip-preview --message '${message}' ${urns.map((u) => `--target '${u}'`).join(" ")} --exec-kind auto.local --stack pilot --non-interactive`;

const header = [
    "Rollback of stack \"pilot\" to report-only, through Pulumi.",
    "Rollback owner: Identity on-call (identity-oncall@contoso.example)",
    "Trigger: More than 5 blocked sign-ins to Exchange, SharePoint or Teams from the pilot in one hour, or any blocked break-glass drill",
    "",
    "Config change in stacks/Pulumi.pilot.yaml:",
    "  token-protection:enforcement: enforced -> reportOnly",
    "  token-protection:companions.blockUnknownPlatforms is not set: the companion follows token-protection:enforcement and goes to report-only with it.",
    "  token-protection:companions.requireCompliance is not set: the companion follows token-protection:enforcement and goes to report-only with it.",
    "",
    "Policies of the wave (3):",
    "  TP [pilot] Require token protection for sign-in sessions (Windows): enforced -> report-only",
    "  TP [pilot] Block access from unknown platforms: enforced -> report-only",
    "  TP [pilot] Require device compliance for known platforms: enforced -> report-only",
    "      includePlatforms: - Android",
    "      includePlatforms: - iOS",
    "      includePlatforms: - macOS",
];

describe("ops: tp-rollout rollback (Automation API, stand-in pulumi on PATH)", function () {
    this.timeout(120_000);
    let copy: ProjectCopy;
    let pilotBefore: string;
    const run = async (options: { dryRun?: boolean; stack?: string }, env: Record<string, string> = {}) => {
        let out = "";
        const { result, calls } = await withFakePulumi(env, () => rollback({ stack: options.stack ?? "pilot", dryRun: options.dryRun, projectDir: copy.dir, write: (t) => { out += t; } }));
        return { code: result, out, calls };
    };

    beforeEach(() => {
        copy = copyProject();
        pilotBefore = copy.read("stacks/Pulumi.pilot.yaml");
    });
    afterEach(() => copy.dispose());

    it("--dry-run prints the stack-file diff and the exact command, and writes and runs nothing", async () => {
        const { code, out, calls } = await run({ dryRun: true });
        assert.equal(code, 0);
        assert.deepEqual(out.split("\n"), [
            header[0].replace(".", ": dry run, nothing is written or run."),
            ...header.slice(1),
            "",
            "The stack file would change:",
            "--- a/stacks/Pulumi.pilot.yaml",
            "+++ b/stacks/Pulumi.pilot.yaml",
            "@@ -1,6 +1,6 @@",
            " # Wave 1: privileged identities on managed Windows endpoints, enforced after the report-only soak.",
            " config:",
            "-  token-protection:enforcement: enforced",
            "+  token-protection:enforcement: reportOnly",
            "   token-protection:reportOnlySince: \"2026-10-19\"",
            "   token-protection:scope:",
            "     roleTemplateIds:",
            "",
            `Command (run through the Automation API in ${copy.dir}; the Pulumi CLI reads stacks/Pulumi.pilot.yaml through stackConfigDir):`,
            `  ${upCommand}`,
            "",
            "Then commit the config change, so the next deploy does not enforce the wave again:",
            `  git add ${copy.file("stacks/Pulumi.pilot.yaml")} && git commit -m 'Roll back pilot to report-only (tp-rollout rollback)'`,
            "",
        ]);
        assert.deepEqual(calls, []);
        assert.equal(copy.read("stacks/Pulumi.pilot.yaml"), pilotBefore);
    });

    it("writes the stack file, runs exactly the printed `pulumi up` for the wave's CA policies, and says what to commit", async () => {
        const { code, out, calls } = await run({});
        assert.equal(code, 0);
        assert.equal(copy.read("stacks/Pulumi.pilot.yaml"), pilotBefore.replace("  token-protection:enforcement: enforced\n", "  token-protection:enforcement: reportOnly\n"));
        assert.deepEqual(calls.map((c) => c.argv), [
            ["version"],
            ["stack", "select", "--stack", "pilot", "--non-interactive"],
            upArgv,
            ["stack", "output", "--json", "--stack", "pilot", "--non-interactive"],
            ["stack", "output", "--json", "--show-secrets", "--stack", "pilot", "--non-interactive"],
            ["stack", "history", "--json", "--show-secrets", "--page-size", "1", "--page", "1", "--stack", "pilot", "--non-interactive"],
        ]);
        // The CLI runs in the project root, where Pulumi.yaml's stackConfigDir points it at stacks/.
        assert.deepEqual(calls.slice(1).map((c) => c.cwd), Array(5).fill(copy.dir));
        assert.ok(!fs.existsSync(copy.file("Pulumi.pilot.yaml")), "no stack settings file written next to Pulumi.yaml");
        assert.deepEqual(out.replace(/finished in \d+\.\d s/, "finished in N s").split("\n"), [
            ...header,
            "",
            "Wrote stacks/Pulumi.pilot.yaml.",
            "",
            `Running (Automation API, in ${copy.dir}):`,
            `  ${upCommand}`,
            "",
            "Updating (pilot)",
            "    ~  token-protection-windows updated (1s) [diff: ~state]",
            "    ~  companions-block-unknown-platforms updated (1s) [diff: ~state]",
            "    ~  companions-require-compliance updated (1s) [diff: ~state]",
            "Resources:",
            "    ~ 3 updated",
            "",
            "Pulumi finished in N s: 3 updated.",
            "",
            ...propagationNote.split("\n"),
            "",
            "Commit the config change now, so the next deploy does not enforce the wave again:",
            `  git add ${copy.file("stacks/Pulumi.pilot.yaml")} && git commit -m 'Roll back pilot to report-only (tp-rollout rollback)'`,
            "",
        ]);
    });

    it("exits 1 and points to --direct when pulumi up fails; the stack file is already changed", async () => {
        const { code, out, calls } = await run({}, { FAKE_PULUMI_FAIL: "up" });
        assert.equal(code, 1);
        assert.deepEqual(calls.map((c) => c.argv[0]), ["version", "stack", "up"]);
        assert.deepEqual(out.split("\n").slice(-5), [
            "",
            "pulumi up failed: error: failed to load checkpoint: could not reach https://api.pulumi.com: dial tcp: i/o timeout",
            "The stack file is already changed. If the Pulumi backend is out of reach, put the policies back to report-only through Graph:",
            "  tp-rollout rollback pilot --direct",
            "",
        ]);
        assert.ok(copy.read("stacks/Pulumi.pilot.yaml").includes("token-protection:enforcement: reportOnly\n"));
    });

    it("says so and does nothing when the wave is already report-only", async () => {
        const reportOnly = copy.read("stacks/Pulumi.report-only.yaml");
        const { code, out, calls } = await run({ stack: "report-only" });
        assert.equal(code, 0);
        assert.deepEqual(calls, []);
        assert.equal(copy.read("stacks/Pulumi.report-only.yaml"), reportOnly);
        assert.deepEqual(out.split("\n").slice(0, 10), [
            "Rollback of stack \"report-only\" to report-only, through Pulumi.",
            "No rollback owner or trigger is configured (token-protection:rollback); the readiness gate asks for both.",
            "",
            "stacks/Pulumi.report-only.yaml already puts no policy of the wave in enforced mode; nothing to change there.",
            "",
            "Policies of the wave (4):",
            "  TP [report-only] Require token protection for sign-in sessions (Windows): report-only",
            "  TP [report-only] Require token protection for sign-in sessions (Apple preview): report-only",
            "  TP [report-only] Block access from unknown platforms: report-only",
            "  TP [report-only] Require device compliance for known platforms: report-only",
        ]);
    });

    it("refuses an unknown stack before anything runs", async () => {
        await assert.rejects(run({ stack: "nope" }), { name: "StackConfigError", message: /^stack "nope" has no config file .*; stacks: expansion, pilot, report-only$/ });
    });

    // Why rollback edits the stack file itself and never uses the workspace's stack settings: the Node
    // LocalWorkspace looks for <workDir>/Pulumi.<stack>.yaml and ignores Pulumi.yaml's stackConfigDir.
    it("documents the stackConfigDir gotcha: LocalWorkspace.stackSettings does not find stacks/Pulumi.pilot.yaml", async () => {
        const { result } = await withFakePulumi({}, async () => {
            const workspace = await LocalWorkspace.create({ workDir: copy.dir });
            return workspace.stackSettings("pilot").then(() => "found", (err: Error) => err.message);
        });
        assert.equal(result, `failed to find stack settings file in workdir: ${copy.dir}`);
    });
});
