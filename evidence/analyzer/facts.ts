// A counted request, reduced to integers: the sign-in Id as 128 bits plus dictionary indices. Facts are what
// the deduplicator holds and spills to disk, and what the aggregator counts; every string lives once in the
// dictionaries (evidence/analyzer/dictionaries.ts), however many requests repeat it.

/** Int32 slots per fact. */
export const factWidth = 13;

export const F = {
    id0: 0,
    id1: 1,
    id2: 2,
    id3: 3,
    /** 0 SigninLogs, 1 AADNonInteractiveUserSignInLogs. */
    table: 4,
    /** Days since 1970-01-01, UTC. */
    day: 5,
    appResource: 6,
    /** TokenProtectionStatusCode below. */
    status: 7,
    /** signInSessionStatusCode, or noCode. */
    code: 8,
    /** OutcomeCode below. */
    outcome: 9,
    user: 10,
    /** Only for unbound requests; -1 otherwise or when the log names no device. */
    device: 11,
    /** The Token Protection policies that applied, or -1. */
    policySet: 12,
} as const;

export const noCode = -2147483648;

export const StatusCode = { bound: 0, unbound: 1, none: 2, missing: 3 } as const;
export const OutcomeCode = { none: 0, allow: 1, wouldBlock: 2, block: 3 } as const;

/** A growable run of facts. */
export class FactBatch {
    ints: Int32Array;
    count = 0;

    constructor(capacity = 4096) {
        this.ints = new Int32Array(capacity * factWidth);
    }

    /** The offset of a new fact's first slot; the caller fills the slots. */
    push(): number {
        if ((this.count + 1) * factWidth > this.ints.length) {
            const grown = new Int32Array(this.ints.length * 2);
            grown.set(this.ints);
            this.ints = grown;
        }
        return this.count++ * factWidth;
    }

    clear(): void {
        this.count = 0;
    }
}

/** The value of a lower-case hex digit, or -1. */
function hexDigit(c: number): number {
    if (c >= 48 && c <= 57) return c - 48;
    if (c >= 97 && c <= 102) return c - 87;
    return -1;
}

/** Eight hex digits from `from` (skipping the dash at `skip`, if any) as a 32-bit word, or undefined. */
function hexWord(id: string, from: number, skip: number): number | undefined {
    let word = 0;
    for (let i = from, n = 0; n < 8; i++) {
        if (i === skip) continue;
        const d = hexDigit(id.charCodeAt(i));
        if (d < 0) return undefined;
        word = (word << 4) | d;
        n++;
    }
    return word | 0;
}

/**
 * The sign-in Id as four 32-bit words. Ids are lower-case GUIDs; anything else (which KQL's `by Id` would
 * still tell apart, case included) is hashed with SHA-256, whose 128-bit prefix does not collide in practice.
 */
export function writeIdWords(id: string, ints: Int32Array, at: number): void {
    if (id.length === 36 && id.charCodeAt(8) === 45 && id.charCodeAt(13) === 45 && id.charCodeAt(18) === 45 && id.charCodeAt(23) === 45) {
        const a = hexWord(id, 0, -1);
        const b = hexWord(id, 9, 13);
        const c = hexWord(id, 19, 23);
        const d = hexWord(id, 28, -1);
        if (a !== undefined && b !== undefined && c !== undefined && d !== undefined) {
            ints[at] = a;
            ints[at + 1] = b;
            ints[at + 2] = c;
            ints[at + 3] = d;
            return;
        }
    }
    // Required here, not imported: only the rare non-GUID Id needs it.
    const digest: Buffer = require("node:crypto").createHash("sha256").update(id, "utf8").digest();
    for (let i = 0; i < 4; i++) ints[at + i] = digest.readInt32LE(i * 4);
}
