// Up-front pacing. Graph throttles the Conditional Access endpoints at 1 request per second per tenant
// and answers 429 without Retry-After (facts file section 7.2), so backing off after the fact is slow:
// every 429 costs a round trip and a jittered wait. Spacing requests at the limit avoids most of them.
import { setTimeout as sleep } from "node:timers/promises";
import { performance } from "node:perf_hooks";

/** The CA endpoints' documented limit: 1 request per second per tenant. */
export const graphCaIntervalMs = 1000;

/**
 * Hands out request slots at most one per `intervalMs`, in call order. The gap is measured between the
 * moments requests are actually released (not between scheduled slots), so a late timer never makes the
 * next gap short.
 */
export class Pacer {
    private lastRelease = Number.NEGATIVE_INFINITY;
    private heldUntil = Number.NEGATIVE_INFINITY;
    private queue: Promise<void> = Promise.resolve();

    constructor(readonly intervalMs: number) {}

    /** Resolves when the caller may send its request. */
    acquire(): Promise<void> {
        const turn = this.queue.then(() => this.waitForSlot());
        this.queue = turn.catch(() => undefined);
        return turn;
    }

    /** After a 429, nobody in this process sends before `until` (a `performance.now()` time). */
    holdUntil(until: number): void {
        this.heldUntil = Math.max(this.heldUntil, until);
    }

    private async waitForSlot(): Promise<void> {
        for (;;) {
            const wait = Math.max(this.lastRelease + this.intervalMs, this.heldUntil) - performance.now();
            if (wait <= 0) break;
            // Timers may fire a fraction of a millisecond early; the loop re-checks rather than trusting them.
            await sleep(Math.ceil(wait));
        }
        this.lastRelease = performance.now();
    }
}

// One pacer per Graph host and interval for the whole process: the limit is per tenant, and Pulumi runs
// every dynamic resource's operations in one provider process, concurrently.
const pacers = new Map<string, Pacer>();

export function sharedPacer(origin: string, intervalMs: number): Pacer {
    const key = `${origin} ${intervalMs}`;
    let pacer = pacers.get(key);
    if (!pacer) {
        pacer = new Pacer(intervalMs);
        pacers.set(key, pacer);
    }
    return pacer;
}
