import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { projectRoot } from "../../cli/program";
import { listStacks, readProject } from "../../components/stackConfig";
import { loadWorkflowParser, workflowErrors } from "./workflowParser";

const workflowsDir = path.join(projectRoot, ".github", "workflows");
const files = ["pull-request.yml", "pull-request-comment.yml", "deploy.yml", "deploy-stack.yml", "rollback.yml"];

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string };
type Job = { permissions?: Record<string, string>; environment?: string; steps?: Step[]; uses?: string; with?: Record<string, unknown>; needs?: string; if?: string; env?: Record<string, string>; strategy?: { matrix: { include: Record<string, string>[] } }; concurrency?: { group: string } };
type Workflow = { name: string; on: Record<string, any>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const read = (file: string) => fs.readFileSync(path.join(workflowsDir, file), "utf8");
const workflow = (file: string) => parse(read(file)) as Workflow;
const steps = (job: Job) => job.steps ?? [];
const step = (job: Job, uses: string) => steps(job).find((s) => s.uses === uses);

/**
 * The inputs each action declares (its action.yml at the major version used), so a misspelt `with:`
 * key fails here instead of being ignored by GitHub.
 */
const actionInputs: Record<string, string[]> = {
    "actions/checkout@v4": ["repository", "ref", "token", "ssh-key", "ssh-known-hosts", "ssh-strict", "persist-credentials", "path", "clean", "fetch-depth", "fetch-tags", "lfs", "submodules", "set-safe-directory"],
    "actions/setup-node@v4": ["node-version", "node-version-file", "architecture", "check-latest", "registry-url", "scope", "token", "cache", "cache-dependency-path", "always-auth"],
    "actions/upload-artifact@v4": ["name", "path", "if-no-files-found", "retention-days", "compression-level", "overwrite", "include-hidden-files"],
    "actions/download-artifact@v4": ["name", "path", "pattern", "merge-multiple", "github-token", "repository", "run-id"],
    "azure/login@v2": ["creds", "client-id", "tenant-id", "subscription-id", "enable-AzPSSession", "environment", "allow-no-subscriptions", "audience", "auth-type"],
    "pulumi/auth-actions@v1": ["organization", "requested-token-type", "scope", "token-expiration", "export-environment-variables", "cloud-url"],
    "pulumi/actions@v6": [
        "command", "stack-name", "pulumi-version", "pulumi-version-file", "work-dir", "comment-on-pr", "comment-on-pr-number", "comment-on-summary", "github-token",
        "cloud-url", "secrets-provider", "parallel", "message", "config-map", "expect-no-changes", "diff", "replace", "target", "target-dependents", "policyPacks",
        "policyPackConfigs", "refresh", "upsert", "remove", "edit-pr-comment", "color", "exclude-protected", "plan", "suppress-outputs", "suppress-progress", "always-include-summary",
    ],
};

describe("ops: GitHub Actions workflows", function () {
    this.timeout(60_000);
    const stacks = listStacks(readProject(projectRoot));
    const waveOrder = ["report-only", "pilot", "expansion"];

    before(function () {
        if (!loadWorkflowParser()) {
            this.skip(); // Node without module.registerHooks (< 22.15): the parser cannot load.
        }
    });

    it("are valid for GitHub Actions: GitHub's workflow parser reports no error in any of them", async () => {
        const all = fs.readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));
        assert.deepEqual(files.filter((f) => !all.includes(f)), []);
        for (const file of all) {
            assert.deepEqual(await workflowErrors(file, read(file), workflowsDir), [], file);
        }
    });

    it("the parser does catch a broken workflow (so the check above can fail)", async () => {
        const broken = read("deploy.yml").replace("    uses: ./.github/workflows/deploy-stack.yml\n    with:\n      stack: pilot\n      wave: pilot\n", "    uses: ./.github/workflows/deploy-stack.yml\n    with:\n      stack: pilot\n      wav: pilot\n");
        assert.notEqual(broken, read("deploy.yml"));
        const errors = await workflowErrors("deploy.yml", broken, workflowsDir);
        assert.ok(errors.some((e) => /wave/.test(e)) && errors.some((e) => /wav\b/.test(e)), errors.join("\n"));
        const typo = await workflowErrors("x.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step:\n      - run: echo\n", workflowsDir);
        assert.ok(typo.length > 0);
    });

    it("use only known actions at pinned majors, with inputs those actions declare, no stored secret, and no expression inside a script", () => {
        for (const file of files) {
            const text = read(file);
            assert.ok(!/\bsecrets\./.test(text), `${file} reads a stored secret`);
            for (const [name, job] of Object.entries(workflow(file).jobs)) {
                for (const s of steps(job)) {
                    if (s.uses) {
                        assert.ok(actionInputs[s.uses], `${file} ${name}: unknown action ${s.uses}`);
                        for (const key of Object.keys(s.with ?? {})) {
                            assert.ok(actionInputs[s.uses].includes(key), `${file} ${name}: ${s.uses} has no input ${key}`);
                        }
                    }
                    // Values reach scripts through env, never spliced into the script (script injection).
                    assert.ok(!s.run?.includes("${{"), `${file} ${name}: expression inside run`);
                    if (s.run) {
                        // GitHub runs these with bash -e {0}: they must at least parse.
                        const check = spawnSync("bash", ["-n", "-c", s.run], { encoding: "utf8" });
                        assert.equal(check.status, 0, `${file} ${name} "${s.name ?? s.run.split("\n")[0]}": ${check.stderr}`);
                    }
                }
            }
        }
    });

    it("pull request: previews every stack with its wave's policy pack config and comments; the offline diff needs no credentials", () => {
        const wf = workflow("pull-request.yml");
        assert.deepEqual(Object.keys(wf.on), ["pull_request"]);
        assert.deepEqual(wf.permissions, { contents: "read" });
        const preview = wf.jobs.preview;
        assert.deepEqual(preview.strategy!.matrix.include, waveOrder.map((w) => ({ stack: w, wave: w })));
        assert.deepEqual(preview.strategy!.matrix.include.map((m) => m.stack).sort(), stacks);
        for (const wave of waveOrder) {
            assert.ok(fs.existsSync(path.join(projectRoot, "policypack", "config", `${wave}.json`)), `policypack/config/${wave}.json`);
        }
        assert.deepEqual(preview.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
        assert.deepEqual(step(preview, "azure/login@v2")!.with, {
            "client-id": "${{ vars.AZURE_CLIENT_ID }}", "tenant-id": "${{ vars.AZURE_TENANT_ID }}", "subscription-id": "${{ vars.AZURE_SUBSCRIPTION_ID }}",
        });
        assert.equal(preview.env!.ARM_USE_OIDC, "true");
        assert.deepEqual(step(preview, "pulumi/actions@v6")!.with, {
            command: "preview",
            "stack-name": "${{ matrix.stack }}",
            "work-dir": ".",
            diff: true,
            policyPacks: "policypack",
            policyPackConfigs: "policypack/config/${{ matrix.wave }}.json",
            "comment-on-pr": true,
            "edit-pr-comment": true,
            "always-include-summary": true,
            "suppress-outputs": true,
            "github-token": "${{ github.token }}",
        });
        assert.equal(step(preview, "actions/setup-node@v4")!.with!["node-version-file"], ".nvmrc");
        assert.ok(steps(preview).some((s) => s.run === "npm ci"));

        const diff = wf.jobs["policy-diff"];
        assert.deepEqual(diff.permissions, { contents: "read" });
        assert.equal(step(diff, "actions/checkout@v4")!.with!["fetch-depth"], 0);
        assert.ok(steps(diff).some((s) => s.run?.includes("npx tp-rollout diff --base \"origin/$BASE_REF\" --markdown > policy-diff/policy-diff.md")));
        assert.equal(steps(diff).find((s) => s.env?.BASE_REF)!.env!.BASE_REF, "${{ github.base_ref }}");

        const comment = workflow("pull-request-comment.yml");
        assert.deepEqual(comment.on.workflow_run.workflows, [wf.name]);
        assert.ok(!steps(comment.jobs.comment).some((s) => s.uses?.startsWith("actions/checkout")), "the commenter never checks out the pull request");
        assert.deepEqual(comment.jobs.comment.permissions, { actions: "read", "pull-requests": "write" });
    });

    it("deploy: every wave in rollout order behind its environment, pulumi up --yes with the wave's pack config", () => {
        const wf = workflow("deploy.yml");
        assert.deepEqual(wf.on.push, { branches: ["main"] });
        assert.deepEqual(wf.on.workflow_dispatch.inputs.stack.options, waveOrder);
        assert.deepEqual(Object.keys(wf.jobs), waveOrder);
        waveOrder.forEach((wave, i) => {
            const job = wf.jobs[wave];
            assert.equal(job.uses, "./.github/workflows/deploy-stack.yml");
            assert.deepEqual(job.with, { stack: wave, wave });
            assert.equal(job.needs, i === 0 ? undefined : waveOrder[i - 1]);
            assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
            assert.match(job.if!, new RegExp(`inputs\\.stack == '${wave}'`));
        });
        const up = workflow("deploy-stack.yml").jobs.up;
        assert.equal(up.environment, "${{ inputs.stack }}");
        assert.equal(up.concurrency!.group, "pulumi-${{ inputs.stack }}");
        assert.deepEqual(up.permissions, { contents: "read", "id-token": "write" });
        const run = steps(up).find((s) => s.name === "pulumi up")!;
        assert.match(run.run!, /^pulumi up --yes --stack "\$STACK" \\\n {2}--policy-pack policypack --policy-pack-config "policypack\/config\/\$WAVE\.json" \\\n/);
        assert.deepEqual({ STACK: run.env!.STACK, WAVE: run.env!.WAVE }, { STACK: "${{ inputs.stack }}", WAVE: "${{ inputs.wave }}" });
    });

    it("rollback: dispatched with the stack, runs tp-rollout rollback and opens a pull request with the stack file", () => {
        const wf = workflow("rollback.yml");
        assert.deepEqual(Object.keys(wf.on), ["workflow_dispatch"]);
        assert.deepEqual([...wf.on.workflow_dispatch.inputs.stack.options].sort(), stacks);
        assert.equal(wf.on.workflow_dispatch.inputs.direct.type, "boolean");
        const job = wf.jobs.rollback;
        assert.equal(job.environment, "rollback");
        assert.deepEqual(job.permissions, { contents: "write", "pull-requests": "write", "id-token": "write" });
        assert.equal(job.env!.STACK, "${{ inputs.stack }}");
        assert.ok(steps(job).some((s) => s.run?.includes("npx tp-rollout rollback \"${args[@]}\"")));
        const pr = steps(job).find((s) => s.name === "Open a pull request with the stack-file change")!;
        assert.equal(pr.if, "${{ !cancelled() }}");
        assert.ok(pr.run!.includes("file=\"stacks/Pulumi.$STACK.yaml\""));
        assert.ok(pr.run!.includes("gh pr create --base \"$BASE\" --head \"$BRANCH\""));
    });
});
