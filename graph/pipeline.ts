// The HTTP pipeline of the Graph client: @azure/core-rest-pipeline's retry policy and request-id policy,
// plus the three things it lacks for Graph's Conditional Access endpoints: pacing, a bearer policy that
// renews an expired token once on 401, and per-attempt time-outs the retry policy can see.
import {
    createEmptyPipeline,
    Pipeline,
    PipelinePolicy,
    RestError,
    retryPolicy,
    setClientRequestIdPolicy,
} from "@azure/core-rest-pipeline";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { GraphError } from "./errors";
import { Pacer } from "./pacing";
import { BackoffTuning, graphRetryStrategy } from "./retry";

/**
 * Caches the bearer token until shortly before it expires (Azure CLI spawns a process per token) and
 * remembers the tokens handed out, so error messages can be scrubbed of them by value.
 */
export class TokenCache {
    private current?: AccessToken;
    private pending?: Promise<string>;
    private readonly issued: string[] = [];

    constructor(private readonly credential: TokenCredential, private readonly scope: string) {}

    async get(): Promise<string> {
        const refreshAt = this.current && (this.current.refreshAfterTimestamp ?? this.current.expiresOnTimestamp - 2 * 60 * 1000);
        if (this.current && refreshAt !== undefined && Date.now() < refreshAt) return this.current.token;
        return this.renew();
    }

    /** Asks the credential again; concurrent callers share one request. */
    renew(): Promise<string> {
        this.pending ??= this.fetch().finally(() => {
            this.pending = undefined;
        });
        return this.pending;
    }

    /** Tokens this cache has handed out (the last few), for redaction. */
    secrets(): readonly string[] {
        return this.issued;
    }

    private async fetch(): Promise<string> {
        let token: AccessToken | null;
        try {
            token = await this.credential.getToken(this.scope);
        } catch (err) {
            throw new GraphError(`could not get a token for ${this.scope}: ${(err as Error).message}`);
        }
        if (!token) throw new GraphError(`could not get a token for ${this.scope}: the credential returned none`);
        this.current = token;
        this.issued.push(token.token);
        if (this.issued.length > 5) this.issued.shift();
        return token.token;
    }
}

/**
 * Signs each attempt. A 401 means the token expired or was revoked between issue and use: renew it and
 * send once more. Graph rejects an unauthenticated request before processing it, so even a POST is safe
 * to repeat. A second 401 is a real refusal and goes back to the caller.
 */
function bearerOnceMorePolicy(tokens: TokenCache): PipelinePolicy {
    return {
        name: "graphBearerOnceMore",
        async sendRequest(request, next) {
            request.headers.set("Authorization", `Bearer ${await tokens.get()}`);
            const response = await next(request);
            if (response.status !== 401) return response;
            request.headers.set("Authorization", `Bearer ${await tokens.renew()}`);
            return next(request);
        },
    };
}

function pacingPolicy(pacer: Pacer): PipelinePolicy {
    return {
        name: "graphPacing",
        async sendRequest(request, next) {
            await pacer.acquire();
            return next(request);
        },
    };
}

/**
 * The HTTP client reports an attempt's time-out as a plain AbortError, which the retry policy never
 * retries. As a RestError with code ETIMEDOUT it is a lost answer like any other.
 */
function timeoutAsRestErrorPolicy(): PipelinePolicy {
    return {
        name: "graphTimeoutAsRestError",
        async sendRequest(request, next) {
            try {
                return await next(request);
            } catch (err) {
                if (err instanceof Error && err.name === "AbortError" && !request.abortSignal?.aborted) {
                    throw new RestError(`no answer within ${request.timeout / 1000} s`, { code: "ETIMEDOUT", request });
                }
                throw err;
            }
        },
    };
}

export function createGraphPipeline(tokens: TokenCache, pacer: Pacer, tuning: BackoffTuning): Pipeline {
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy(setClientRequestIdPolicy("client-request-id"));
    // The time budget, not a retry count, bounds a call (graph/retry.ts).
    pipeline.addPolicy(retryPolicy([graphRetryStrategy(tuning, pacer)], { maxRetries: Number.MAX_SAFE_INTEGER }), { phase: "Retry" });
    pipeline.addPolicy(bearerOnceMorePolicy(tokens), { phase: "Sign" });
    // Innermost, so every attempt, including the one after a 401, waits for its own slot.
    pipeline.addPolicy(pacingPolicy(pacer), { afterPhase: "Sign" });
    pipeline.addPolicy(timeoutAsRestErrorPolicy(), { afterPhase: "Sign", afterPolicies: ["graphPacing"] });
    return pipeline;
}
