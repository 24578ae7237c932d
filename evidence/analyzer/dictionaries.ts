// The strings behind the facts' indices, append-only. A producer (one input, possibly in a worker thread)
// interns into its own dictionaries and ships the entries added since its last batch; the consumer maps
// them into the run's dictionaries, so indices in the aggregate are global however the input was split.

export interface DeviceEntry {
    key: string;
    deviceId: string;
    displayName: string;
    operatingSystem: string;
    trustType: string;
    /** The attributes are the latest seen: a device renamed or re-joined shows as it is now. */
    lastSeen: number;
}

export interface UserEntry {
    key: string;
    userPrincipalName: string;
}

export interface DictionaryDelta {
    appResources: string[];
    users: UserEntry[];
    devices: DeviceEntry[];
    policySets: string[];
}

class Interner<T extends { key: string } | string> {
    readonly values: T[] = [];
    private readonly index = new Map<string, number>();
    private shipped = 0;

    constructor(private readonly keyOf: (value: T) => string) {}

    intern(key: string, make: () => T): number {
        let i = this.index.get(key);
        if (i === undefined) {
            i = this.values.length;
            this.values.push(make());
            this.index.set(key, i);
        }
        return i;
    }

    lookup(key: string): number | undefined {
        return this.index.get(key);
    }

    /** Entries added since the last call. */
    takeNew(): T[] {
        const fresh = this.values.slice(this.shipped);
        this.shipped = this.values.length;
        return fresh;
    }

    /** Adds `value` unless its key is known; its index either way. */
    add(value: T): number {
        return this.intern(this.keyOf(value), () => value);
    }
}

export class Dictionaries {
    readonly appResources = new Interner<string>((v) => v);
    readonly users = new Interner<UserEntry>((v) => v.key);
    readonly devices = new Interner<DeviceEntry>((v) => v.key);
    readonly policySets = new Interner<string>((v) => v);

    takeDelta(): DictionaryDelta {
        return {
            appResources: this.appResources.takeNew(),
            users: this.users.takeNew(),
            devices: this.devices.takeNew(),
            policySets: this.policySets.takeNew(),
        };
    }

    /** Keeps a device's latest attributes. */
    updateDevice(entry: DeviceEntry): void {
        const i = this.devices.lookup(entry.key);
        if (i === undefined) return;
        const known = this.devices.values[i];
        if (entry.lastSeen > known.lastSeen) this.devices.values[i] = entry;
    }
}

/** Index maps from one producer's dictionaries into the run's. */
export class DictionaryMapping {
    readonly appResources: number[] = [];
    readonly users: number[] = [];
    readonly devices: number[] = [];
    readonly policySets: number[] = [];

    constructor(private readonly target: Dictionaries) {}

    apply(delta: DictionaryDelta): void {
        for (const v of delta.appResources) this.appResources.push(this.target.appResources.add(v));
        for (const v of delta.users) this.users.push(this.target.users.add(v));
        for (const v of delta.devices) {
            this.devices.push(this.target.devices.add(v));
            this.target.updateDevice(v);
        }
        for (const v of delta.policySets) this.policySets.push(this.target.policySets.add(v));
    }
}

/** The key of an (application, resource) pair. */
export function appResourceKey(app: string, resource: string): string {
    return `${app}\u0000${resource}`;
}

export function splitAppResourceKey(key: string): { app: string; resource: string } {
    const at = key.indexOf("\u0000");
    return { app: key.slice(0, at), resource: key.slice(at + 1) };
}
