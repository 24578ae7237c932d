// Where a rule's context comes from. In this repository it is the stack's committed config, read with the
// same parser the program uses, so nothing is stated twice; pack config can override any field a rule
// reads (for stacks outside this repository); a tenant export knows only what flags say.
import { WaveConfig, Wave, waves } from "../components/config";
import { loadWaveConfig, readProject } from "../components/stackConfig";
import { parsePolicyDisplayName } from "../model/conditionalAccess";
import { UnsupportedDeviceKind, unsupportedDeviceKinds } from "../model/deviceFilter";
import { defaultSoakDays, RuleContext } from "./rules/types";
import { isJsonObject } from "../model/json";

/** The context of a stack whose config is known. */
export function contextFromWaveConfig(config: WaveConfig, today: Date): RuleContext {
    const { customRules: _rulesTheModelChecks, ...exclusions } = config.deviceExclusions;
    return {
        wave: config.wave,
        breakGlassUserIds: [...config.breakGlassUserIds],
        breakGlassGroupIds: [],
        reportOnlySince: config.reportOnlySince ?? null,
        applePreview: config.applePreview,
        deviceExclusions: { ...exclusions, autopilotProfileNames: [...exclusions.autopilotProfileNames] },
        rollback: config.rollback ?? null,
        exoPowerShellInventory: config.exoPowerShellInventory.map((item) => ({ ...item })),
        ownsSignInLogs: config.logAnalytics !== undefined,
        soakDays: defaultSoakDays,
        today,
    };
}

/**
 * The context when no stack config is known. Assumes the tenant has every unsupported device kind (the
 * config's own default), and that an iOS/macOS policy is the Apple preview: only enforcing it fails.
 */
export function unknownContext(today: Date): RuleContext {
    return {
        breakGlassGroupIds: [],
        applePreview: true,
        deviceExclusions: { ...Object.fromEntries(unsupportedDeviceKinds.map((kind) => [kind, true])) as Record<UnsupportedDeviceKind, boolean>, autopilotProfileNames: [] },
        exoPowerShellInventory: [],
        soakDays: defaultSoakDays,
        today,
    };
}

/** The wave a policy the package created belongs to, from its display name (`TP [pilot] ...`). */
export function waveOfDisplayName(displayName: string): Wave | undefined {
    const stack = parsePolicyDisplayName(displayName)?.stack;
    return (waves as readonly string[]).includes(stack ?? "") ? (stack as Wave) : undefined;
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === "string");

/**
 * The context with a rule's pack config applied: each property named like a context field replaces it
 * (`deviceExclusions` field by field). Values of the wrong type are ignored: Pulumi validates pack config
 * against each rule's schema before the pack sees it, and `check` validates its files the same way.
 */
export function withOverrides(context: RuleContext, overrides: Record<string, unknown>): RuleContext {
    const result: RuleContext = { ...context, deviceExclusions: { ...context.deviceExclusions } };
    const o = overrides;
    if (Number.isInteger(o.soakDays) && (o.soakDays as number) > 0) result.soakDays = o.soakDays as number;
    if (isStrings(o.breakGlassUserIds)) result.breakGlassUserIds = [...o.breakGlassUserIds];
    if (isStrings(o.breakGlassGroupIds)) result.breakGlassGroupIds = [...o.breakGlassGroupIds];
    if (typeof o.reportOnlySince === "string") result.reportOnlySince = o.reportOnlySince;
    if (typeof o.applePreview === "boolean") result.applePreview = o.applePreview;
    if (typeof o.wave === "string" && (waves as readonly string[]).includes(o.wave)) result.wave = o.wave as Wave;
    if (isJsonObject(o.rollback)) result.rollback = { owner: stringOrUndefined(o.rollback.owner), trigger: stringOrUndefined(o.rollback.trigger) };
    if (Array.isArray(o.exoPowerShellInventory)) {
        result.exoPowerShellInventory = o.exoPowerShellInventory.filter(isJsonObject)
            .filter((item) => typeof item.endpoint === "string" && typeof item.version === "string")
            .map((item) => ({ endpoint: item.endpoint as string, version: item.version as string }));
    }
    if (isJsonObject(o.deviceExclusions)) {
        for (const kind of unsupportedDeviceKinds) {
            if (typeof o.deviceExclusions[kind] === "boolean") result.deviceExclusions[kind] = o.deviceExclusions[kind] as boolean;
        }
        if (isStrings(o.deviceExclusions.autopilotProfileNames)) result.deviceExclusions.autopilotProfileNames = [...o.deviceExclusions.autopilotProfileNames];
    }
    return result;
}

function stringOrUndefined(value: unknown): string | undefined {
    return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function parseUrn(urn: string): { stack: string; project: string } | undefined {
    const match = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
    return match ? { stack: match[1], project: match[2] } : undefined;
}

/**
 * The context of the stack a resource belongs to. A stack of this project is read from its committed
 * config; a config that cannot be read throws (the check must not pass silently). A resource of another
 * project gets the unknown context, to be completed by pack config.
 */
export function stackContext(projectDir: string, urn: string, today: Date): RuleContext {
    const parsed = parseUrn(urn);
    const project = readProject(projectDir);
    if (!parsed || parsed.project !== project.projectName) {
        return unknownContext(today);
    }
    return contextFromWaveConfig(loadWaveConfig(project, parsed.stack, today), today);
}
