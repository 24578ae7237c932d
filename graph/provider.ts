// The dynamic provider behind GraphConditionalAccessPolicy (graph/resource.ts loads it at call time by
// the name `conditionalAccessPolicyProvider`). The bar is the peers' defects: no false drift, no
// duplicate policy, no lost policy (../shared/reference/peers.md sections 1, 2 and 8).
import { setTimeout as sleep } from "node:timers/promises";
import type { dynamic } from "@pulumi/pulumi";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { CaPolicyBody, policyStates } from "../model/conditionalAccess";
import { changedFields, normalizePolicy } from "../model/normalize";
import { ConditionalAccessClient, GraphPolicy, sharedGraphClient } from "./client";
import { GraphError, isGraphError } from "./errors";
import { buildPatch } from "./patch";
import { isJsonObject } from "../model/json";

export interface PolicyInputs {
    /** The policy as the program declares it, in its Graph beta JSON shape. */
    body: CaPolicyBody;
    policyId?: string;
}

export interface PolicyOutputs {
    /** The managed part of the policy as Graph holds it, in canonical form (model/normalize.ts). */
    body: Partial<CaPolicyBody>;
    policyId: string;
}

export interface ProviderOptions {
    /**
     * After a POST whose answer was lost, a policy not found at the first look is looked for once more
     * after this pause before posting again, in case the list lags the write. Default 2 s.
     */
    settleMs?: number;
    /** POSTs tried per create when answers are lost; default 3. */
    maxPostAttempts?: number;
    /** Where notices go (a policy kept on delete); default stderr, which Pulumi shows. */
    warn?: (message: string) => void;
}


/** True when a preview has not resolved some value yet (a group created in the same deployment). */
function containsUnknown(value: unknown): boolean {
    if (value === unknownValue) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    return isJsonObject(value) && Object.values(value).some(containsUnknown);
}

/** Check failures for what Graph would refuse anyway, said in the package's words. Unknowns pass. */
export function checkPolicyBody(body: unknown): dynamic.CheckFailure[] {
    if (body === unknownValue) return [];
    if (!isJsonObject(body)) return [{ property: "body", reason: "must be a Conditional Access policy in its Graph beta JSON shape" }];
    const failures: dynamic.CheckFailure[] = [];
    const { displayName, state, conditions } = body;
    if (displayName !== unknownValue && (typeof displayName !== "string" || displayName.trim() === "")) {
        failures.push({ property: "body.displayName", reason: "must be a non-empty string: the package finds its policies by display name" });
    }
    if (state !== unknownValue && !(policyStates as readonly unknown[]).includes(state)) {
        failures.push({ property: "body.state", reason: `is ${JSON.stringify(state ?? null)}; allowed: ${policyStates.join(" | ")}` });
    }
    if (conditions !== unknownValue && !isJsonObject(conditions)) {
        failures.push({ property: "body.conditions", reason: "is missing; a policy needs at least its users and applications conditions" });
    } else if (isJsonObject(conditions)) {
        for (const part of ["users", "applications"]) {
            if (conditions[part] !== unknownValue && !isJsonObject(conditions[part])) {
                failures.push({ property: `body.conditions.${part}`, reason: "is missing" });
            }
        }
    }
    return failures;
}

function duplicatesError(displayName: string, matches: GraphPolicy[]): GraphError {
    const ids = matches.map((p) => p.id).join(", ");
    return new GraphError(
        `${matches.length} Conditional Access policies are named ${JSON.stringify(displayName)} (ids ${ids}); the package needs its display names to be unique: delete or rename the extra ones, then run again`,
        { displayName },
    );
}

const outputs = (policyId: string, body: Partial<CaPolicyBody>): PolicyOutputs => ({ body, policyId });

