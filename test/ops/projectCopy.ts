// A throw-away copy of the project for specs that write stack files or commit: the shared checkout's
// stacks/ are never touched. node_modules is linked, so the copy's program shares this process's
// @pulumi/pulumi (and its mocks) exactly as `diff --base` does with a git tree.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../../cli/program";

const programPaths = ["index.ts", "Pulumi.yaml", "tsconfig.json", "package.json", "components", "model", "graph", "evidence", "kql", "stacks"];

export interface ProjectCopy {
    dir: string;
    file(relative: string): string;
    read(relative: string): string;
    write(relative: string, text: string): void;
    git(...args: string[]): string;
    dispose(): void;
}

export function copyProject(options: { git?: boolean } = {}): ProjectCopy {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-rollout-spec-"));
    for (const entry of programPaths) {
        fs.cpSync(path.join(projectRoot, entry), path.join(dir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(projectRoot, "node_modules"), path.join(dir, "node_modules"), "junction");
    const copy: ProjectCopy = {
        dir,
        file: (relative) => path.join(dir, relative),
        read: (relative) => fs.readFileSync(path.join(dir, relative), "utf8"),
        write: (relative, text) => fs.writeFileSync(path.join(dir, relative), text),
        git: (...args) => execFileSync("git", ["-c", "user.name=spec", "-c", "user.email=spec@example.invalid", "-c", "commit.gpgsign=false", ...args], {
            cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
        }),
        dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
    if (options.git) {
        fs.writeFileSync(path.join(dir, ".gitignore"), "node_modules\n");
        copy.git("init", "--quiet", "--initial-branch=main");
        copy.git("add", ".");
        copy.git("commit", "--quiet", "-m", "base");
    }
    return copy;
}
