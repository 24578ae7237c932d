// The running totals behind the report, over deduplicated facts. Everything here is bounded by the tenant
// (applications, users, devices, days, status codes), never by the number of rows. The main thread runs this
// for every fact while the reader threads share its cores, so the per-index tallies are flat typed arrays
// indexed by dictionary index (one bounds-checked write each) rather than maps of small objects.
import { F, noCode, OutcomeCode, StatusCode } from "./facts";

/** requests, bound, unbound, allow, wouldBlock, block: one counter each, in this order. */
export type Counters = Float64Array;
export const C = { requests: 0, bound: 1, unbound: 2, allow: 3, wouldBlock: 4, block: 5 } as const;
const width = 6;

/** Adds one request to the six counters at `at`. */
function count(target: Float64Array, at: number, status: number, outcome: number): void {
    target[at + C.requests]++;
    if (status === StatusCode.bound) target[at + C.bound]++;
    else if (status === StatusCode.unbound) target[at + C.unbound]++;
    if (outcome === OutcomeCode.allow) target[at + C.allow]++;
    else if (outcome === OutcomeCode.wouldBlock) target[at + C.wouldBlock]++;
    else if (outcome === OutcomeCode.block) target[at + C.block]++;
}

/** Six counters per small non-negative index (a dictionary index, or day * 2 + table), grown on demand. */
export class CountersByIndex {
    private values = new Float64Array(64 * width);

    add(index: number, status: number, outcome: number): void {
        const at = index * width;
        if (at >= this.values.length) this.grow(at);
        count(this.values, at, status, outcome);
    }

    private grow(at: number): void {
        let length = this.values.length * 2;
        while (length <= at) length *= 2;
        const grown = new Float64Array(length);
        grown.set(this.values);
        this.values = grown;
    }

    /** [index, counters] of every index that counted a request, in index order. */
    *entries(): IterableIterator<[number, Counters]> {
        for (let at = 0; at < this.values.length; at += width) {
            if (this.values[at + C.requests] > 0) yield [at / width, this.values.subarray(at, at + width)];
        }
    }
}

/** A count per small non-negative index, grown on demand. */
export class CountByIndex {
    private values = new Float64Array(64);
    /** Indices with a non-zero count. */
    size = 0;

    add(index: number): void {
        if (index >= this.values.length) {
            let length = this.values.length * 2;
            while (length <= index) length *= 2;
            const grown = new Float64Array(length);
            grown.set(this.values);
            this.values = grown;
        }
        if (this.values[index]++ === 0) this.size++;
    }

    *entries(): IterableIterator<[number, number]> {
        for (let i = 0; i < this.values.length; i++) if (this.values[i] > 0) yield [i, this.values[i]];
    }
}

export interface CodeTally {
    requests: number;
    users: CountByIndex;
    devices: CountByIndex;
}

/** Unbound requests of one device with one status code. */
export interface DeviceTally {
    requests: number;
    users: Set<number>;
}

export class Aggregator {
    readonly totals = new Float64Array(width);
    readonly byAppResource = new CountersByIndex();
    /** Key: day * 2 + table (a log covers few days: a map stays small). */
    readonly byDayTable = new Map<number, Counters>();
    readonly byTable = [new Float64Array(width), new Float64Array(width)];
    readonly byUser = new CountersByIndex();
    /** Unbound requests by status code (noCode for none recorded). */
    readonly byCode = new Map<number, CodeTally>();
    /** Unbound requests with status code 1003, by device (the only code the report lists devices for). */
    readonly byCodeDevice = new Map<number, Map<number, DeviceTally>>();
    readonly byPolicySet = new CountByIndex();
    readonly statusNone = { none: 0, missing: 0 };

    add(ints: Int32Array, at: number): void {
        const status = ints[at + F.status];
        const outcome = ints[at + F.outcome];
        const table = ints[at + F.table];
        const user = ints[at + F.user];
        count(this.totals, 0, status, outcome);
        this.byAppResource.add(ints[at + F.appResource], status, outcome);
        count(this.dayTable(ints[at + F.day] * 2 + table), 0, status, outcome);
        count(this.byTable[table], 0, status, outcome);
        this.byUser.add(user, status, outcome);
        if (status === StatusCode.none) this.statusNone.none++;
        else if (status === StatusCode.missing) this.statusNone.missing++;
        const policySet = ints[at + F.policySet];
        if (policySet >= 0) this.byPolicySet.add(policySet);
        if (status === StatusCode.unbound) this.addUnbound(ints[at + F.code], user, ints[at + F.device]);
    }

    private dayTable(key: number): Counters {
        let c = this.byDayTable.get(key);
        if (!c) {
            c = new Float64Array(width);
            this.byDayTable.set(key, c);
        }
        return c;
    }

    /** The days a table has a request on, in order. */
    daysOf(table: 0 | 1): number[] {
        const days: number[] = [];
        for (const key of this.byDayTable.keys()) if (key - Math.floor(key / 2) * 2 === table) days.push(Math.floor(key / 2));
        return days.sort((a, b) => a - b);
    }

    private addUnbound(code: number, user: number, device: number): void {
        let tally = this.byCode.get(code);
        if (!tally) {
            tally = { requests: 0, users: new CountByIndex(), devices: new CountByIndex() };
            this.byCode.set(code, tally);
        }
        tally.requests++;
        tally.users.add(user);
        if (device < 0) return;
        tally.devices.add(device);
        // The report lists devices (with their distinct users) behind 1003 alone.
        if (code !== 1003) return;
        let devices = this.byCodeDevice.get(code);
        if (!devices) {
            devices = new Map();
            this.byCodeDevice.set(code, devices);
        }
        let d = devices.get(device);
        if (!d) {
            d = { requests: 0, users: new Set() };
            devices.set(device, d);
        }
        d.requests++;
        d.users.add(user);
    }
}

export function codeOrNull(code: number): number | null {
    return code === noCode ? null : code;
}
