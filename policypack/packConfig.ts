// Pack config: enforcement levels per wave and rule properties, in the JSON format of
// `pulumi preview --policy-pack-config`. `tp-rollout check` reads the same files and applies them the way
// the Pulumi CLI does (rule defaults, then "all", then each rule's entry), so both front ends agree.
import * as fs from "fs";
import * as path from "path";
import { isJsonObject } from "../model/json";
import { rules } from "./rules";
import { Level, RuleName } from "./rules/types";

/** Bad input the operator can fix (a file that is missing or malformed): printed as one line, exit code 2. */
export class InputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputError";
    }
}

export interface RuleConfig {
    level: Level;
    properties: Record<string, unknown>;
}
export type PackConfig = Record<RuleName, RuleConfig>;

/** The committed per-wave files: policypack/config/<wave>.json. */
export const packConfigDir = path.join(__dirname, "config");

const levels = ["advisory", "mandatory", "remediate", "disabled"];

/** Each rule at its own default level, with its schema's defaults. */
export function defaultPackConfig(): PackConfig {
    return Object.fromEntries(rules.map((rule) => [rule.name, {
        level: rule.defaultLevel,
        properties: Object.fromEntries(Object.entries(rule.configSchema).filter(([, schema]) => "default" in schema).map(([key, schema]) => [key, schema.default])),
    }])) as PackConfig;
}

// No rule remediates; CrossGuard itself reports a remediate-level violation as mandatory.
function toLevel(value: string): Level {
    return value === "remediate" ? "mandatory" : (value as Level);
}

function parseLevel(value: unknown, where: string): Level {
    if (typeof value !== "string" || !levels.includes(value)) {
        throw new InputError(`${where} is ${JSON.stringify(value)}; allowed: ${levels.join(" | ")}`);
    }
    return toLevel(value);
}

const jsonTypes: Record<string, (value: unknown) => boolean> = {
    string: (v) => typeof v === "string",
    boolean: (v) => typeof v === "boolean",
    integer: (v) => Number.isInteger(v),
    number: (v) => typeof v === "number",
    array: (v) => Array.isArray(v),
    object: isJsonObject,
};

/** The given JSON applied over the defaults. Throws an InputError naming the file and the bad entry. */
export function reconcilePackConfig(json: unknown, source: string): PackConfig {
    const config = defaultPackConfig();
    if (!isJsonObject(json)) {
        throw new InputError(`${source} is not a JSON object of rule name to level or { enforcementLevel, ... }`);
    }
    const entries = json;
    if ("all" in entries) {
        const all = entries.all;
        const level = typeof all === "string" ? all : (all as { enforcementLevel?: unknown } | null)?.enforcementLevel;
        const parsed = parseLevel(level, `${source}: "all"`);
        for (const rule of rules) {
            config[rule.name].level = parsed;
        }
    }
    for (const [name, entry] of Object.entries(entries)) {
        if (name === "all") {
            continue;
        }
        const rule = rules.find((r) => r.name === name);
        if (!rule) {
            throw new InputError(`${source}: "${name}" is not a rule; rules: ${rules.map((r) => r.name).join(", ")}`);
        }
        if (typeof entry === "string") {
            config[rule.name].level = parseLevel(entry, `${source}: "${name}"`);
            continue;
        }
        if (!isJsonObject(entry)) {
            throw new InputError(`${source}: "${name}" is ${JSON.stringify(entry)}; allowed: a level or { enforcementLevel, ...properties }`);
        }
        for (const [key, value] of Object.entries(entry)) {
            if (key === "enforcementLevel") {
                config[rule.name].level = parseLevel(value, `${source}: "${name}".enforcementLevel`);
                continue;
            }
            const schema = rule.configSchema[key];
            if (!schema) {
                const known = ["enforcementLevel", ...Object.keys(rule.configSchema)];
                throw new InputError(`${source}: "${name}".${key} is not a property of this rule; allowed: ${known.join(", ")}`);
            }
            const type = schema.type as string;
            const enumValues = schema.enum as unknown[] | undefined;
            if (!jsonTypes[type](value) || (enumValues && !enumValues.includes(value))) {
                throw new InputError(`${source}: "${name}".${key} is ${JSON.stringify(value)}; allowed: ${enumValues ? enumValues.join(" | ") : `a JSON ${type}`}`);
            }
            config[rule.name].properties[key] = value;
        }
    }
    return config;
}

/** Reads and applies a pack config file. */
export function loadPackConfig(file: string): PackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`);
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (err) {
        throw new InputError(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    return reconcilePackConfig(json, file);
}

/** The committed config of a wave, as `pulumi preview --policy-pack-config policypack/config/<wave>.json` applies it. */
export function packConfigFileOfWave(wave: string): string {
    return path.join(packConfigDir, `${wave}.json`);
}
