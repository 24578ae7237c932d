// How the Graph emulator stores, validates, merges and answers Conditional Access policies. The answer
// shape follows Graph beta: every property present, unset ones as null or [], `@odata.context`,
// server timestamps, `templateId: null`, property-scoped annotations. Error texts are the emulator's own
// approximation of Graph's (the real texts are only visible against a tenant).

export type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

const enums = {
    state: ["enabled", "disabled", "enabledForReportingButNotEnforced"],
    clientApp: ["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other", "unknownFutureValue"],
    // `linux` comes after `unknownFutureValue`: an evolvable member, hidden without the Prefer header.
    platform: ["android", "iOS", "windows", "windowsPhone", "macOS", "all", "unknownFutureValue", "linux"],
    grantControl: ["block", "mfa", "compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication", "passwordChange", "unknownFutureValue", "riskRemediation"],
    operator: ["AND", "OR"],
    filterMode: ["include", "exclude"],
} as const;
const evolvablePlatforms = new Set(["linux"]);

const writableTopLevel = new Set(["displayName", "state", "conditions", "grantControls", "sessionControls", "description"]);
const readOnlyTopLevel = new Set(["id", "createdDateTime", "modifiedDateTime", "templateId", "partialEnablementStrategy", "deletedDateTime"]);

export class GraphBadRequest extends Error {}

function enumCheck(value: unknown, allowed: readonly string[], type: string): void {
    if (typeof value !== "string" || !allowed.includes(value)) {
        throw new GraphBadRequest(`Invalid value '${String(value)}' for an enum of type 'microsoft.graph.${type}'.`);
    }
}

function enumListCheck(values: unknown, allowed: readonly string[], type: string): void {
    if (values === null || values === undefined) return;
    if (!Array.isArray(values)) throw new GraphBadRequest(`A collection of 'microsoft.graph.${type}' was expected.`);
    for (const value of values) enumCheck(value, allowed, type);
}

/** Checks a body as it is written (POST) or as it ends up after a merge (PATCH). */
export function validateWrite(body: Json, merged: Json): void {
    for (const key of Object.keys(body)) {
        if (key.startsWith("@odata.")) continue;
        if (readOnlyTopLevel.has(key)) throw new GraphBadRequest(`Property '${key}' is read-only and cannot be set.`);
        if (!writableTopLevel.has(key)) throw new GraphBadRequest(`Invalid property '${key}' for type 'microsoft.graph.conditionalAccessPolicy'.`);
    }
    if (typeof merged.displayName !== "string" || merged.displayName.trim() === "") {
        throw new GraphBadRequest("1007: Incoming ConditionalAccessPolicy object is invalid: displayName is required.");
    }
    enumCheck(merged.state, enums.state, "conditionalAccessPolicyState");
    const conditions = merged.conditions;
    if (!isObject(conditions) || !isObject(conditions.users) || !isObject(conditions.applications)) {
        throw new GraphBadRequest("1007: Incoming ConditionalAccessPolicy object is invalid: conditions.users and conditions.applications are required.");
    }
    enumListCheck(conditions.clientAppTypes, enums.clientApp, "conditionalAccessClientApp");
    if (isObject(conditions.platforms)) {
        enumListCheck(conditions.platforms.includePlatforms, enums.platform, "conditionalAccessDevicePlatform");
        enumListCheck(conditions.platforms.excludePlatforms, enums.platform, "conditionalAccessDevicePlatform");
    }
    const filter = isObject(conditions.devices) ? conditions.devices.deviceFilter : undefined;
    if (isObject(filter)) {
        enumCheck(filter.mode, enums.filterMode, "filterMode");
        if (typeof filter.rule !== "string" || filter.rule.length === 0) throw new GraphBadRequest("1007: deviceFilter.rule is required.");
    }
    const grant = merged.grantControls;
    if (isObject(grant)) {
        enumCheck(grant.operator, enums.operator, "conditionalAccessGrantControlOperator");
        enumListCheck(grant.builtInControls, enums.grantControl, "conditionalAccessGrantControl");
    }
    const hasGrant = isObject(grant) && Array.isArray(grant.builtInControls) && grant.builtInControls.length > 0;
    if (!hasGrant && !isObject(merged.sessionControls)) {
        throw new GraphBadRequest("1007: Incoming ConditionalAccessPolicy object is invalid: a policy needs a grant control or a session control.");
    }
}

