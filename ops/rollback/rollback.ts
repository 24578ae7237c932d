// `tp-rollout rollback <stack>`: put a wave back to report-only. The stack file changes first (so the
// next deploy cannot re-enforce), then `pulumi up` runs for the wave's Conditional Access policies only,
// through the Automation API; `--direct` PATCHes the states through Graph when the Pulumi backend is out
// of reach. Every step prints what it does, so the output is the incident record.
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import { planFromRun, PlannedPolicy, policyBodyOf } from "../../cli/plan";
import { sharedGraphClient } from "../../graph/client";
import { projectRoot, runProgram } from "../../cli/program";
import { readProject } from "../../components/stackConfig";
import { stateLabel } from "../../model/conditionalAccess";
import { fieldLine } from "../diffText";
import { Labeller } from "../labels";
import { policyFieldChanges, stateChange } from "../policyChanges";
import { unifiedDiff } from "../unifiedDiff";
import { DirectGraphClient, directPatchPlan, directRollback } from "./direct";
import { automationUpArgs, shellCommand, upTargets } from "./pulumiUp";
import { planRollbackEdit, RollbackEdit } from "./stackFileEdit";

export interface RollbackOptions {
    stack: string;
    dryRun?: boolean;
    direct?: boolean;
    projectDir?: string;
    /** Where the report goes; default stdout. */
    write?: (text: string) => void;
    /** The Graph client for `direct`; default the process's shared client (DefaultAzureCredential). */
    graphClient?: () => DirectGraphClient;
}

/** What Entra does after the change, worded to promise nothing Microsoft does not publish. */
export const propagationNote = [
    "Propagation: Entra applies a changed Conditional Access policy to sign-ins and token requests it evaluates after the",
    "change has replicated, typically within minutes; Microsoft publishes no guaranteed time. Tokens already issued stay",
    "valid until they expire, and the next sign-in or token refresh is evaluated against the report-only policy, so blocked",
    "users can retry (a client that keeps failing: sign out and in again). Confirm in the sign-in logs that the wave's",
    "policies now appear under Report-only rather than as a Conditional Access failure.",
].join("\n");

export async function rollback(options: RollbackOptions): Promise<number> {
    const write = options.write ?? ((text: string) => process.stdout.write(text));
    const say = (...lines: string[]) => write(lines.join("\n") + "\n");
    const projectDir = options.projectDir ?? projectRoot;
    const project = readProject(projectDir);
    const { stack } = options;
    // An unknown stack fails here with the message `plan` gives (the file it looked for, the stacks there are).
    const edit = planRollbackEdit(project, stack);
    const beforeRun = await runProgram(stack, { projectDir });
    const afterRun = await runProgram(stack, { projectDir, config: edit.rawAfter });
    const before = planFromRun(beforeRun).conditionalAccessPolicies;
    const after = planFromRun(afterRun).conditionalAccessPolicies;
    const stillEnforced = after.filter((p) => p.body.state === "enabled");
    if (stillEnforced.length > 0) {
        throw new Error(`rollback of ${stack}: after the config change ${stillEnforced.map((p) => p.body.displayName).join(", ")} would still be enforced`);
    }
    const targets = after.map((policy) => afterRun.resources.find((r) => r.name === policy.name && policyBodyOf(r))!.urn);
    const message = `tp-rollout rollback ${stack}: Conditional Access policies of the wave back to report-only`;
    const argv = ["pulumi", ...automationUpArgs(stack, targets, message)];
    const mode = options.direct ? "through Microsoft Graph (--direct)" : "through Pulumi";
    const commit = commitCommand(edit, stack);

    say(`Rollback of stack "${stack}" to report-only, ${mode}${options.dryRun ? ": dry run, nothing is written or run" : ""}.`, ...ownerLines(edit));

    if (edit.changes.length === 0) {
        say("", `${edit.relativePath} already puts no policy of the wave in enforced mode; nothing to change there.`, ...edit.notes.map((n) => `  ${n}`));
        if (!options.direct) {
            say("", `Policies of the wave (${after.length}):`, ...after.map((p) => `  ${p.body.displayName}: ${stateLabel(p.body.state)}`),
                "", "If the tenant still enforces them (an earlier rollback's `pulumi up` did not finish), run it again:", `  ${shellCommand(argv)}`,
                `or, with the Pulumi backend out of reach: tp-rollout rollback ${stack} --direct`);
            return 0;
        }
    } else {
        say("", `Config change in ${edit.relativePath}:`, ...edit.changes.map((c) => `  ${c.key}: ${c.before} -> ${c.after}`), ...edit.notes.map((n) => `  ${n}`));
    }
    say("", `Policies of the wave (${after.length}):`, ...policyLines(before, after));

    if (options.dryRun) {
        if (edit.changes.length > 0) {
            say("", "The stack file would change:", unifiedDiff(edit.before, edit.after, edit.relativePath));
        }
        if (options.direct) {
            say("", "Graph requests (no Graph call is made in a dry run):", ...directPatchPlan(stack).map((l) => `  ${l}`));
        } else {
            say("", `Command (run through the Automation API in ${projectDir}; the Pulumi CLI reads ${edit.relativePath} through stackConfigDir):`, `  ${shellCommand(argv)}`);
        }
        if (edit.changes.length > 0) {
            say("", "Then commit the config change, so the next deploy does not enforce the wave again:", `  ${commit}`);
        }
        return 0;
    }

    warnAboutUncommittedWork(projectDir, edit, say);
    if (edit.changes.length > 0) {
        fs.writeFileSync(edit.file, edit.after);
        say("", `Wrote ${edit.relativePath}.`);
    }
    const ok = options.direct
        ? await directRollback(stack, (options.graphClient ?? defaultGraphClient)(), say)
        : await pulumiRollback(projectDir, stack, targets, message, argv, write);
    if (!ok) {
        return 1;
    }
    say("", propagationNote);
    if (edit.changes.length > 0) {
        say("", "Commit the config change now, so the next deploy does not enforce the wave again:", `  ${commit}`);
    }
    return 0;
}

