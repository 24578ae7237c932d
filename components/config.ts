// The stack config contract: the keys under `token-protection:` are the product's public interface.
// Parsing is pure (no Pulumi engine), so the program, `plan`, `check`, `readiness`, the policy pack and
// `rollback` all read a stack's config through this one function.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { Enforcement, enforcementValues, isGuid } from "../model/conditionalAccess";
import { buildDeviceExclusionRule, maxDeviceFilterRuleLength } from "../model/deviceFilter";

export const configNamespace = "token-protection";
export const waves = ["report-only", "pilot", "expansion"] as const;
export type Wave = (typeof waves)[number];

/**
 * A stack's config, validated and with every default applied: the schema's output, with the wave settled
 * (from the stack name when not set) and each companion's enforcement resolved.
 */
export type WaveConfig = Omit<z.output<typeof schema>, "wave" | "companions"> & {
    stack: string;
    wave: Wave;
    companions: { blockUnknownPlatforms: Enforcement; requireCompliance: Enforcement };
};

/** The config keys, without namespace, in the order `plan` reads them. */
export const configKeys = [
    "wave", "enforcement", "reportOnlySince", "scope", "breakGlassUserIds", "windowsApp", "applePreview",
    "deviceExclusions", "companions", "logAnalytics", "rollback", "exoPowerShellInventory", "unboundExceptions",
] as const;
export type ConfigKey = (typeof configKeys)[number];

/** Bad stack config: one message naming each bad key, its value and what is allowed. */
export class ConfigError extends pulumi.RunError {
    constructor(readonly problems: string[]) {
        super(problems.join("\n"));
        this.name = "ConfigError";
    }
}

const guid = z.string().refine(isGuid, { message: "an object ID (GUID) like 00000000-0000-0000-0000-000000000000" });
const guids = z.array(guid, { message: "a list of object IDs (GUIDs)" });
const enforcement = z.enum(enforcementValues as [Enforcement, ...Enforcement[]], { message: enforcementValues.join(" | ") });
const bool = z.boolean({ message: "true | false" });
/** A real calendar date written YYYY-MM-DD ("2026-02-31" is not one, though Date.parse rolls it over). */
export function isIsoDate(text: string): boolean {
    return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "a date as YYYY-MM-DD" }).refine(isIsoDate, { message: "a real calendar date as YYYY-MM-DD" });
const nonEmpty = z.string({ message: "a non-empty string" }).min(1, { message: "a non-empty string" });

const schema = z.object({
    wave: z.enum(waves, { message: waves.join(" | ") }).optional(),
    enforcement: enforcement,
    /** When this population's report-only soak began (YYYY-MM-DD). */
    reportOnlySince: isoDate.optional(),
    scope: z.strictObject({
        groupIds: guids.default([]),
        roleTemplateIds: guids.default([]),
        userIds: guids.default([]),
        memberUserIds: guids.default([]),
        allUsers: bool.default(false),
        excludeGuests: bool.default(false),
    }, { message: "an object with groupIds, roleTemplateIds, userIds, memberUserIds, allUsers, excludeGuests" }),
    breakGlassUserIds: guids,
    windowsApp: bool.default(false),
    applePreview: bool.default(false),
    deviceExclusions: z.strictObject({
        cloudPc: bool.default(true),
        avdSessionHosts: bool.default(true),
        powerAutomateHosted: bool.default(true),
        azureVmLogin: bool.default(true),
        autopilotProfileNames: z.array(nonEmpty, { message: "a list of Intune enrollment profile names" }).default([]),
        customRules: z.array(nonEmpty, { message: "a list of device filter rules" }).default([]),
    }, { message: "an object with cloudPc, avdSessionHosts, powerAutomateHosted, azureVmLogin, autopilotProfileNames, customRules" }).prefault({}),
    companions: z.strictObject({
        blockUnknownPlatforms: enforcement.optional(),
        requireCompliance: enforcement.optional(),
    }, { message: "an object with blockUnknownPlatforms, requireCompliance" }).default({}),
    logAnalytics: z.strictObject({
        resourceGroupName: nonEmpty,
        location: nonEmpty,
        workspaceName: nonEmpty.optional(),
        // The portal keeps sign-ins 30 days; Log Analytics interactive retention goes up to 730 days.
        retentionDays: z.number({ message: "a whole number of days from 30 to 730" }).int({ message: "a whole number of days from 30 to 730" })
            .min(30, { message: "a whole number of days from 30 to 730 (the portal already keeps 30)" })
            .max(730, { message: "a whole number of days from 30 to 730" }),
        includeServicePrincipalSignIns: bool.default(false),
        includeManagedIdentitySignIns: bool.default(false),
        alertEmails: z.array(z.email({ message: "an email address" }), { message: "a list of email addresses" }).default([]),
    }, { message: "an object with resourceGroupName, location, workspaceName, retentionDays" }).optional(),
    rollback: z.strictObject({ owner: nonEmpty.optional(), trigger: nonEmpty.optional() }, { message: "an object with owner, trigger" }).optional(),
    exoPowerShellInventory: z.array(z.strictObject({
        endpoint: nonEmpty,
        version: z.string().regex(/^\d+(\.\d+){0,3}$/, { message: "a module version like 3.7.0" }),
    }, { message: "an object with endpoint, version" }), { message: "a list of { endpoint, version }" }).default([]),
    /** Unbound status codes the team has looked at and accepted, each with the reason (the readiness gate reads them). */
    unboundExceptions: z.array(z.strictObject({
        code: z.number({ message: "an unbound status code from 1002 to 1008" }).int({ message: "an unbound status code from 1002 to 1008" })
            .min(1002, { message: "an unbound status code from 1002 to 1008" }).max(1008, { message: "an unbound status code from 1002 to 1008" }),
        app: nonEmpty.optional(),
        reason: nonEmpty,
    }, { message: "an object with code, app, reason" }), { message: "a list of { code, app?, reason }" }).default([]),
});

