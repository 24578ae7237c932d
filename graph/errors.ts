// The two errors the Graph client raises. Both are matched by `name` in the CLI (cli/errors.ts), which
// prints them as one line without a stack trace, so every message here must be the whole story.

/** What the operator needs to find a failed request in Graph's and Entra's logs. */
export interface GraphErrorDetails {
    method?: string;
    /** The URL path, without host or query: never anything that could carry a secret. */
    path?: string;
    /** The policy the request was about, when known. */
    displayName?: string;
    status?: number;
    /** Graph's `error.code`, e.g. `BadRequest`. */
    code?: string;
    requestId?: string;
    /**
     * True when a write may have been applied although no answer arrived (connection lost, time-out,
     * 5xx): the caller must look before writing again.
     */
    outcomeUnknown?: boolean;
    /** True when the client stopped retrying because the time bound ran out. */
    gaveUp?: boolean;
}

/** A failed Graph request or a refused Graph operation, as one readable line. */
export class GraphError extends Error {
    readonly details: GraphErrorDetails;

    constructor(message: string, details: GraphErrorDetails = {}) {
        super(oneLine(message));
        this.name = "GraphError";
        this.details = details;
    }

    get status(): number | undefined {
        return this.details.status;
    }
}

/** A Graph setting that is refused before any request is sent (base URL, test credential, pacing). */
export class GraphConfigError extends Error {
    constructor(message: string) {
        super(message);
        // The CLI's operator errors are matched by name; this is a configuration problem like any other.
        this.name = "ConfigError";
    }
}

export function isGraphError(err: unknown): err is GraphError {
    return err instanceof Error && err.name === "GraphError" && "details" in err;
}

/** Graph's error messages can span lines; the CLI prints one. Long messages are cut, not dropped. */
function oneLine(text: string): string {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > 600 ? `${flat.slice(0, 597)}...` : flat;
}

// A bearer credential in any text: the header form, and anything shaped like a JWT.
const bearerPattern = /\bBearer\s+[^\s"',;]+/gi;
const jwtPattern = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/**
 * Removes credentials from text that came from elsewhere (a server's error message). Tokens the client
 * holds are removed by value too, whatever their shape.
 */
export function redact(text: string, knownSecrets: Iterable<string> = []): string {
    let result = text.replace(bearerPattern, "Bearer [redacted]").replace(jwtPattern, "[redacted token]");
    for (const secret of knownSecrets) {
        if (secret.length >= 8) {
            result = result.split(secret).join("[redacted token]");
        }
    }
    return result;
}

/** `Graph PATCH /beta/.../policies/<id> for policy "<name>"`: the subject of every error line. */
export function describeRequest(details: GraphErrorDetails): string {
    const subject = details.displayName === undefined ? "" : ` for policy ${JSON.stringify(details.displayName)}`;
    return `Graph ${details.method ?? "request"} ${details.path ?? ""}${subject}`.replace(/ {2,}/g, " ");
}

/** `HTTP 400 BadRequest: <message> (request-id <id>)`, leaving out what Graph did not send. */
export function describeAnswer(details: GraphErrorDetails, message: string | undefined): string {
    const parts = [`HTTP ${details.status}`];
    if (details.code) parts.push(details.code);
    let text = parts.join(" ");
    if (message) text += `: ${message}`;
    if (details.requestId) text += ` (request-id ${details.requestId})`;
    return text;
}