/** The process's Graph client, configured from the environment (DefaultAzureCredential, 1 request/s). */
function defaultGraphClient(): DirectGraphClient {
    return sharedGraphClient();
}

async function pulumiRollback(projectDir: string, stack: string, targets: string[], message: string, argv: string[], write: (text: string) => void): Promise<boolean> {
    const say = (...lines: string[]) => write(lines.join("\n") + "\n");
    say("", `Running (Automation API, in ${projectDir}):`, `  ${shellCommand(argv)}`, "");
    try {
        // Pulumi's own progress, streamed as it comes.
        const outcome = await upTargets(projectDir, stack, targets, message, write);
        const counts = Object.entries(outcome.resourceChanges).map(([op, n]) => `${n} ${pastTense[op] ?? op}`).join(", ");
        say("", `Pulumi finished in ${(outcome.elapsedMs / 1000).toFixed(1)} s${counts ? `: ${counts}` : ""}.`);
        return true;
    } catch (err) {
        say("", `pulumi up failed: ${pulumiErrorLine(err)}`,
            "The stack file is already changed. If the Pulumi backend is out of reach, put the policies back to report-only through Graph:",
            `  tp-rollout rollback ${stack} --direct`);
        return false;
    }
}

/**
 * The CLI's own `error:` lines. The Automation API wraps a failed command twice (the second wrapper's
 * stderr is the first one's whole text, argv included), so the innermost stderr is the one to read.
 */
function pulumiErrorLine(err: unknown): string {
    type Wrapped = { commandResult?: { stderr?: string; err?: Wrapped } };
    let stderr = "";
    for (let e = err as Wrapped | undefined; e?.commandResult; e = e.commandResult.err) {
        stderr = e.commandResult.stderr ?? stderr;
    }
    const lines = (stderr || (err as Error).message).split("\n").map((l) => l.trim()).filter(Boolean);
    const errors = lines.filter((l) => l.startsWith("error:"));
    return (errors.length > 0 ? errors : lines).slice(-3).join(" | ");
}

const pastTense: Readonly<Record<string, string>> = { update: "updated", create: "created", delete: "deleted", same: "unchanged", replace: "replaced" };

function ownerLines(edit: RollbackEdit): string[] {
    const rollback = edit.waveBefore.rollback;
    if (!rollback?.owner && !rollback?.trigger) {
        return ["No rollback owner or trigger is configured (token-protection:rollback); the readiness gate asks for both."];
    }
    return [`Rollback owner: ${rollback.owner ?? "(not set)"}`, `Trigger: ${rollback.trigger ?? "(not set)"}`];
}

/** Each policy's state change first, then the other fields the report-only body changes. */
function policyLines(before: PlannedPolicy[], after: PlannedPolicy[]): string[] {
    const labeller = new Labeller();
    return after.flatMap((policy) => {
        const old = before.find((p) => p.kind === policy.kind);
        if (!old) {
            return [`  ${policy.body.displayName}: ${stateLabel(policy.body.state)} (new)`];
        }
        const fields = policyFieldChanges(old.body, policy.body, labeller);
        const change = stateChange(fields);
        const state = change ? `${change.before} -> ${change.after}` : `${stateLabel(policy.body.state)} (unchanged)`;
        return [`  ${policy.body.displayName}: ${state}`, ...fields.filter((f) => !f.enforcement).map((f) => `      ${fieldLine(f)}`)];
    });
}

/** The stack file's path as the operator's shell sees it: relative to where they stand, if inside. */
function commitCommand(edit: RollbackEdit, stack: string): string {
    const relative = path.relative(process.cwd(), edit.file);
    const file = relative.startsWith("..") || path.isAbsolute(relative) ? edit.file : relative.split(path.sep).join("/");
    return `${shellCommand(["git", "add", file])} && ${shellCommand(["git", "commit", "-m", `Roll back ${stack} to report-only (tp-rollout rollback)`])}`;
}

/** The program runs from the working tree: say so when it holds changes nobody committed. */
function warnAboutUncommittedWork(projectDir: string, edit: RollbackEdit, say: (...lines: string[]) => void): void {
    let status: string;
    try {
        status = execFileSync("git", ["status", "--porcelain", "--untracked-files=no", "--", "."], { cwd: projectDir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    } catch {
        return; // Not a git checkout: nothing to compare with.
    }
    const changed = status.split("\n").filter(Boolean).map((line) => line.slice(3));
    const stackFile = path.relative(projectDir, edit.file).split(path.sep).join("/");
    if (changed.some((f) => f.endsWith(stackFile))) {
        say("", `warning: ${edit.relativePath} already had uncommitted changes; the commit below includes them.`);
    }
    const others = changed.filter((f) => !f.endsWith(stackFile));
    if (others.length > 0) {
        say("", `warning: uncommitted changes in ${others.slice(0, 5).join(", ")}${others.length > 5 ? ", ..." : ""}; the program runs as it is in the working tree.`);
    }
}
