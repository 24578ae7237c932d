// A loopback HTTP server that behaves like Microsoft Graph beta for /identity/conditionalAccess/policies:
// list (paged), get, create, update (merge PATCH), delete. It throttles like the CA endpoints (N requests
// per interval, bare 429s without Retry-After), requires a bearer token, records every request, and
// injects faults per request, so tests drive the real client and provider through what a tenant does.
import * as http from "node:http";
import type { Socket } from "node:net";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { GraphBadRequest, graphShape, isObject, Json, mergePatch, validateWrite } from "./graphEmulatorPolicies";

export type Fault =
    /** Answer with this status instead (Graph-style error body). With `commit`, the request is applied first. */
    | { kind: "status"; status: number; retryAfterSeconds?: number; commit?: boolean }
    /** Drop the connection without applying the request. */
    | { kind: "reset" }
    /** Apply the request, then drop the connection: the answer is lost. */
    | { kind: "commitThenDrop" }
    /** Never answer (the client's attempt time-out fires). With `commit`, the request is applied first. */
    | { kind: "hang"; commit?: boolean }
    /** The request's token has just expired: 401 now and for every later use of that token. */
    | { kind: "expireToken" }
    /** A misbehaving server: 400 whose message repeats the Authorization header. */
    | { kind: "echoAuthorization" };

export interface FaultRule {
    method?: string;
    /** Matched against the path, without query. */
    path?: RegExp;
    /** How many matching requests get the fault; default 1. `Infinity` for a lasting outage. */
    times?: number;
    /** Matching requests to let through before the fault applies; default 0. */
    skip?: number;
    fault: Fault;
}

export interface RecordedRequest {
    method: string;
    /** Path and query, as sent. */
    path: string;
    hadAuth: boolean;
    /** The status answered, or what happened instead. */
    outcome: number | "reset" | "dropped" | "hang";
    throttled: boolean;
    fault?: Fault["kind"];
    /** Parsed JSON body of a POST or PATCH. */
    body?: unknown;
    /** Milliseconds since the emulator started. */
    at: number;
}

export interface EmulatorOptions {
    /** Throttling: at most `requests` per `intervalMs`. Default 1 per 1000 ms (Graph's CA limit); false: off. */
    rateLimit?: { requests: number; intervalMs: number; toleranceMs?: number } | false;
    /** Policies per list page (then `@odata.nextLink`). Default 100. */
    pageSize?: number;
    /** Answer lists reversed and GUIDs upper-cased: the same policy, spelled differently. */
    scramble?: boolean;
}

const collection = "/beta/identity/conditionalAccess/policies";

interface Answer {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
}

function graphError(status: number, code: string, message: string, requestId: string, headers: Record<string, string> = {}): Answer {
    return {
        status,
        headers,
        body: { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ""), "request-id": requestId, "client-request-id": requestId } } },
    };
}

const graphTimestamp = () => new Date().toISOString().replace("Z", "0000Z");

export class GraphEmulator {
    readonly requests: RecordedRequest[] = [];
    private readonly store = new Map<string, Json>();
    private readonly faults: FaultRule[] = [];
    private readonly expiredTokens = new Set<string>();
    private readonly acceptedAt: number[] = [];
    private readonly sockets = new Set<Socket>();
    private readonly startedAt = performance.now();
    private server?: http.Server;
    private url = "";

    private constructor(private readonly options: EmulatorOptions) {}

    static async start(options: EmulatorOptions = {}): Promise<GraphEmulator> {
        const emulator = new GraphEmulator(options);
        await emulator.listen();
        return emulator;
    }

    get baseUrl(): string {
        return this.url;
    }

    /** Adds a fault for the next matching request(s). */
    inject(rule: FaultRule): this {
        this.faults.push({ times: 1, ...rule });
        return this;
    }

    /** Creates a policy directly, as an admin in the portal would: no request is recorded. */
    seed(body: object): string {
        const id = randomUUID();
        this.store.set(id, { ...structuredClone(body), id, createdDateTime: graphTimestamp(), modifiedDateTime: null });
        return id;
    }

    /** Deletes a policy behind Pulumi's back. */
    deleteBehindTheBack(id: string): void {
        this.store.delete(id);
    }

