// The Graph beta client for Conditional Access policies. The Pulumi resource (graph/provider.ts) and
// `tp-rollout rollback --direct` both go through it, so its public methods are a stable interface:
// listPolicies, getPolicy, findPoliciesByDisplayName, createPolicy, patchPolicy, deletePolicy.
import { performance } from "node:perf_hooks";
import {
    createDefaultHttpClient,
    createPipelineRequest,
    HttpClient,
    isRestError,
    Pipeline,
    PipelineResponse,
    RestError,
} from "@azure/core-rest-pipeline";
import type { ConditionalAccessPolicy } from "@microsoft/microsoft-graph-types-beta";
import type { TokenCredential } from "@azure/identity";
import { CaPolicyBody, isGuid } from "../model/conditionalAccess";
import { describeAnswer, describeRequest, GraphError, GraphErrorDetails, isGraphError, redact } from "./errors";
import { sharedPacer } from "./pacing";
import { createGraphPipeline, TokenCache } from "./pipeline";
import { callBudgets, isConnectionError } from "./retry";
import { graphScope, isLoopbackUrl, resolveBaseUrl, resolveCredential, resolveMaxTotal, resolveMinInterval } from "./settings";

/** The collection every method works on. Token Protection exists only on beta. */
export const policiesPath = "/beta/identity/conditionalAccess/policies";

/** A policy as Graph returns it: every property of the beta type, nullable, plus its id. */
export type GraphPolicy = ConditionalAccessPolicy & { id: string; displayName: string };

export interface GraphClientOptions {
    /** Default `TP_GRAPH_BASE_URL`, else https://graph.microsoft.com. https://, or http:// on loopback. */
    baseUrl?: string;
    /** Default `DefaultAzureCredential` (or `TP_GRAPH_TEST_TOKEN` against a loopback emulator). */
    credential?: TokenCredential;
    /** Minimum gap between requests of this process; default 1000 (`TP_GRAPH_MIN_INTERVAL_MS`, loopback only). */
    minIntervalMs?: number;
    /** Time one call may spend, retries included, before it gives up; default 5 minutes (`TP_GRAPH_MAX_WAIT_SECONDS`). */
    maxTotalMs?: number;
    /** Time one attempt may wait for an answer; default 60 s. */
    attemptTimeoutMs?: number;
    /** First backoff step after a 429/503/504 or a lost connection; default the pacing interval, at least 1 ms. */
    retryBaseMs?: number;
    /** Cap on one backoff step; default 32 s. */
    retryMaxMs?: number;
    /** Environment to read the defaults from; default `process.env`. */
    env?: NodeJS.ProcessEnv;
    httpClient?: HttpClient;
}

/** Names the policy a request is about, for error messages. */
export interface RequestLabel {
    displayName?: string;
}

interface GraphAnswer {
    status: number;
    json: unknown;
}

interface GraphErrorBody {
    error?: { code?: string; message?: string; innerError?: Record<string, unknown> };
}

export class ConditionalAccessClient {
    readonly baseUrl: string;
    readonly minIntervalMs: number;
    readonly maxTotalMs: number;
    private readonly attemptTimeoutMs: number;
    private readonly tokens: TokenCache;
    private readonly pipeline: Pipeline;
    private readonly httpClient: HttpClient;

    constructor(options: GraphClientOptions = {}) {
        const env = options.env ?? process.env;
        this.baseUrl = resolveBaseUrl(options.baseUrl, env);
        this.minIntervalMs = resolveMinInterval(options.minIntervalMs, env, this.baseUrl);
        this.maxTotalMs = resolveMaxTotal(options.maxTotalMs, env);
        this.attemptTimeoutMs = options.attemptTimeoutMs ?? 60_000;
        this.tokens = new TokenCache(resolveCredential(options.credential, env, this.baseUrl), graphScope);
        const pacer = sharedPacer(new URL(this.baseUrl).origin, this.minIntervalMs);
        const baseDelayMs = Math.max(1, options.retryBaseMs ?? this.minIntervalMs);
        this.pipeline = createGraphPipeline(this.tokens, pacer, { baseDelayMs, maxDelayMs: options.retryMaxMs ?? Math.max(32_000, baseDelayMs) });
        this.httpClient = options.httpClient ?? createDefaultHttpClient();
    }

    /** Every policy in the tenant, following `@odata.nextLink` page by page. */
    async listPolicies(): Promise<GraphPolicy[]> {
        const policies: GraphPolicy[] = [];
        let url: string | undefined = this.baseUrl + policiesPath;
        while (url) {
            const page = (await this.send("GET", url, undefined, {})).json as { value?: GraphPolicy[]; "@odata.nextLink"?: string };
            policies.push(...(page.value ?? []));
            url = page["@odata.nextLink"] && this.sameOrigin(page["@odata.nextLink"]);
        }
        return policies;
    }

    /** One policy by id, or undefined when Graph answers 404 (deleted, or never existed). */
    async getPolicy(id: string, label: RequestLabel = {}): Promise<GraphPolicy | undefined> {
        try {
            return (await this.send("GET", this.policyUrl(id), undefined, label)).json as GraphPolicy;
        } catch (err) {
            if (isGraphError(err) && err.status === 404) return undefined;
            throw err;
        }
    }

    /**
     * The policies whose display name is exactly `displayName`. Matched over the full list rather than
     * with `$filter`, whose support on this collection is not documented.
     */
    async findPoliciesByDisplayName(displayName: string): Promise<GraphPolicy[]> {
        return (await this.listPolicies()).filter((p) => p.displayName === displayName);
    }

