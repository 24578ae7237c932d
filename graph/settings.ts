// Where the Graph client sends requests and with which credential. Everything that can point the client
// away from Microsoft Graph is checked here, before any token is requested: a bearer token for the
// tenant's Conditional Access must never travel over plain HTTP to another machine.
import type { AccessToken, TokenCredential } from "@azure/identity";
import { GraphConfigError } from "./errors";
import { graphCaIntervalMs } from "./pacing";

export const defaultGraphBaseUrl = "https://graph.microsoft.com";
/** The only scope the client asks for; the app's consented Graph permissions decide what it may do. */
export const graphScope = "https://graph.microsoft.com/.default";

/** Environment variables the client reads (tests and the benchmark set them for the provider process). */
export const graphEnv = {
    baseUrl: "TP_GRAPH_BASE_URL",
    /** A fixed bearer token, accepted only with a loopback base URL: the Graph emulator's credential. */
    testToken: "TP_GRAPH_TEST_TOKEN",
    /** Pacing interval in ms; below Graph's 1 s only with a loopback base URL. */
    minIntervalMs: "TP_GRAPH_MIN_INTERVAL_MS",
    /** How long one operation may spend retrying before it gives up, in seconds. */
    maxWaitSeconds: "TP_GRAPH_MAX_WAIT_SECONDS",
} as const;

const loopbackHosts = new Set(["127.0.0.1", "[::1]", "localhost"]);

export function isLoopbackUrl(url: string): boolean {
    return loopbackHosts.has(new URL(url).hostname.toLowerCase());
}

/**
 * The Graph base URL: `https://` anywhere, or `http://` on a loopback host (the emulator). Returned
 * without a trailing slash. `source` names where the value came from, for the error.
 */
export function validateBaseUrl(raw: string, source: string): string {
    const refuse = () => new GraphConfigError(
        `${source} is ${JSON.stringify(raw)}; allowed: an https:// URL, or http:// on a loopback host (127.0.0.1, ::1, localhost)`,
    );
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw refuse();
    }
    const allowedScheme = url.protocol === "https:" || (url.protocol === "http:" && loopbackHosts.has(url.hostname.toLowerCase()));
    // Credentials, a query or a fragment in a base URL are a mistake at best and a leak at worst.
    if (!allowedScheme || url.username || url.password || url.search || url.hash) {
        throw refuse();
    }
    return url.toString().replace(/\/+$/, "");
}

export function resolveBaseUrl(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
    if (explicit !== undefined) return validateBaseUrl(explicit, "the Graph base URL");
    const fromEnv = env[graphEnv.baseUrl];
    return fromEnv ? validateBaseUrl(fromEnv, graphEnv.baseUrl) : defaultGraphBaseUrl;
}

/** The pacing interval: Graph's 1 s, lowered only against a loopback emulator (tests run faster). */
export function resolveMinInterval(explicit: number | undefined, env: NodeJS.ProcessEnv, baseUrl: string): number {
    const raw = explicit ?? (env[graphEnv.minIntervalMs] !== undefined ? Number(env[graphEnv.minIntervalMs]) : undefined);
    if (raw === undefined) return graphCaIntervalMs;
    const source = explicit !== undefined ? "the Graph pacing interval" : graphEnv.minIntervalMs;
    if (!Number.isFinite(raw) || raw < 0) {
        throw new GraphConfigError(`${source} is ${JSON.stringify(String(raw))}; allowed: a number of milliseconds, 0 or more`);
    }
    if (raw < graphCaIntervalMs && !isLoopbackUrl(baseUrl)) {
        throw new GraphConfigError(`${source} is ${raw} ms; Graph allows 1 request per second for Conditional Access, so below ${graphCaIntervalMs} ms is only for a loopback emulator`);
    }
    return raw;
}

export function resolveMaxTotal(explicit: number | undefined, env: NodeJS.ProcessEnv): number {
    if (explicit !== undefined) return explicit;
    const raw = env[graphEnv.maxWaitSeconds];
    if (raw === undefined) return 5 * 60 * 1000;
    const seconds = Number(raw);
    if (!Number.isFinite(seconds) || seconds <= 0) {
        throw new GraphConfigError(`${graphEnv.maxWaitSeconds} is ${JSON.stringify(raw)}; allowed: a number of seconds greater than 0`);
    }
    return seconds * 1000;
}

/** A fixed token for the emulator. It can only ever be sent to a loopback address. */
class LoopbackTestCredential implements TokenCredential {
    constructor(private readonly token: string) {}

    async getToken(): Promise<AccessToken> {
        return { token: this.token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 };
    }
}

/**
 * The credential: the caller's, else the emulator's test token (loopback only), else
 * `DefaultAzureCredential` (Azure CLI locally, workload identity federation in CI), loaded on first use.
 */
export function resolveCredential(explicit: TokenCredential | undefined, env: NodeJS.ProcessEnv, baseUrl: string): TokenCredential {
    if (explicit) return explicit;
    const testToken = env[graphEnv.testToken];
    if (testToken) {
        if (!isLoopbackUrl(baseUrl)) {
            throw new GraphConfigError(`${graphEnv.testToken} is set but the Graph base URL is ${baseUrl}; the test token is only sent to a loopback emulator`);
        }
        return new LoopbackTestCredential(testToken);
    }
    let credential: TokenCredential | undefined;
    return {
        getToken: (scopes, options) => {
            // @azure/identity pulls in MSAL; load it only when a real token is needed.
            credential ??= new (require("@azure/identity") as typeof import("@azure/identity")).DefaultAzureCredential();
            return credential.getToken(scopes, options);
        },
    };
}
