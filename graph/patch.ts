// PATCH bodies that really remove what the program no longer declares. Graph's PATCH merges: a property
// left out keeps its old value, so dropping the device filter from the program would otherwise leave it
// in the tenant forever while every diff reported it (the peers' "removal needs a replace" problem).
import { CaPolicyBody } from "../model/conditionalAccess";
import { ManagedField } from "../model/normalize";
import { isJsonObject } from "../model/json";

type Json = Record<string, unknown>;


/**
 * `desired`, plus an explicit removal for every property `before` had that `desired` leaves out: `[]` for
 * a list, `null` for anything else (a nullable complex property such as `devices`). Applied at every
 * depth, so the body is right whether Graph merges nested objects or replaces them.
 */
export function withRemovals(desired: unknown, before: unknown): unknown {
    if (!isJsonObject(desired) || !isJsonObject(before)) return desired;
    const result: Json = { ...desired };
    for (const [key, old] of Object.entries(before)) {
        result[key] = desired[key] === undefined ? (Array.isArray(old) ? [] : null) : withRemovals(desired[key], old);
    }
    return result;
}

/**
 * The PATCH body for the managed fields that changed: each one whole, with removals made explicit.
 * `before` is the policy as last read (canonical form); `desired` is the body the program declares,
 * sent as declared because canonical form drops annotations Graph needs (`@odata.type`).
 */
export function buildPatch(before: Partial<CaPolicyBody>, desired: CaPolicyBody, changed: readonly ManagedField[]): Json {
    const pick = (body: Partial<CaPolicyBody>) => Object.fromEntries(changed.map((field) => [field, body[field]]));
    return withRemovals(pick(desired), pick(before)) as Json;
}