    /**
     * POSTs a new policy. Repeated only after a 429 or a 401 (Graph processed nothing). When the answer is
     * lost (connection error, time-out, 5xx) the error has `details.outcomeUnknown`: the policy may exist,
     * so look it up by display name before posting again (graph/provider.ts does).
     */
    async createPolicy(body: CaPolicyBody): Promise<GraphPolicy> {
        return (await this.send("POST", this.baseUrl + policiesPath, body, { displayName: body.displayName })).json as GraphPolicy;
    }

    /** PATCHes the given properties; Graph keeps the ones left out (see graph/patch.ts for removals). */
    async patchPolicy(id: string, partialBody: object, label: RequestLabel = {}): Promise<void> {
        await this.send("PATCH", this.policyUrl(id), partialBody, label);
    }

    /** DELETEs a policy; a 404 counts as done (already gone). */
    async deletePolicy(id: string, label: RequestLabel = {}): Promise<void> {
        try {
            await this.send("DELETE", this.policyUrl(id), undefined, label);
        } catch (err) {
            if (isGraphError(err) && err.status === 404) return;
            throw err;
        }
    }

    private policyUrl(id: string): string {
        // Ids go into the path; anything but a GUID is refused rather than escaped into another URL.
        if (!isGuid(id)) throw new GraphError(`policy id ${JSON.stringify(id)} is not a GUID`, { path: policiesPath });
        return `${this.baseUrl}${policiesPath}/${id}`;
    }

    /** `@odata.nextLink` must stay on the Graph host: the token is sent with it. */
    private sameOrigin(link: string): string {
        if (new URL(link).origin !== new URL(this.baseUrl).origin) {
            throw new GraphError(`Graph GET ${policiesPath}: refused to follow @odata.nextLink to another host (${new URL(link).origin})`, { method: "GET", path: policiesPath });
        }
        return link;
    }

    private async send(method: "GET" | "POST" | "PATCH" | "DELETE", url: string, body: object | undefined, label: RequestLabel): Promise<GraphAnswer> {
        // Plain http only ever goes to a loopback emulator: the base URL was checked, and nextLinks must match it.
        const request = createPipelineRequest({ url, method, timeout: this.attemptTimeoutMs, allowInsecureConnection: isLoopbackUrl(url) });
        request.headers.set("Accept", "application/json");
        // Without it Graph reports evolvable enum members added after `unknownFutureValue` (the `linux`
        // platform) as `unknownFutureValue`, which would read back as drift.
        request.headers.set("Prefer", "include-unknown-enum-members");
        if (body !== undefined) {
            request.headers.set("Content-Type", "application/json");
            request.body = JSON.stringify(body);
        }
        const budget = { deadline: performance.now() + this.maxTotalMs, gaveUp: false };
        callBudgets.set(request, budget);
        const details: GraphErrorDetails = { method, path: new URL(url).pathname, displayName: label.displayName };
        let response: PipelineResponse;
        try {
            response = await this.pipeline.sendRequest(this.httpClient, request);
        } catch (err) {
            // Every transport failure becomes a GraphError: one line, no request object (and so no headers).
            if (isRestError(err)) throw this.lostAnswer(err, details, budget.gaveUp);
            throw err;
        }
        if (response.status >= 200 && response.status < 300) {
            return { status: response.status, json: this.parseBody(response, details) };
        }
        throw this.httpError(response, details, budget.gaveUp);
    }

    private parseBody(response: PipelineResponse, details: GraphErrorDetails): unknown {
        if (!response.bodyAsText) return undefined;
        try {
            return JSON.parse(response.bodyAsText);
        } catch {
            throw new GraphError(`${describeRequest(details)} failed: HTTP ${response.status} with a body that is not JSON`, { ...details, status: response.status });
        }
    }

    private httpError(response: PipelineResponse, details: GraphErrorDetails, gaveUp: boolean): GraphError {
        let error: GraphErrorBody["error"];
        try {
            error = (JSON.parse(response.bodyAsText ?? "") as GraphErrorBody).error;
        } catch {
            error = undefined;
        }
        const innerRequestId = error?.innerError?.["request-id"];
        const full: GraphErrorDetails = {
            ...details,
            status: response.status,
            code: error?.code,
            requestId: response.headers.get("request-id") ?? (typeof innerRequestId === "string" ? innerRequestId : undefined),
            outcomeUnknown: details.method === "POST" && response.status >= 500,
            gaveUp,
        };
        const message = error?.message !== undefined ? redact(error.message, this.tokens.secrets()) : undefined;
        return new GraphError(`${this.prefix(full)}${describeAnswer(full, message)}`, full);
    }

    /** No HTTP answer (reset, refused, time-out): a write may or may not have been applied. */
    private lostAnswer(err: RestError, details: GraphErrorDetails, gaveUp: boolean): GraphError {
        const code = err.code ?? "REQUEST_SEND_ERROR";
        const full: GraphErrorDetails = { ...details, code, outcomeUnknown: details.method !== "GET", gaveUp };
        const what = isConnectionError(err) ? "no answer" : "request failed";
        return new GraphError(`${this.prefix(full)}${what} (${code}: ${redact(err.message, this.tokens.secrets())})`, full);
    }

    /** `Graph GET /path for policy "x" failed: `, or when retries ran out of time `... gave up after 300 s of retries; last: `. */
    private prefix(details: GraphErrorDetails): string {
        const verdict = details.gaveUp ? `gave up after ${this.maxTotalMs / 1000} s of retries; last` : "failed";
        return `${describeRequest(details)} ${verdict}: `;
    }
}

let shared: ConditionalAccessClient | undefined;

/** The process's client, configured from the environment: one pacer and one token cache for all policies. */
export function sharedGraphClient(): ConditionalAccessClient {
    shared ??= new ConditionalAccessClient();
    return shared;
}
