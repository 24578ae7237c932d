// `tp-rollout` as the specs run it: the real bin in a child process (exit codes, the stdout/stderr split),
// or main() in-process for the cheap cases (it returns the exit code the bin would set).
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { main } from "../../cli/main";
import { projectRoot } from "../../cli/program";

export interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

export function runBin(...args: string[]): CliResult {
    const result = spawnSync(process.execPath, [path.join(projectRoot, "bin", "tp-rollout.js"), ...args], { cwd: projectRoot, encoding: "utf8" });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export async function runInProcess(...args: string[]): Promise<CliResult & { code: number }> {
    const out = { stdout: "", stderr: "" };
    const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
    process.stdout.write = ((chunk: string) => ((out.stdout += chunk), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => ((out.stderr += chunk), true)) as typeof process.stderr.write;
    try {
        return { code: await main(["node", "tp-rollout", ...args]), ...out };
    } finally {
        process.stdout.write = writes.stdout;
        process.stderr.write = writes.stderr;
        process.exitCode = undefined;
    }
}
