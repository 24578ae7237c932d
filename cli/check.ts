// `tp-rollout check`: the policy pack's rules without Pulumi. On a stack it checks the offline plan (the
// program under mocks) with the stack's config as context and its wave's pack config for levels, so it
// agrees with `pulumi preview --policy-pack policypack`; on a tenant export it lints what is deployed.
import * as fs from "fs";
import * as path from "path";
import { loadWaveConfig, readProject } from "../components/stackConfig";
import { isGuid } from "../model/conditionalAccess";
import { contextFromWaveConfig, unknownContext, waveOfDisplayName } from "../policypack/context";
import { checkPolicy, checkResources, checkStackView, sortViolations } from "../policypack/engine";
import { defaultPackConfig, InputError, loadPackConfig, PackConfig, packConfigFileOfWave } from "../policypack/packConfig";
import { caPolicyTypes, policiesOnlyView, ResourceInput } from "../policypack/resources";
import { rules } from "../policypack/rules";
import { displayNameOf } from "../policypack/rules/read";
import { RuleContext, Violation } from "../policypack/rules/types";
import { UsageError } from "./errors";
import { ProgramRun, projectRoot, runProgram } from "./program";
import { isJsonObject } from "../model/json";

export interface CheckReport {
    /** One line saying what was checked, and with which levels. */
    subject: string;
    policyCount: number;
    violations: Violation[];
}

/** A wave's pack config: its committed levels file when there is one, else the rules' defaults. */
export function waveLevels(wave: string): { config: PackConfig; source: string } {
    const file = packConfigFileOfWave(wave);
    return fs.existsSync(file)
        ? { config: loadPackConfig(file), source: path.relative(process.cwd(), file) }
        : { config: defaultPackConfig(), source: "the rules' defaults" };
}

/** A program run through every rule: what `check <stack>` and the readiness gate both ask. */
export function checkRun(run: ProgramRun, context: RuleContext, levels: PackConfig): { resources: ResourceInput[]; violations: Violation[] } {
    const resources = run.resources.filter((r) => r.custom).map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs }));
    return { resources, violations: checkResources(resources, context, levels) };
}

/** The stack's offline plan through every rule, at the levels of its wave's committed pack config. */
export async function checkStack(stack: string, today = new Date()): Promise<CheckReport> {
    const run = await runProgram(stack);
    run.warnings.forEach((w) => process.stderr.write(`warning: ${w}\n`));
    const config = loadWaveConfig(readProject(projectRoot), stack, today);
    const levels = waveLevels(config.wave);
    const { resources, violations } = checkRun(run, contextFromWaveConfig(config, today), levels.config);
    return {
        subject: `stack "${stack}" (wave ${config.wave}): its offline plan under Pulumi mocks, levels from ${levels.source}`,
        policyCount: resources.filter((r) => caPolicyTypes.includes(r.type)).length,
        violations,
    };
}

/** The policies of an export: `{ value: [...] }` (Graph's list answer), a bare array, or one policy. */
export function parsePolicyExport(text: string, file: string): unknown[] {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (err) {
        throw new InputError(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    let list: unknown[];
    let prefix: string;
    if (Array.isArray(json)) {
        [list, prefix] = [json, ""];
    } else if (isJsonObject(json) && "value" in json) {
        if (!Array.isArray(json.value)) {
            throw new InputError(`${file}: "value" is not a list of policies`);
        }
        [list, prefix] = [json.value, "value"];
    } else if (isJsonObject(json) && ("conditions" in json || "displayName" in json)) {
        return [json];
    } else {
        throw new InputError(`${file} holds no Conditional Access policy: expected { "value": [...] } (the body of GET /beta/identity/conditionalAccess/policies), an array of policies, or one policy`);
    }
    list.forEach((item, i) => {
        if (!isJsonObject(item)) {
            throw new InputError(`${file}: ${prefix}[${i}] is ${JSON.stringify(item)}, not a policy object`);
        }
    });
    return list;
}

/**
 * An export through every rule. The wave is unknown, so it is checked as an enforcement wave: trap rules
 * mandatory, advisories advisory (the rules' defaults). A policy named by the package (`TP [pilot] ...`)
 * gets its wave from the name; rules that need stack config (soak, rollback owner, sign-in logs) do not apply.
 */
export function checkExport(file: string, breakGlassUserIds: string[] | undefined, today = new Date()): CheckReport {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`);
    }
    const policies = parsePolicyExport(text, file);
    const packConfig: PackConfig = defaultPackConfig();
    const base = { ...unknownContext(today), breakGlassUserIds };
    const violations = [
        ...policies.flatMap((policy) => checkPolicy(policy, { ...base, wave: waveOfDisplayName(displayNameOf(policy)) }, packConfig)),
        ...checkStackView(policiesOnlyView(policies.map((body) => ({ displayName: displayNameOf(body), body }))), base, packConfig),
    ];
    const breakGlass = breakGlassUserIds
        ? `${breakGlassUserIds.length} break-glass ${breakGlassUserIds.length === 1 ? "ID" : "IDs"} from --break-glass`
        : "no --break-glass IDs";
    return {
        subject: `${file}, exported from a tenant: enforcement-wave levels, waves read from "TP [<wave>] ..." names, ${breakGlass}`,
        policyCount: policies.length,
        violations: sortViolations(violations),
    };
}

export function parseBreakGlass(value: string): string[] {
    const ids = value.split(",").map((id) => id.trim()).filter(Boolean);
    const bad = ids.filter((id) => !isGuid(id));
    if (ids.length === 0 || bad.length > 0) {
        throw new UsageError(`--break-glass is ${JSON.stringify(value)}; allowed: comma-separated object IDs (GUIDs) of the break-glass accounts or of a group that holds them`);
    }
    return ids;
}

export function formatReport(report: CheckReport): string {
    const mandatory = report.violations.filter((v) => v.level === "mandatory").length;
    const advisory = report.violations.length - mandatory;
    const lines = [
        `Token Protection check of ${report.subject}`,
        `${report.policyCount} Conditional Access ${report.policyCount === 1 ? "policy" : "policies"}, ${rules.length} rules.`,
        "",
    ];
    if (report.violations.length === 0) {
        lines.push("No violations.", "");
    }
    for (const v of report.violations) {
        lines.push(`${v.level.toUpperCase().padEnd(9)} ${v.rule}  ${v.policy}`, `  ${v.message}`, "");
    }
    lines.push(`Result: ${mandatory > 0 ? "FAIL" : "PASS"} (${mandatory} mandatory, ${advisory} advisory).`);
    return lines.join("\n");
}