type RawConfig = Partial<Record<ConfigKey, string>>;

/**
 * Validates a stack's raw config (the strings Pulumi hands the program; objects as JSON text) and
 * applies the defaults. Throws one ConfigError that names every bad key, its value and what is allowed.
 */
export function parseWaveConfig(stack: string, raw: RawConfig, today: Date = new Date()): WaveConfig {
    const input: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const key of configKeys) {
        const text = raw[key];
        if (text === undefined) {
            continue;
        }
        input[key] = decodeValue(key, text, problems);
    }
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
        throw new ConfigError(parsed.error.issues.map((issue) => describeIssue(issue, input)));
    }
    const config = parsed.data;
    const wave = config.wave ?? ((waves as readonly string[]).includes(stack) ? (stack as Wave) : undefined);
    if (!wave) {
        problems.push(`${configNamespace}:wave is not set and the stack name "${stack}" is not a wave; allowed: ${waves.join(" | ")}`);
    }
    const result: WaveConfig = {
        ...config,
        stack,
        wave: wave ?? "report-only",
        companions: {
            blockUnknownPlatforms: config.companions.blockUnknownPlatforms ?? config.enforcement,
            requireCompliance: config.companions.requireCompliance ?? config.enforcement,
        },
    };
    problems.push(...crossFieldProblems(result, today));
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return result;
}

function decodeValue(key: ConfigKey, text: string, problems: string[]): unknown {
    const isStructured = ["scope", "breakGlassUserIds", "deviceExclusions", "companions", "logAnalytics", "rollback", "exoPowerShellInventory", "unboundExceptions"].includes(key);
    if (isStructured || key === "windowsApp" || key === "applePreview") {
        try {
            return JSON.parse(text);
        } catch {
            problems.push(`${configNamespace}:${key} is ${JSON.stringify(text)}; allowed: ${isStructured ? "a YAML object or list" : "true | false"}`);
            return undefined;
        }
    }
    return text;
}

function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): string {
    const key = configKeyPath(issue.path);
    if (issue.code === "unrecognized_keys") {
        return `${key} has unknown key(s) ${issue.keys.join(", ")}; allowed: ${issue.message.replace(/^an object with /, "")}`;
    }
    const value = valueAt(input, issue.path);
    if (value === undefined) {
        return `${key} is not set; required: ${issue.message}`;
    }
    return `${key} is ${JSON.stringify(value)}; allowed: ${issue.message}`;
}

function configKeyPath(path: PropertyKey[]): string {
    const dotted = path.reduce<string>((text, part) => (typeof part === "number" ? `${text}[${part}]` : `${text}${text ? "." : ""}${String(part)}`), "");
    return `${configNamespace}:${dotted}`;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
    return path.reduce<unknown>((value, part) => (value as Record<PropertyKey, unknown> | undefined)?.[part], input);
}

function crossFieldProblems(config: WaveConfig, today: Date): string[] {
    const ns = configNamespace;
    const problems: string[] = [];
    const { scope } = config;
    if (config.breakGlassUserIds.length === 0) {
        problems.push(`${ns}:breakGlassUserIds is []; allowed: at least one emergency-access account object ID (two recommended)`);
    }
    const hasScope = scope.allUsers || [scope.groupIds, scope.roleTemplateIds, scope.userIds, scope.memberUserIds].some((ids) => ids.length > 0);
    if (!hasScope) {
        problems.push(`${ns}:scope is empty; allowed: at least one of groupIds, roleTemplateIds, userIds, memberUserIds, or allUsers: true`);
    }
    if (scope.allUsers && config.wave === "pilot") {
        problems.push(`${ns}:scope.allUsers is true; not allowed in the pilot wave: scope the pilot to privileged roles (roleTemplateIds) or a pilot group`);
    }
    for (const id of config.breakGlassUserIds) {
        if (scope.userIds.includes(id) || scope.memberUserIds.includes(id)) {
            problems.push(`${ns}:scope includes break-glass account ${id}; allowed: break-glass accounts only in ${ns}:breakGlassUserIds, never in a wave's scope`);
        }
    }
    if (config.enforcement === "enforced" && !config.reportOnlySince) {
        problems.push(`${ns}:reportOnlySince is not set; required when ${ns}:enforcement is enforced: the date (YYYY-MM-DD) this population's report-only soak began`);
    }
    if (config.reportOnlySince && new Date(`${config.reportOnlySince}T00:00:00Z`).getTime() > today.getTime()) {
        problems.push(`${ns}:reportOnlySince is "${config.reportOnlySince}"; allowed: a date that is not in the future`);
    }
    const rule = buildDeviceExclusionRule(config.deviceExclusions);
    if (rule && rule.length > maxDeviceFilterRuleLength) {
        problems.push(`${ns}:deviceExclusions builds a ${rule.length}-character device filter; allowed: at most ${maxDeviceFilterRuleLength} characters (Entra's limit)`);
    }
    return problems;
}