/**
 * Graph's PATCH semantics as the package assumes them: properties left out keep their value, nested
 * objects merge, lists and explicit nulls replace.
 */
export function mergePatch(target: Json, patch: Json): Json {
    const result: Json = { ...target };
    for (const [key, value] of Object.entries(patch)) {
        if (key.startsWith("@odata.")) continue;
        result[key] = isObject(value) && isObject(target[key]) ? mergePatch(target[key] as Json, value) : structuredClone(value);
    }
    return result;
}

export interface AnswerOptions {
    baseUrl: string;
    /** The request carried `Prefer: include-unknown-enum-members`. */
    includeUnknownEnumMembers: boolean;
    /** Answer lists in reverse order and GUIDs in upper case: same policy, different spelling. */
    scramble: boolean;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function respell(value: unknown, options: AnswerOptions, key = ""): unknown {
    if (Array.isArray(value)) {
        let items = value.map((item) => respell(item, options));
        if (!options.includeUnknownEnumMembers && /Platforms$/.test(key)) {
            items = items.map((item) => (evolvablePlatforms.has(item as string) ? "unknownFutureValue" : item));
        }
        return options.scramble ? items.reverse() : items;
    }
    // Graph spells object ids as it issued them; only the GUIDs inside the policy are respelled.
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "id" ? v : respell(v, options, k)]));
    if (typeof value === "string" && options.scramble && guidPattern.test(value)) return value.toUpperCase();
    return value;
}

const withDefaults = (defaults: Json, value: unknown): Json | null => (isObject(value) ? { ...defaults, ...value } : null);

/** A stored policy in Graph beta's full answer shape. */
export function graphShape(stored: Json, options: AnswerOptions, context: string): Json {
    const c = (stored.conditions ?? {}) as Json;
    const policy: Json = {
        id: stored.id,
        templateId: null,
        displayName: stored.displayName,
        createdDateTime: stored.createdDateTime,
        modifiedDateTime: stored.modifiedDateTime ?? null,
        state: stored.state,
        partialEnablementStrategy: null,
        sessionControls: withDefaults({
            disableResilienceDefaults: null, applicationEnforcedRestrictions: null, cloudAppSecurity: null, persistentBrowser: null,
            continuousAccessEvaluation: null, secureSignInSession: null, signInFrequency: null, networkAccessSecurity: null,
            globalSecureAccessFilteringProfile: null,
        }, stored.sessionControls),
        conditions: {
            userRiskLevels: [], signInRiskLevels: [], clientAppTypes: c.clientAppTypes ?? [], servicePrincipalRiskLevels: [],
            insiderRiskLevels: null, locations: null, times: null, deviceStates: null, clientApplications: null, authenticationFlows: null,
            applications: withDefaults({
                includeApplications: [], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [],
                applicationFilter: null, globalSecureAccess: null, networkAccess: null,
            }, c.applications),
            users: withDefaults({
                includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [],
                includeGuestsOrExternalUsers: null, excludeGuestsOrExternalUsers: null,
            }, c.users),
            platforms: withDefaults({ includePlatforms: [], excludePlatforms: [] }, c.platforms),
            devices: withDefaults({ includeDevices: [], excludeDevices: [], includeDeviceStates: [], excludeDeviceStates: [], deviceFilter: null }, c.devices),
        },
        grantControls: withDefaults({
            builtInControls: [], customAuthenticationFactors: [], termsOfUse: [],
            "authenticationStrength@odata.context": `${options.baseUrl}/beta/$metadata#identity/conditionalAccess/policies('${String(stored.id)}')/grantControls/authenticationStrength/$entity`,
            authenticationStrength: null,
        }, stored.grantControls),
    };
    return { "@odata.context": context, ...(respell(policy, options) as Json) };
}
