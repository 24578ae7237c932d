// Runs a function with test/support/fake-pulumi first on PATH, and reads back what the stand-in recorded.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../../cli/program";

export interface PulumiCall {
    argv: string[];
    cwd: string;
    env: Record<string, string>;
}

export const fakePulumiDir = path.join(projectRoot, "test", "support", "fake-pulumi");

export async function withFakePulumi<T>(env: Record<string, string>, run: () => Promise<T>): Promise<{ result: T; calls: PulumiCall[] }> {
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-rollout-fake-pulumi-"));
    const log = path.join(logDir, "calls.jsonl");
    const saved = { ...process.env };
    Object.assign(process.env, { PATH: `${fakePulumiDir}${path.delimiter}${process.env.PATH}`, FAKE_PULUMI_LOG: log }, env);
    try {
        const result = await run();
        const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as PulumiCall) : [];
        return { result, calls };
    } finally {
        for (const key of Object.keys(process.env)) {
            if (!(key in saved)) delete process.env[key];
        }
        Object.assign(process.env, saved);
        fs.rmSync(logDir, { recursive: true, force: true });
    }
}
