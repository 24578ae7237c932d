import { strict as assert } from "assert";
import * as fs from "fs";
import { diffAgainstBase, diffStacks } from "../../ops/diff";
import { formatDiffMarkdown } from "../../ops/diffMarkdown";
import { formatDiffText } from "../../ops/diffText";
import { copyProject, ProjectCopy } from "./projectCopy";

describe("ops: tp-rollout diff", function () {
    this.timeout(120_000);

    it("compares two stacks of the working tree: report-only -> pilot, enforcement first", async () => {
        const report = await diffStacks("report-only", "pilot");
        assert.deepEqual(formatDiffText(report).split("\n"), AB);
    });

    describe("against a git ref", () => {
        let copy: ProjectCopy;
        let sha: string;

        // The base commit differs in code (the Token Protection body also targets browsers) and in config
        // (expansion in report-only, a stack since deleted); the working tree adds a group with a comment,
        // drops the Cloud PC exclusion in pilot and adds a stack.
        before(() => {
            copy = copyProject();
            const bodies = copy.read("components/policyBodies.ts");
            const expansion = copy.read("stacks/Pulumi.expansion.yaml");
            copy.write("components/policyBodies.ts", bodies.replace('clientAppTypes: ["mobileAppsAndDesktopClients"],', 'clientAppTypes: ["mobileAppsAndDesktopClients", "browser"],'));
            copy.write("stacks/Pulumi.expansion.yaml", expansion.replace("enforcement: enforced", "enforcement: reportOnly"));
            copy.write("stacks/Pulumi.old-wave.yaml", "config:\n  token-protection:wave: expansion\n  token-protection:scope:\n    groupIds: [0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d]\n  token-protection:breakGlassUserIds: [3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f]\n");
            copy.write(".gitignore", "node_modules\n");
            copy.git("init", "--quiet", "--initial-branch=main");
            copy.git("add", ".");
            copy.git("commit", "--quiet", "-m", "base");
            sha = copy.git("rev-parse", "--short=7", "HEAD").trim();

            copy.write("components/policyBodies.ts", bodies);
            copy.write("stacks/Pulumi.expansion.yaml", expansion);
            fs.rmSync(copy.file("stacks/Pulumi.old-wave.yaml"));
            copy.write("stacks/Pulumi.pilot.yaml", copy.read("stacks/Pulumi.pilot.yaml")
                .replace("  token-protection:scope:\n", "  token-protection:scope:\n    groupIds:\n      - 2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b   # Identity team\n")
                .replace("  token-protection:rollback:", "  token-protection:deviceExclusions:\n    cloudPc: false\n  token-protection:rollback:"));
            copy.write("stacks/Pulumi.expansion-2.yaml", "config:\n  token-protection:wave: expansion\n  token-protection:enforcement: enforced\n"
                + "  token-protection:reportOnlySince: \"2026-11-02\"\n  token-protection:scope:\n    groupIds: [5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b]   # Knowledge workers - wave 2\n"
                + "  token-protection:breakGlassUserIds: [3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f]\n");
        });
        after(() => copy.dispose());

        it("runs the base tree's own code and reports every stack, added and removed ones included", async () => {
            const report = await diffAgainstBase({ base: "main", projectDir: copy.dir });
            assert.deepEqual(formatDiffText(report).split("\n"), BASE(sha));
            assert.deepEqual(report.headFailures, []);
        });

        it("prints the same diff as a GitHub comment", async () => {
            const report = await diffAgainstBase({ base: "main", projectDir: copy.dir });
            assert.deepEqual(formatDiffMarkdown(report).split("\n"), MARKDOWN(sha));
        });

        it("limits the diff to --stack and leaves no temporary tree behind", async () => {
            const before = fs.readdirSync(require("os").tmpdir()).filter((f: string) => f.startsWith("tp-rollout-base-")).length;
            const report = await diffAgainstBase({ base: "main", stacks: ["report-only"], projectDir: copy.dir });
            assert.deepEqual(formatDiffText(report).split("\n").slice(3), [
                "== report-only ==",
                "Conditional Access policies:",
                "  ~ TP [report-only] Require token protection for sign-in sessions (Windows) (resource token-protection-windows)",
                "      clientAppTypes: - Browser",
            ]);
            const after = fs.readdirSync(require("os").tmpdir()).filter((f: string) => f.startsWith("tp-rollout-base-")).length;
            assert.equal(after, before);
        });

        it("reports a stack whose working-tree config is broken, and carries on with the others", async () => {
            const pilot = copy.read("stacks/Pulumi.pilot.yaml");
            copy.write("stacks/Pulumi.pilot.yaml", pilot.replace("enforcement: enforced", "enforcement: enforce"));
            try {
                const report = await diffAgainstBase({ base: "main", stacks: ["pilot", "report-only"], projectDir: copy.dir });
                assert.deepEqual(formatDiffText(report).split("\n").slice(3, 7), [
                    "== report-only ==",
                    "Conditional Access policies:",
                    "  ~ TP [report-only] Require token protection for sign-in sessions (Windows) (resource token-protection-windows)",
                    "      clientAppTypes: - Browser",
                ]);
                assert.deepEqual(formatDiffText(report).split("\n").slice(7), [
                    "",
                    "== pilot: the plan could not be computed ==",
                    "  in the working tree: token-protection:enforcement is \"enforce\"; allowed: reportOnly | enforced | off",
                ]);
                assert.deepEqual(report.headFailures, ["pilot"]);
            } finally {
                copy.write("stacks/Pulumi.pilot.yaml", pilot);
            }
        });

        it("refuses an unknown ref and an unknown stack with a message, not a stack trace", async () => {
            await assert.rejects(diffAgainstBase({ base: "no-such-branch", projectDir: copy.dir }), {
                name: "UsageError",
                message: "--base \"no-such-branch\" is not a commit in this repository (in CI, fetch it first: actions/checkout with fetch-depth: 0)",
            });
            await assert.rejects(diffAgainstBase({ base: "main", stacks: ["nope"], projectDir: copy.dir }), {
                name: "UsageError",
                message: "--stack nope: no such stack at main or in the working tree; stacks: report-only, pilot, expansion, expansion-2, old-wave",
            });
        });
    });
});

