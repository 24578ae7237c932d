// What @azure/core-rest-pipeline's retry policy is given to decide with. Its own strategies do not fit
// Graph's Conditional Access endpoints: the exponential one ignores a 429 without Retry-After (the only
// kind these endpoints send) and retries a POST after a lost answer, which can create a duplicate policy.
import { performance } from "node:perf_hooks";
import type { PipelineRequest, PipelineResponse, RestError, RetryInformation, RetryStrategy } from "@azure/core-rest-pipeline";
import type { Pacer } from "./pacing";

export interface BackoffTuning {
    /** First backoff step; doubled per retry, then jittered. */
    baseDelayMs: number;
    /** Cap on one backoff step. */
    maxDelayMs: number;
}

/** One client call's time budget, shared by all its attempts (the pipeline reuses the request object). */
export interface CallBudget {
    deadline: number;
    /** Set when a retry was due but would have run past the deadline. */
    gaveUp: boolean;
}
export const callBudgets = new WeakMap<PipelineRequest, CallBudget>();

// Errors where no HTTP answer arrived. A write may or may not have been applied.
const connectionErrorCodes = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "ESOCKETTIMEDOUT", "EPIPE", "EAI_AGAIN", "REQUEST_SEND_ERROR"]);

export function isConnectionError(err: RestError | undefined): boolean {
    return err !== undefined && err.response === undefined && connectionErrorCodes.has(err.code ?? "");
}

/** Statuses where the request may be repeated unchanged. 429: Graph did not process it. */
const transientStatuses = new Set([503, 504]);

/** `Retry-After` (seconds or an HTTP date) or `retry-after-ms`, in ms; undefined when absent. */
export function retryAfterMs(response: PipelineResponse | undefined): number | undefined {
    const ms = response?.headers.get("retry-after-ms");
    if (ms !== undefined && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
    const value = response?.headers.get("retry-after");
    if (value === undefined) return undefined;
    if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
    const date = Date.parse(value);
    return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so clients spread out. */
export function backoffMs(retryCount: number, tuning: BackoffTuning, random: () => number = Math.random): number {
    const step = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** retryCount);
    return step / 2 + random() * (step / 2);
}

/**
 * How long to wait before repeating the request, or undefined when it must not be repeated. A POST is
 * repeated only after a 429 (not processed); after a lost answer or a 5xx it is the caller's job to look
 * whether the policy was created (graph/provider.ts) before posting again.
 */
export function retryDelay(state: RetryInformation, tuning: BackoffTuning, random: () => number = Math.random): number | undefined {
    const request = state.response?.request ?? state.responseError?.request;
    const status = state.response?.status;
    if (status === 429) {
        return retryAfterMs(state.response) ?? backoffMs(state.retryCount, tuning, random);
    }
    const idempotent = request?.method !== "POST";
    if (status !== undefined && transientStatuses.has(status)) {
        return idempotent ? retryAfterMs(state.response) ?? backoffMs(state.retryCount, tuning, random) : undefined;
    }
    if (status === undefined && isConnectionError(state.responseError)) {
        return idempotent ? backoffMs(state.retryCount, tuning, random) : undefined;
    }
    return undefined;
}

/**
 * The one retry strategy the pipeline's `retryPolicy` runs. It stops retrying when the next wait would
 * pass the call's deadline and marks the call as given up, so the client can say so in its error.
 */
export function graphRetryStrategy(tuning: BackoffTuning, pacer: Pacer, random: () => number = Math.random): RetryStrategy {
    return {
        name: "graphRetryStrategy",
        retry(state) {
            const delay = retryDelay(state, tuning, random);
            if (delay === undefined) return { skipStrategy: true };
            const request = state.response?.request ?? state.responseError?.request;
            const budget = request && callBudgets.get(request);
            const now = performance.now();
            if (budget && now + delay > budget.deadline) {
                budget.gaveUp = true;
                return { skipStrategy: true };
            }
            // Throttling is per tenant: hold every request of this process, not only this one.
            if (state.response?.status === 429) pacer.holdUntil(now + delay);
            return { retryAfterInMs: delay };
        },
    };
}
