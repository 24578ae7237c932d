// Happy-path policies for the rule specs: the bodies the package itself declares (components/policyBodies.ts)
// for a pilot-like wave, so "passes" means "what the program deploys passes". Each failing case mutates one field.
import { parseWaveConfig, WaveConfig } from "../../components/config";
import { blockUnknownPlatformsBody, requireComplianceBody, tokenProtectionAppleBody, tokenProtectionBody, WavePopulation } from "../../components/policyBodies";
import { graphPolicyType } from "../../graph/resource";
import { toAzureadProps } from "../../model/azureadMapping";
import { CaPolicyBody } from "../../model/conditionalAccess";
import { contextFromWaveConfig } from "../../policypack/context";
import { resourcePolicy, stackPolicy } from "../../policypack/crossguard";
import { azureadPolicyType } from "../../policypack/resources";
import { PolicyRule, RuleContext, StackRule } from "../../policypack/rules/types";

export { azureadPolicyType, graphPolicyType };

/** The rule specs' clock: 46 days after the pilot's soak began. */
export const today = new Date("2026-12-04T09:30:00Z");

export const breakGlassIds = ["3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"];
export const pilotGroupId = "2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b";
export const globalAdministrator = "62e90394-69f5-4237-9190-012177145e10";

/** Raw stack config, as strings the way Pulumi hands them to the program. */
export function rawConfig(overrides: Record<string, unknown> = {}): Record<string, string> {
    const values: Record<string, unknown> = {
        wave: "pilot",
        enforcement: "enforced",
        reportOnlySince: "2026-10-19",
        scope: { roleTemplateIds: [globalAdministrator], groupIds: [pilotGroupId] },
        breakGlassUserIds: breakGlassIds,
        windowsApp: false,
        applePreview: false,
        rollback: { owner: "Identity on-call", trigger: "More than 5 blocked sign-ins in one hour" },
        exoPowerShellInventory: [{ endpoint: "PAW-01", version: "3.7.1" }],
        ...overrides,
    };
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

export function waveConfig(overrides: Record<string, unknown> = {}): WaveConfig {
    return parseWaveConfig("pilot", rawConfig(overrides), today);
}

export const population: WavePopulation = { includeUsers: [], includeGroups: [pilotGroupId], includeRoles: [globalAdministrator] };

export function context(overrides: Record<string, unknown> = {}): RuleContext {
    return contextFromWaveConfig(waveConfig(overrides), today);
}

export const windowsBody = (config = waveConfig()): CaPolicyBody => tokenProtectionBody(config, population);
export const appleBody = (config = waveConfig({ applePreview: true })): CaPolicyBody => tokenProtectionAppleBody(config, population);
export const blockUnknownBody = (config = waveConfig()): CaPolicyBody => blockUnknownPlatformsBody(config, population);
export const complianceBody = (config = waveConfig()): CaPolicyBody => requireComplianceBody(config, population);

/** A deep copy with one edit: the single-field mutations of the failing cases. */
export function mutate<T>(value: T, edit: (draft: any) => void): T {
    const copy = structuredClone(value);
    edit(copy);
    return copy;
}

/** Props of the Graph beta resource as the engine sends them (the provider's code rides along). */
export function graphProps(body: unknown): Record<string, unknown> {
    return { __provider: "exports.handler = __f0;", body };
}

export function azureadProps(body: CaPolicyBody): Record<string, unknown> {
    return toAzureadProps(body) as unknown as Record<string, unknown>;
}

export const crossGuardOf = (rule: PolicyRule, ctx: RuleContext = context()) => resourcePolicy(rule, () => ctx);
export const crossGuardStackOf = (rule: StackRule, ctx: RuleContext = context()) => stackPolicy(rule, () => ctx);

export const windowsName = "TP [pilot] Require token protection for sign-in sessions (Windows)";
export const appleName = "TP [pilot] Require token protection for sign-in sessions (Apple preview)";