const AB = [
            "Policy diff: stack \"report-only\" -> stack \"pilot\" (working tree)",
            "Computed offline from the two plans under Pulumi's mocks: no credentials, no tenant read. Only Conditional Access policies are compared field by field; for other resources, added and removed ones are listed (`pulumi preview --diff` shows the rest).",
            "",
            "== report-only -> pilot ==",
            "Enforcement changes:",
            "  ! TP [pilot] Require token protection for sign-in sessions (Windows): report-only -> enforced",
            "  ! TP [pilot] Block access from unknown platforms: report-only -> enforced",
            "  ! TP [pilot] Require device compliance for known platforms: report-only -> enforced",
            "Conditional Access policies:",
            "  ~ TP [pilot] Require token protection for sign-in sessions (Windows) (resource token-protection-windows)",
            "      ! state: report-only -> enforced",
            "      includeUsers: - All users",
            "      includeGroups: + group \"TP [pilot] wave population\" (created by the stack)",
            "      includeRoles: + Global Administrator (62e90394-69f5-4237-9190-012177145e10)",
            "      includeRoles: + Conditional Access Administrator (b1be1c3e-b65d-4f19-8427-f6fa0d97feb9)",
            "      includeRoles: + Security Administrator (194ae4cb-b126-40b2-bd5b-6091b380977d)",
            "      includeApplications: - Azure Virtual Desktop (9cdead84-a844-4324-93f2-b2e6bb768d07)",
            "      includeApplications: - Windows 365 (0af06dc6-e4b5-4f28-818e-e78e62d137a5)",
            "      includeApplications: - Windows Cloud Login (270efc09-cd0d-444b-a71f-39af4910ec45)",
            "  ~ TP [pilot] Block access from unknown platforms (resource companions-block-unknown-platforms)",
            "      ! state: report-only -> enforced",
            "      includeUsers: - All users",
            "      includeGroups: + group \"TP [pilot] wave population\" (created by the stack)",
            "      includeRoles: + Global Administrator (62e90394-69f5-4237-9190-012177145e10)",
            "      includeRoles: + Conditional Access Administrator (b1be1c3e-b65d-4f19-8427-f6fa0d97feb9)",
            "      includeRoles: + Security Administrator (194ae4cb-b126-40b2-bd5b-6091b380977d)",
            "  ~ TP [pilot] Require device compliance for known platforms (resource companions-require-compliance)",
            "      ! state: report-only -> enforced",
            "      includeUsers: - All users",
            "      includeGroups: + group \"TP [pilot] wave population\" (created by the stack)",
            "      includeRoles: + Global Administrator (62e90394-69f5-4237-9190-012177145e10)",
            "      includeRoles: + Conditional Access Administrator (b1be1c3e-b65d-4f19-8427-f6fa0d97feb9)",
            "      includeRoles: + Security Administrator (194ae4cb-b126-40b2-bd5b-6091b380977d)",
            "      includePlatforms: + Android",
            "      includePlatforms: + iOS",
            "      includePlatforms: + macOS",
            "  - TP [report-only] Require token protection for sign-in sessions (Apple preview): removed (was report-only; resource token-protection-apple)",
            "Other resources:",
            "  - azure-native:aadiam:DiagnosticSetting sign-in-logs-diagnostic-setting",
            "  - azure-native:applicationinsights:Workbook sign-in-logs-workbook",
            "  - azure-native:monitor:ActionGroup break-glass-action-group",
            "  - azure-native:monitor:ScheduledQueryRule break-glass-sign-in-alert",
            "  - azure-native:operationalinsights:SavedSearch sign-in-logs-query-bound-wouldblock-by-app",
            "  - azure-native:operationalinsights:SavedSearch sign-in-logs-query-bound-wouldblock-by-user",
            "  - azure-native:operationalinsights:SavedSearch sign-in-logs-query-break-glass-sign-ins",
            "  - azure-native:operationalinsights:SavedSearch sign-in-logs-query-coverage",
            "  - azure-native:operationalinsights:SavedSearch sign-in-logs-query-daily-trend",
            "  - azure-native:operationalinsights:SavedSearch sign-in-logs-query-devices-behind-1003",
            "  - azure-native:operationalinsights:SavedSearch sign-in-logs-query-unbound-by-status-code",
            "  - azure-native:operationalinsights:Table sign-in-logs-AADNonInteractiveUserSignInLogs",
            "  - azure-native:operationalinsights:Table sign-in-logs-SigninLogs",
            "  - azure-native:operationalinsights:Workspace sign-in-logs-workspace",
            "  - token-protection:components:SignInLogWorkspace sign-in-logs",
            "  + azuread:index/group:Group wave-population-group",
            "  + azuread:index/groupMember:GroupMember wave-population-member-5b1e2d3c-4a5f-4e6d-8c7b-9a0f1e2d3c4b",
            "  + azuread:index/groupMember:GroupMember wave-population-member-6c2f3e4d-5b6a-4f7e-9d8c-0b1a2f3e4d5c",
        ];

