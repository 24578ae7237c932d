// The committed tree at a git ref, written to a temporary directory so its own index.ts can run under
// mocks. `git archive` only reads the object store: it takes no lock and leaves the checkout, the index
// and .git/worktrees alone, so it is safe while others work in the same clone.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UsageError } from "../cli/errors";

export interface MaterialisedTree {
    /** The project directory inside the extracted tree (the ref's Pulumi.yaml is here). */
    projectDir: string;
    /** The full commit the ref named. */
    commit: string;
    dispose(): void;
}

function git(cwd: string, args: string[]): string {
    try {
        return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 512 * 1024 * 1024 });
    } catch (err) {
        const stderr = String((err as { stderr?: unknown }).stderr ?? "").trim().split("\n")[0];
        throw new UsageError(`git ${args[0]} failed in ${cwd}: ${stderr || (err as Error).message}`);
    }
}

/** The commit `ref` names, or a UsageError that says the ref is unknown. */
export function resolveCommit(projectDir: string, ref: string): string {
    if (ref.startsWith("-")) {
        throw new UsageError(`--base ${JSON.stringify(ref)} is not a git ref`);
    }
    try {
        return execFileSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: projectDir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
        throw new UsageError(`--base ${JSON.stringify(ref)} is not a commit in this repository (in CI, fetch it first: actions/checkout with fetch-depth: 0)`);
    }
}

/**
 * Extracts the project at `ref` (the same subdirectory of the repository as `projectDir`) and links the
 * working tree's node_modules into it. Resolution follows the link to the real path, so the base tree's
 * program shares this process's @pulumi/pulumi, whose mocks runProgram installs.
 */
export function materialiseRef(projectDir: string, ref: string): MaterialisedTree {
    const commit = resolveCommit(projectDir, ref);
    const prefix = git(projectDir, ["rev-parse", "--show-prefix"]).trim();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "tp-rollout-base-"));
    const dispose = () => fs.rmSync(root, { recursive: true, force: true });
    try {
        const archive = path.join(root, "tree.tar");
        git(projectDir, ["archive", "--format=tar", "-o", archive, commit, ...(prefix ? [prefix] : [])]);
        const tree = path.join(root, "tree");
        fs.mkdirSync(tree);
        execFileSync("tar", ["-xf", archive, "-C", tree], { stdio: ["ignore", "ignore", "pipe"] });
        fs.rmSync(archive);
        const baseProject = path.join(tree, prefix);
        if (!fs.existsSync(path.join(baseProject, "Pulumi.yaml"))) {
            throw new UsageError(`${ref} (${commit.slice(0, 7)}) has no Pulumi.yaml in ${prefix || "the repository root"}`);
        }
        fs.symlinkSync(path.join(projectDir, "node_modules"), path.join(baseProject, "node_modules"), "junction");
        return { projectDir: baseProject, commit, dispose };
    } catch (err) {
        dispose();
        throw err;
    }
}
