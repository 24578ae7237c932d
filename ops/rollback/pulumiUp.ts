// `pulumi up` for the wave's Conditional Access policies through the Automation API, which drives the
// Pulumi CLI found on PATH. workDir is the project root: the CLI reads Pulumi.yaml there and, through its
// `stackConfigDir: stacks`, the stack file rollback just edited. The Node LocalWorkspace's own
// stackSettings()/saveStackSettings() ignore stackConfigDir (they use <workDir>/Pulumi.<stack>.yaml, the
// gotcha peers report for Go as pulumi/pulumi#10305), so rollback never calls them, nor setConfig, nor
// passes `stackSettings`: the stack file is edited directly and only the CLI reads it.
import { LocalWorkspace, UpResult } from "@pulumi/pulumi/automation";

/**
 * The argv the Automation API gives the CLI for `stack.up({ message, target })` (Stack.up, then
 * runPulumiCmd appends `--stack`, PulumiCommand.run appends `--non-interactive`). `rollback --dry-run`
 * prints exactly this, and the stand-in pulumi test proves the real call sends exactly this.
 */
export function automationUpArgs(stack: string, targets: string[], message: string): string[] {
    return ["up", "--yes", "--skip-preview", "--message", message, ...targets.flatMap((urn) => ["--target", urn]), "--exec-kind", "auto.local", "--stack", stack, "--non-interactive"];
}

/** A command line an operator can paste into a POSIX shell. */
export function shellCommand(argv: string[]): string {
    return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`)).join(" ");
}

export interface UpOutcome {
    /** Counts by operation from the update's history entry, e.g. { update: 3 }. */
    resourceChanges: Record<string, number>;
    elapsedMs: number;
}

export async function upTargets(projectDir: string, stack: string, targets: string[], message: string, onOutput: (text: string) => void): Promise<UpOutcome> {
    const started = Date.now();
    const workspaceStack = await LocalWorkspace.selectStack({ stackName: stack, workDir: projectDir });
    const result: UpResult = await workspaceStack.up({ target: targets, message, onOutput });
    return { resourceChanges: (result.summary?.resourceChanges ?? {}) as Record<string, number>, elapsedMs: Date.now() - started };
}