const BASE = (sha: string) => [
            `Policy diff: main (${sha}) -> working tree`,
            "Computed offline from the two plans under Pulumi's mocks: no credentials, no tenant read. Only Conditional Access policies are compared field by field; for other resources, added and removed ones are listed (`pulumi preview --diff` shows the rest).",
            "",
            "== report-only ==",
            "Conditional Access policies:",
            "  ~ TP [report-only] Require token protection for sign-in sessions (Windows) (resource token-protection-windows)",
            "      clientAppTypes: - Browser",
            "",
            "== pilot ==",
            "Conditional Access policies:",
            "  ~ TP [pilot] Require token protection for sign-in sessions (Windows) (resource token-protection-windows)",
            "      includeGroups: + Identity team (2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b)",
            "      clientAppTypes: - Browser",
            "      device filter: - Cloud PC",
            "  ~ TP [pilot] Block access from unknown platforms (resource companions-block-unknown-platforms)",
            "      includeGroups: + Identity team (2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b)",
            "  ~ TP [pilot] Require device compliance for known platforms (resource companions-require-compliance)",
            "      includeGroups: + Identity team (2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b)",
            "",
            "== expansion ==",
            "Enforcement changes:",
            "  ! TP [expansion] Require token protection for sign-in sessions (Windows): report-only -> enforced",
            "  ! TP [expansion] Block access from unknown platforms: report-only -> enforced",
            "  ! TP [expansion] Require device compliance for known platforms: report-only -> enforced",
            "Conditional Access policies:",
            "  ~ TP [expansion] Require token protection for sign-in sessions (Windows) (resource token-protection-windows)",
            "      ! state: report-only -> enforced",
            "      clientAppTypes: - Browser",
            "  ~ TP [expansion] Block access from unknown platforms (resource companions-block-unknown-platforms)",
            "      ! state: report-only -> enforced",
            "  ~ TP [expansion] Require device compliance for known platforms (resource companions-require-compliance)",
            "      ! state: report-only -> enforced",
            "      includePlatforms: + Android",
            "      includePlatforms: + iOS",
            "      includePlatforms: + macOS",
            "",
            "== expansion-2: new stack ==",
            "Enforcement changes:",
            "  ! TP [expansion-2] Require token protection for sign-in sessions (Windows): new policy, enforced",
            "  ! TP [expansion-2] Block access from unknown platforms: new policy, enforced",
            "  ! TP [expansion-2] Require device compliance for known platforms: new policy, enforced",
            "Conditional Access policies:",
            "  + TP [expansion-2] Require token protection for sign-in sessions (Windows): new policy, enforced (resource token-protection-windows)",
            "  + TP [expansion-2] Block access from unknown platforms: new policy, enforced (resource companions-block-unknown-platforms)",
            "  + TP [expansion-2] Require device compliance for known platforms: new policy, enforced (resource companions-require-compliance)",
            "Other resources:",
            "  + token-protection:components:BreakGlass break-glass",
            "  + token-protection:components:CompanionPolicies companions",
            "  + token-protection:components:PilotGroups wave-population",
            "  + token-protection:components:TokenProtectionPolicy token-protection",
            "",
            "== old-wave: stack removed ==",
            "Deleting a stack file does not delete what the stack deployed; `pulumi destroy --stack old-wave` does.",
            "Conditional Access policies:",
            "  - TP [old-wave] Require token protection for sign-in sessions (Windows): removed (was report-only; resource token-protection-windows)",
            "  - TP [old-wave] Block access from unknown platforms: removed (was report-only; resource companions-block-unknown-platforms)",
            "  - TP [old-wave] Require device compliance for known platforms: removed (was report-only; resource companions-require-compliance)",
            "Other resources:",
            "  - token-protection:components:BreakGlass break-glass",
            "  - token-protection:components:CompanionPolicies companions",
            "  - token-protection:components:PilotGroups wave-population",
            "  - token-protection:components:TokenProtectionPolicy token-protection",
        ];