    /** The stored policies as written (merged PATCHes applied), with id and timestamps. */
    stored(): Json[] {
        return [...this.store.values()].map((p) => structuredClone(p));
    }

    /** One policy in Graph's answer shape, as a GET with the Prefer header would return it. */
    answerFor(id: string): Json | undefined {
        const stored = this.store.get(id);
        return stored && graphShape(stored, { baseUrl: this.url, includeUnknownEnumMembers: true, scramble: false }, `${this.url}/beta/$metadata#identity/conditionalAccess/policies/$entity`);
    }

    /** Requests received, by method (throttled and faulted ones included: they were sent). */
    counts(): Record<string, number> {
        const counts: Record<string, number> = {};
        for (const r of this.requests) counts[r.method] = (counts[r.method] ?? 0) + 1;
        return counts;
    }

    clearLog(): void {
        this.requests.length = 0;
    }

    async close(): Promise<void> {
        for (const socket of this.sockets) socket.destroy();
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }

    private async listen(): Promise<void> {
        const server = http.createServer((req, res) => void this.onRequest(req, res));
        // Idle keep-alive sockets stay open longer than any test's pause, so the client never races a close.
        server.keepAliveTimeout = 60_000;
        server.on("connection", (socket) => {
            this.sockets.add(socket);
            socket.on("close", () => this.sockets.delete(socket));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        this.server = server;
        this.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    }

    private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const arrival = performance.now();
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const text = Buffer.concat(chunks).toString("utf8");
        const method = req.method ?? "GET";
        const fullPath = req.url ?? "/";
        const path = fullPath.split("?")[0];
        const authorization = req.headers.authorization ?? "";
        const record: RecordedRequest = {
            method,
            path: fullPath,
            hadAuth: /^Bearer \S+/.test(authorization),
            outcome: 0,
            throttled: false,
            at: Math.round(arrival - this.startedAt),
        };
        this.requests.push(record);
        const requestId = randomUUID();
        let body: unknown;
        if (text) {
            try {
                body = JSON.parse(text);
            } catch {
                return this.send(res, record, graphError(400, "BadRequest", "Unable to read JSON request payload.", requestId), req);
            }
            record.body = body;
        }

        if (this.throttled(arrival)) {
            record.throttled = true;
            return this.send(res, record, graphError(429, "TooManyRequests", "Too many requests.", requestId), req);
        }

        const fault = this.takeFault(method, path);
        record.fault = fault?.kind;
        const apply = () => this.handle(method, fullPath, body, req, requestId);
        switch (fault?.kind) {
            case "reset":
                record.outcome = "reset";
                req.socket.destroy();
                return;
            case "commitThenDrop":
                apply();
                record.outcome = "dropped";
                req.socket.destroy();
                return;
            case "hang":
                if (fault.commit) apply();
                record.outcome = "hang";
                return;
            case "status": {
                if (fault.commit) apply();
                const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {};
                const code = fault.status === 429 ? "TooManyRequests" : fault.status === 503 ? "ServiceUnavailable" : fault.status === 504 ? "GatewayTimeout" : "InternalServerError";
                return this.send(res, record, graphError(fault.status, code, `Injected ${fault.status}.`, requestId, headers), req);
            }
            case "echoAuthorization":
                return this.send(res, record, graphError(400, "BadRequest", `Rejected request with header Authorization: ${authorization}`, requestId), req);
            case "expireToken":
                this.expiredTokens.add(authorization);
                break;
            default:
                break;
        }

        if (!record.hadAuth) {
            return this.send(res, record, graphError(401, "InvalidAuthenticationToken", "Access token is empty.", requestId), req);
        }
        if (this.expiredTokens.has(authorization)) {
            return this.send(res, record, graphError(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.", requestId, {
                "WWW-Authenticate": 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"',
            }), req);
        }
        return this.send(res, record, apply(), req);
    }

    /** Sliding window over accepted requests; 429s do not count. Tolerance absorbs loopback jitter only. */
    private throttled(arrival: number): boolean {
        const limit = this.options.rateLimit === undefined ? { requests: 1, intervalMs: 1000 } : this.options.rateLimit;
        if (!limit) return false;
        const tolerance = limit.toleranceMs ?? 0;
        const window = this.acceptedAt.slice(-limit.requests);
        if (window.length === limit.requests && arrival - window[0] < limit.intervalMs - tolerance) return true;
        this.acceptedAt.push(arrival);
        if (this.acceptedAt.length > limit.requests) this.acceptedAt.shift();
        return false;
    }

