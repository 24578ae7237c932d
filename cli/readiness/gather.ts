// Gathers what the readiness gate weighs: the wave's plan as if enforced, run through the policy pack's
// rules; the sign-in evidence from files or a workspace; the other stacks' waves.
import { configNamespace } from "../../components/config";
import { listStacks, loadWaveConfig, readProject, readStackConfig, waveConfigFromRaw } from "../../components/stackConfig";
import { analyzeFiles } from "../../evidence/analyze";
import { Progress } from "../../evidence/progress";
import { AnalyzeReport } from "../../evidence/report";
import { analyzeWorkspace } from "../../evidence/workspace/runWorkspaceQueries";
import { contextFromWaveConfig } from "../../policypack/context";
import { checkRun, waveLevels } from "../check";
import { UsageError } from "../errors";
import { policyBodyOf } from "../plan";
import { projectRoot, runProgram } from "../program";
import { assessReadiness, ReadinessReport } from "./assess";

export interface ReadinessOptions {
    /** The project holding the stack files; default this repository. */
    projectDir?: string;
    logs?: string[];
    workspace?: string;
    days?: number;
    since?: Date;
    policyIds?: string[];
    soakDays: number;
    today: Date;
    progress?: Progress;
}

export async function gatherReadiness(stack: string, options: ReadinessOptions): Promise<ReadinessReport> {
    const project = readProject(options.projectDir ?? projectRoot);
    const config = loadWaveConfig(project, stack, options.today);
    if (config.wave === "report-only") {
        throw new UsageError(`stack "${stack}" is the report-only wave, which never enforces; the readiness gate is for a pilot or expansion wave`);
    }
    // The gate asks what enforcing would deploy: the same config with enforcement flipped on. A missing
    // soak date is the gate's finding (item 7), not a reason to stop, so the simulation borrows today.
    const raw = readStackConfig(project, stack);
    const ns = configNamespace;
    const enforcedRaw = { ...raw, [`${ns}:enforcement`]: "enforced", [`${ns}:reportOnlySince`]: raw[`${ns}:reportOnlySince`] ?? options.today.toISOString().slice(0, 10) };
    const enforced = waveConfigFromRaw(stack, enforcedRaw, options.today);
    const run = await runProgram(stack, { config: enforcedRaw, projectDir: project.projectDir });
    const { violations } = checkRun(run, { ...contextFromWaveConfig(enforced, options.today), soakDays: options.soakDays }, waveLevels(config.wave).config);
    const policies = run.resources.map(policyBodyOf).filter((body) => body !== undefined);

    const otherStacks = listStacks(project).filter((s) => s !== stack).flatMap((s) => {
        try {
            const other = loadWaveConfig(project, s, options.today);
            return [{ stack: s, wave: other.wave, enforcement: other.enforcement }];
        } catch {
            return [];
        }
    });
    return assessReadiness({ config, policies, violations, logs: await evidence(options), otherStacks, soakDays: options.soakDays, today: options.today });
}

async function evidence(options: ReadinessOptions): Promise<AnalyzeReport | undefined> {
    if (options.workspace) {
        return analyzeWorkspace({ workspaceId: options.workspace, days: options.days ?? options.soakDays, since: options.since, policyIds: options.policyIds });
    }
    if (options.logs && options.logs.length > 0) {
        return analyzeFiles(options.logs, { since: options.since, policyIds: options.policyIds, progress: options.progress });
    }
    return undefined;
}
