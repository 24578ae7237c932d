// The running totals behind the report, over deduplicated facts. Everything here is bounded by the tenant
// (applications, users, devices, days, status codes), never by the number of rows.
import { F, noCode, OutcomeCode, StatusCode } from "./facts";

/** requests, bound, unbound, allow, wouldBlock, block: one counter each, in this order. */
export type Counters = Float64Array;
export const C = { requests: 0, bound: 1, unbound: 2, allow: 3, wouldBlock: 4, block: 5 } as const;

function counters(): Counters {
    return new Float64Array(6);
}

function count(target: Counters, status: number, outcome: number): void {
    target[C.requests]++;
    if (status === StatusCode.bound) target[C.bound]++;
    else if (status === StatusCode.unbound) target[C.unbound]++;
    if (outcome === OutcomeCode.allow) target[C.allow]++;
    else if (outcome === OutcomeCode.wouldBlock) target[C.wouldBlock]++;
    else if (outcome === OutcomeCode.block) target[C.block]++;
}

function counterIn<K>(map: Map<K, Counters>, key: K): Counters {
    let c = map.get(key);
    if (!c) {
        c = counters();
        map.set(key, c);
    }
    return c;
}

export interface CodeTally {
    requests: number;
    users: Map<number, number>;
    devices: Map<number, number>;
}

/** Unbound requests of one device with one status code. */
export interface DeviceTally {
    requests: number;
    users: Set<number>;
}

export class Aggregator {
    readonly totals = counters();
    readonly byAppResource = new Map<number, Counters>();
    /** Key: day * 2 + table. */
    readonly byDayTable = new Map<number, Counters>();
    readonly byTable = [counters(), counters()];
    readonly daysByTable = [new Set<number>(), new Set<number>()];
    readonly byUser = new Map<number, Counters>();
    /** Unbound requests by status code (noCode for none recorded). */
    readonly byCode = new Map<number, CodeTally>();
    /** Unbound requests by status code, then device. */
    readonly byCodeDevice = new Map<number, Map<number, DeviceTally>>();
    readonly byPolicySet = new Map<number, number>();
    readonly statusNone = { none: 0, missing: 0 };

    add(ints: Int32Array, at: number): void {
        const status = ints[at + F.status];
        const outcome = ints[at + F.outcome];
        const table = ints[at + F.table];
        const day = ints[at + F.day];
        const user = ints[at + F.user];
        count(this.totals, status, outcome);
        count(counterIn(this.byAppResource, ints[at + F.appResource]), status, outcome);
        count(counterIn(this.byDayTable, day * 2 + table), status, outcome);
        count(this.byTable[table], status, outcome);
        this.daysByTable[table].add(day);
        count(counterIn(this.byUser, user), status, outcome);
        if (status === StatusCode.none) this.statusNone.none++;
        else if (status === StatusCode.missing) this.statusNone.missing++;
        const policySet = ints[at + F.policySet];
        if (policySet >= 0) this.byPolicySet.set(policySet, (this.byPolicySet.get(policySet) ?? 0) + 1);
        if (status !== StatusCode.unbound) return;

        const code = ints[at + F.code];
        let tally = this.byCode.get(code);
        if (!tally) {
            tally = { requests: 0, users: new Map(), devices: new Map() };
            this.byCode.set(code, tally);
        }
        tally.requests++;
        tally.users.set(user, (tally.users.get(user) ?? 0) + 1);
        const device = ints[at + F.device];
        if (device < 0) return;
        tally.devices.set(device, (tally.devices.get(device) ?? 0) + 1);
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