    private takeFault(method: string, path: string): Fault | undefined {
        const rule = this.faults.find((r) => (r.times ?? 1) > 0 && (!r.method || r.method === method) && (!r.path || r.path.test(path)));
        if (!rule) return undefined;
        if ((rule.skip ?? 0) > 0) {
            rule.skip = (rule.skip ?? 0) - 1;
            return undefined;
        }
        rule.times = (rule.times ?? 1) - 1;
        return rule.fault;
    }

    /** The request applied to the store, and Graph's answer. */
    private handle(method: string, fullPath: string, body: unknown, req: http.IncomingMessage, requestId: string): Answer {
        const [path, query = ""] = fullPath.split("?");
        const answerOptions = {
            baseUrl: this.url,
            includeUnknownEnumMembers: /include-unknown-enum-members/.test(String(req.headers.prefer ?? "")),
            scramble: this.options.scramble ?? false,
        };
        const entityContext = `${this.url}/beta/$metadata#identity/conditionalAccess/policies/$entity`;
        try {
            if (path === collection && method === "GET") {
                const pageSize = this.options.pageSize ?? 100;
                const skip = Number(new URLSearchParams(query).get("$skiptoken") ?? "0");
                const all = [...this.store.values()];
                const value = all.slice(skip, skip + pageSize).map((p) => {
                    const { ["@odata.context"]: _context, ...rest } = graphShape(p, answerOptions, "");
                    return rest;
                });
                const next = skip + pageSize < all.length ? { "@odata.nextLink": `${this.url}${collection}?$skiptoken=${skip + pageSize}` } : {};
                return { status: 200, body: { "@odata.context": `${this.url}/beta/$metadata#identity/conditionalAccess/policies`, ...next, value } };
            }
            if (path === collection && method === "POST") {
                if (!isObject(body)) throw new GraphBadRequest("Empty Payload. JSON content expected.");
                validateWrite(body, body);
                const id = randomUUID();
                const stored = { ...structuredClone(body), id, createdDateTime: graphTimestamp(), modifiedDateTime: null };
                this.store.set(id, stored);
                return { status: 201, body: graphShape(stored, answerOptions, entityContext), headers: { Location: `${this.url}${collection}/${id}` } };
            }
            const match = /^\/beta\/identity\/conditionalAccess\/policies\/([^/]+)$/.exec(path);
            if (!match) return graphError(400, "BadRequest", `Resource not found for the segment '${path.split("/").pop()}'.`, requestId);
            const id = decodeURIComponent(match[1]);
            const existing = this.store.get(id);
            if (!existing) {
                return graphError(404, "ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`, requestId);
            }
            switch (method) {
                case "GET":
                    return { status: 200, body: graphShape(existing, answerOptions, entityContext) };
                case "PATCH": {
                    if (!isObject(body)) throw new GraphBadRequest("Empty Payload. JSON content expected.");
                    const merged = mergePatch(existing, body);
                    validateWrite(body, merged);
                    this.store.set(id, { ...merged, modifiedDateTime: graphTimestamp() });
                    return { status: 204 };
                }
                case "DELETE":
                    this.store.delete(id);
                    return { status: 204 };
                default:
                    return graphError(405, "Request_BadRequest", `Method ${method} is not allowed.`, requestId);
            }
        } catch (err) {
            if (err instanceof GraphBadRequest) return graphError(400, "BadRequest", err.message, requestId);
            throw err;
        }
    }

    private send(res: http.ServerResponse, record: RecordedRequest, answer: Answer, req: http.IncomingMessage): void {
        record.outcome = answer.status;
        const requestId = (answer.body as { error?: { innerError?: Json } } | undefined)?.error?.innerError?.["request-id"] ?? randomUUID();
        res.writeHead(answer.status, {
            "request-id": String(requestId),
            "client-request-id": String(req.headers["client-request-id"] ?? requestId),
            ...(answer.body !== undefined ? { "Content-Type": "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8" } : {}),
            ...answer.headers,
        });
        res.end(answer.body !== undefined ? JSON.stringify(answer.body) : undefined);
    }
}