const MARKDOWN = (sha: string) => [
            "### Token Protection: Conditional Access policy diff",
            "",
            `main (${sha}) → working tree. Computed offline from the two plans under Pulumi's mocks: no credentials, no tenant read. Only Conditional Access policies are compared field by field; for other resources, added and removed ones are listed (\`pulumi preview --diff\` shows the rest).`,
            "",
            "| Stack | Enforcement changes | Policies | Other resources |",
            "|---|---|---|---|",
            "| report-only | none | 1 changed | none |",
            "| pilot | none | 3 changed | none |",
            "| expansion | ⚠️ 3 | 3 changed | none |",
            "| expansion-2 | ⚠️ 3 | 3 added | 4 added, 0 removed |",
            "| old-wave | none | 3 removed | 0 added, 4 removed |",
            "",
            "#### report-only",
            "",
            "✏️ **TP \\[report-only\\] Require token protection for sign-in sessions (Windows) (resource token-protection-windows)**",
            "- clientAppTypes: - Browser",
            "",
            "#### pilot",
            "",
            "✏️ **TP \\[pilot\\] Require token protection for sign-in sessions (Windows) (resource token-protection-windows)**",
            "- includeGroups: + Identity team (2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b)",
            "- clientAppTypes: - Browser",
            "- device filter: - Cloud PC",
            "",
            "✏️ **TP \\[pilot\\] Block access from unknown platforms (resource companions-block-unknown-platforms)**",
            "- includeGroups: + Identity team (2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b)",
            "",
            "✏️ **TP \\[pilot\\] Require device compliance for known platforms (resource companions-require-compliance)**",
            "- includeGroups: + Identity team (2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b)",
            "",
            "#### expansion",
            "",
            "> [!WARNING]",
            "> **Enforcement changes**",
            "> - TP \\[expansion\\] Require token protection for sign-in sessions (Windows): report-only → enforced",
            "> - TP \\[expansion\\] Block access from unknown platforms: report-only → enforced",
            "> - TP \\[expansion\\] Require device compliance for known platforms: report-only → enforced",
            "",
            "✏️ **TP \\[expansion\\] Require token protection for sign-in sessions (Windows) (resource token-protection-windows)**",
            "- ⚠️ state: report-only → enforced",
            "- clientAppTypes: - Browser",
            "",
            "✏️ **TP \\[expansion\\] Block access from unknown platforms (resource companions-block-unknown-platforms)**",
            "- ⚠️ state: report-only → enforced",
            "",
            "✏️ **TP \\[expansion\\] Require device compliance for known platforms (resource companions-require-compliance)**",
            "- ⚠️ state: report-only → enforced",
            "- includePlatforms: + Android",
            "- includePlatforms: + iOS",
            "- includePlatforms: + macOS",
            "",
            "#### expansion-2: new stack",
            "",
            "> [!WARNING]",
            "> **Enforcement changes**",
            "> - TP \\[expansion-2\\] Require token protection for sign-in sessions (Windows): new policy, enforced",
            "> - TP \\[expansion-2\\] Block access from unknown platforms: new policy, enforced",
            "> - TP \\[expansion-2\\] Require device compliance for known platforms: new policy, enforced",
            "",
            "➕ **TP \\[expansion-2\\] Require token protection for sign-in sessions (Windows): new policy, enforced (resource token-protection-windows)**",
            "",
            "➕ **TP \\[expansion-2\\] Block access from unknown platforms: new policy, enforced (resource companions-block-unknown-platforms)**",
            "",
            "➕ **TP \\[expansion-2\\] Require device compliance for known platforms: new policy, enforced (resource companions-require-compliance)**",
            "",
            "<details><summary>Other resources: 4 added, 0 removed</summary>",
            "",
            "- ➕ `token-protection:components:BreakGlass` `break-glass`",
            "- ➕ `token-protection:components:CompanionPolicies` `companions`",
            "- ➕ `token-protection:components:PilotGroups` `wave-population`",
            "- ➕ `token-protection:components:TokenProtectionPolicy` `token-protection`",
            "",
            "</details>",
            "",
            "#### old-wave: stack removed",
            "",
            "Deleting a stack file does not delete what the stack deployed; `pulumi destroy --stack old-wave` does.",
            "",
            "➖ **TP \\[old-wave\\] Require token protection for sign-in sessions (Windows): removed (was report-only; resource token-protection-windows)**",
            "",
            "➖ **TP \\[old-wave\\] Block access from unknown platforms: removed (was report-only; resource companions-block-unknown-platforms)**",
            "",
            "➖ **TP \\[old-wave\\] Require device compliance for known platforms: removed (was report-only; resource companions-require-compliance)**",
            "",
            "<details><summary>Other resources: 0 added, 4 removed</summary>",
            "",
            "- ➖ `token-protection:components:BreakGlass` `break-glass`",
            "- ➖ `token-protection:components:CompanionPolicies` `companions`",
            "- ➖ `token-protection:components:PilotGroups` `wave-population`",
            "- ➖ `token-protection:components:TokenProtectionPolicy` `token-protection`",
            "",
            "</details>",
        ];
