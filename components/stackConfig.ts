// Reads a stack's config the way the Pulumi CLI hands it to the program: project-level values from
// Pulumi.yaml, overridden by `<stackConfigDir>/Pulumi.<stack>.yaml`, objects as JSON text. Used where no
// Pulumi engine runs: `plan`, `check`, `readiness`, `rollback` and the policy pack.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { configKeys, configNamespace, parseWaveConfig, WaveConfig } from "./config";

export interface ProjectFiles {
    /** The directory holding Pulumi.yaml. */
    projectDir: string;
    projectName: string;
    stackConfigDir: string;
}

export class StackConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackConfigError";
    }
}

export function readProject(projectDir: string): ProjectFiles {
    const file = path.join(projectDir, "Pulumi.yaml");
    const project = readYaml(file) as { name?: string; stackConfigDir?: string } | undefined;
    if (!project?.name) {
        throw new StackConfigError(`${file} has no project name`);
    }
    return { projectDir, projectName: project.name, stackConfigDir: path.join(projectDir, project.stackConfigDir ?? ".") };
}

export function stackConfigFile(project: ProjectFiles, stack: string): string {
    return path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
}

/** The stacks that have a committed config file. */
export function listStacks(project: ProjectFiles): string[] {
    return fs.readdirSync(project.stackConfigDir)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

/** The stack's raw config as Pulumi passes it to the program: `namespace:key` to string. */
export function readStackConfig(project: ProjectFiles, stack: string): Record<string, string> {
    const file = stackConfigFile(project, stack);
    if (!fs.existsSync(file)) {
        const known = listStacks(project);
        throw new StackConfigError(`stack "${stack}" has no config file ${path.relative(process.cwd(), file) || file}; stacks: ${known.join(", ") || "none"}`);
    }
    const projectConfig = ((readYaml(path.join(project.projectDir, "Pulumi.yaml")) as { config?: Record<string, unknown> }).config) ?? {};
    const stackConfig = ((readYaml(file) as { config?: Record<string, unknown> } | undefined)?.config) ?? {};
    const result: Record<string, string> = {};
    for (const [key, entry] of Object.entries(projectConfig)) {
        const value = projectConfigValue(entry);
        if (value !== undefined) {
            result[qualify(project.projectName, key)] = encode(value);
        }
    }
    for (const [key, value] of Object.entries(stackConfig)) {
        // Encrypted values cannot be read offline; the package keeps no secrets in config.
        result[qualify(project.projectName, key)] = isSecure(value) ? "[secret]" : encode(value);
    }
    return result;
}

/** Reads and validates a committed stack's config: the same parser the program uses. */
export function loadWaveConfig(project: ProjectFiles, stack: string, today?: Date): WaveConfig {
    return waveConfigFromRaw(stack, readStackConfig(project, stack), today);
}

/** Validates raw config (`namespace:key` to string, as `readStackConfig` returns it). */
export function waveConfigFromRaw(stack: string, raw: Record<string, string>, today?: Date): WaveConfig {
    return parseWaveConfig(stack, Object.fromEntries(configKeys.map((key) => [key, raw[`${configNamespace}:${key}`]])), today);
}

function readYaml(file: string): unknown {
    try {
        return parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new StackConfigError(`${file} cannot be read: ${(err as Error).message.split("\n")[0]}`);
    }
}

function qualify(projectName: string, key: string): string {
    return key.includes(":") ? key : `${projectName}:${key}`;
}

/** Project config entries are a plain value, `{ value }`, or a schema with a `default`. */
function projectConfigValue(entry: unknown): unknown {
    if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
        const schema = entry as { value?: unknown; default?: unknown };
        return "value" in schema ? schema.value : schema.default;
    }
    return entry;
}

function isSecure(value: unknown): boolean {
    return value !== null && typeof value === "object" && "secure" in (value as object);
}

function encode(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}