export function createConditionalAccessPolicyProvider(
    client: () => ConditionalAccessClient,
    options: ProviderOptions = {},
): dynamic.ResourceProvider<PolicyInputs, PolicyOutputs> {
    const settleMs = options.settleMs ?? 2000;
    const maxPostAttempts = options.maxPostAttempts ?? 3;
    const warn = options.warn ?? ((message: string) => console.warn(message));
    // Policies this process adopted because they already existed under the wanted name. If the same
    // deployment then deletes the resource that used to own one (its logical name changed), the policy
    // now belongs to the new resource and must stay.
    const adoptedExisting = new Set<string>();
    // Concurrent creates share one listing: each looks only for its own, unique, display name, which
    // nobody else creates, so any listing in flight when it starts is recent enough.
    const inflightLists = new WeakMap<ConditionalAccessClient, Promise<GraphPolicy[]>>();

    function sharedList(graph: ConditionalAccessClient): Promise<GraphPolicy[]> {
        let list = inflightLists.get(graph);
        if (!list) {
            list = graph.listPolicies().finally(() => inflightLists.delete(graph));
            inflightLists.set(graph, list);
        }
        return list;
    }

    /** Takes over an existing policy: PATCH only the managed fields that differ, if any. */
    async function adopt(graph: ConditionalAccessClient, existing: GraphPolicy, body: CaPolicyBody): Promise<dynamic.CreateResult<PolicyOutputs>> {
        const current = normalizePolicy(existing);
        const changed = changedFields(body, current);
        if (changed.length === 0) return { id: existing.id, outs: outputs(existing.id, current) };
        await graph.patchPolicy(existing.id, buildPatch(current, body, changed), { displayName: body.displayName });
        return { id: existing.id, outs: outputs(existing.id, normalizePolicy(body)) };
    }

    /** After a lost POST answer: the policy, if the POST committed. Fresh listings, never a shared one. */
    async function lookAgain(graph: ConditionalAccessClient, displayName: string): Promise<GraphPolicy | undefined> {
        for (const pause of [0, settleMs]) {
            if (pause > 0) await sleep(pause);
            const matches = await graph.findPoliciesByDisplayName(displayName);
            if (matches.length > 1) throw duplicatesError(displayName, matches);
            if (matches.length === 1) return matches[0];
        }
        return undefined;
    }

    /**
     * POST, and when the answer is lost, look before posting again: the result is one policy, never two
     * and never none. Graph's own retries stop at the POST (graph/retry.ts), so this is the only place
     * that repeats it.
     */
    async function createOnce(graph: ConditionalAccessClient, body: CaPolicyBody): Promise<dynamic.CreateResult<PolicyOutputs>> {
        for (let attempt = 1; ; attempt++) {
            try {
                const created = await graph.createPolicy(body);
                return { id: created.id, outs: outputs(created.id, normalizePolicy(created)) };
            } catch (err) {
                if (!isGraphError(err) || !err.details.outcomeUnknown) throw err;
                const committed = await lookAgain(graph, body.displayName);
                if (committed) return adopt(graph, committed, body);
                if (attempt >= maxPostAttempts) {
                    throw new GraphError(`${err.message}; tried ${attempt} times and no policy named ${JSON.stringify(body.displayName)} exists, so none was created`, err.details);
                }
            }
        }
    }

    return {
        async check(_olds, news) {
            return { inputs: news, failures: checkPolicyBody(news.body) };
        },

        async diff(_id, olds, news) {
            // Never `replaces`: a create-before-delete replacement would adopt the old policy by display
            // name and then delete it. Every managed field, the display name included, is PATCHable.
            if (containsUnknown(news.body)) return { changes: true, stables: ["policyId"] };
            return { changes: changedFields(news.body, olds.body).length > 0, stables: ["policyId"] };
        },

        async create(inputs) {
            const graph = client();
            const body = inputs.body;
            const matches = (await sharedList(graph)).filter((p) => p.displayName === body.displayName);
            if (matches.length > 1) throw duplicatesError(body.displayName, matches);
            if (matches.length === 1) {
                adoptedExisting.add(matches[0].id);
                return adopt(graph, matches[0], body);
            }
            return createOnce(graph, body);
        },

        async read(id, props) {
            const policy = await client().getPolicy(id, { displayName: props?.body?.displayName });
            // An empty id is how a dynamic provider reports "gone": Pulumi drops it from state on refresh
            // and plans to create it again.
            if (!policy) return { id: "" };
            const outs = outputs(policy.id, normalizePolicy(policy));
            // Returned as inputs too, so an imported hand-made policy diffs against what Graph holds.
            return { id: policy.id, props: outs, inputs: outs };
        },

        async update(id, olds, news) {
            const before = olds.body ?? {};
            const changed = changedFields(news.body, before);
            if (changed.length > 0) {
                try {
                    await client().patchPolicy(id, buildPatch(before, news.body, changed), { displayName: news.body.displayName });
                } catch (err) {
                    if (isGraphError(err) && err.status === 404) {
                        throw new GraphError(`${err.message}; the policy was deleted outside Pulumi: run "pulumi refresh" so Pulumi plans to create it again`, err.details);
                    }
                    throw err;
                }
            }
            return { outs: outputs(id, normalizePolicy(news.body)) };
        },

        async delete(id, props) {
            if (adoptedExisting.has(id)) {
                warn(`token-protection: kept Conditional Access policy ${id} (${JSON.stringify(props?.body?.displayName ?? "")}): another resource of this deployment adopted it`);
                return;
            }
            await client().deletePolicy(id, { displayName: props?.body?.displayName });
        },
    };
}

/** The provider Pulumi runs: one client (one pacer, one token cache) for every policy in the process. */
export const conditionalAccessPolicyProvider = createConditionalAccessPolicyProvider(sharedGraphClient);
