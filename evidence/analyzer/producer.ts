// Turns the records of one input into facts: shape, scope, time, the nested JSON decoded only for records
// in scope, and the Token Protection classification of evidence/definitions.ts. Everything that is not
// counted is tallied with its reason.
import { outcomeOf, protectedResourceOf, SignInTable, tokenProtectionStatusOf, userKeyOf } from "../definitions";
import { InputError } from "../errors";
import { dayNumber, parseTimestamp } from "../input/timestamps";
import { appResourceKey, Dictionaries } from "./dictionaries";
import { F, FactBatch, noCode, OutcomeCode, StatusCode, writeIdWords } from "./facts";
import { mayNameProtectedResource } from "./prefilter";
import { decodeNested, readSignInFields, SignInFields, text } from "./recordShapes";
import { SkipCounter, SkipReason } from "./skips";
import { isJsonObject } from "../../model/json";

export interface ProducerOptions {
    /** Sign-ins before this time (ms since the epoch) are set aside. */
    readonly since?: number;
    /** Lower-cased CA policy object IDs that count as the Token Protection policy; empty: any. */
    readonly policyIds: ReadonlySet<string>;
    /** A later byte range of a file whose start another producer checks for shape. */
    readonly shapeAlreadyChecked?: boolean;
}

/** What a producer learnt besides its facts; merged across inputs. */
export interface ProducerSummary {
    rows: number;
    skips: SkipCounter;
    /** Whether any record of each table was seen, counted or not. */
    tablesPresent: [boolean, boolean];
    /** Records that said nothing of their table (counted as SigninLogs). */
    tableGuessed: number;
    /** Records out of scope by resource, by the resource display name they carried. */
    outOfScopeResources: Map<string, number>;
    shapes: Set<string>;
}

const tableIndex: Readonly<Record<SignInTable, 0 | 1>> = { SigninLogs: 0, AADNonInteractiveUserSignInLogs: 1 };

const nestedSkip = { tokenProtection: "invalidTokenProtectionJson", policies: "invalidPoliciesJson", device: "invalidDeviceJson" } as const satisfies Record<string, SkipReason>;

// Substrings that place a record set aside unparsed in a table, so a missing table is told from one that only
// carries other resources. The leading quote keeps "SignInLogs" from matching "NonInteractiveUserSignInLogs".
const tableMarkers: readonly (readonly string[])[] = [
    ['"SignInLogs"', '"SigninLogs"', '"interactiveUser"'],
    ['"NonInteractiveUserSignInLogs"', '"AADNonInteractiveUserSignInLogs"', '"nonInteractiveUser"'],
];

/**
 * Which tables a record's text names, skipping tables already known to be present. Every non-interactive
 * marker contains "nteractiveUser", so one cheap search settles the common single-table export.
 */
export function tablesMentioned(textOf: { includes(s: string): boolean }, known: readonly [boolean, boolean] = [false, false]): [boolean, boolean] {
    return [
        known[0] || tableMarkers[0].some((m) => textOf.includes(m)),
        known[1] || (textOf.includes("nteractiveUser") && tableMarkers[1].some((m) => textOf.includes(m))),
    ];
}

export const tableMarkerStrings = tableMarkers;

export class FactProducer {
    readonly dictionaries = new Dictionaries();
    readonly batch = new FactBatch();
    readonly summary: ProducerSummary = {
        rows: 0,
        skips: new SkipCounter(),
        tablesPresent: [false, false],
        tableGuessed: 0,
        outOfScopeResources: new Map(),
        shapes: new Set(),
    };
    /** Set once the input's first record has been checked for shape. */
    private shapeChecked = false;

    constructor(private readonly file: string, private readonly options: ProducerOptions) {
        this.shapeChecked = options.shapeAlreadyChecked === true;
    }

    /** Sets a row aside; the first of each reason keeps its place, "file, line 12", for the report. */
    private skip(reason: SkipReason, where?: () => string): void {
        this.summary.skips.add(reason, where && (() => `${this.file}, ${where()}`));
    }

    /** A record's JSON text: the shortcut first, JSON.parse only when it may be in scope. */
    jsonText(recordText: string, where: () => string): void {
        if (this.shapeChecked && !mayNameProtectedResource(recordText)) {
            this.summary.rows++;
            this.setAsideUnparsed(recordText, firstResourceName(recordText));
            return;
        }
        this.parseJsonText(recordText, where);
    }

    /** Whether the next record must be parsed whatever it names: the first one of an input is shape-checked. */
    get needsShapeCheck(): boolean {
        return !this.shapeChecked;
    }

    /** A record's JSON text that a shortcut already kept. */
    parseJsonText(recordText: string, where: () => string): void {
        let record: unknown;
        try {
            record = JSON.parse(recordText);
        } catch {
            if (!this.shapeChecked) {
                throw new InputError(`${this.file}: not a sign-in export: ${where()} is not valid JSON`);
            }
            this.summary.rows++;
            this.skip("invalidJson", where);
            return;
        }
        this.object(record, where);
    }

    /** A record the byte-level shortcut set aside (evidence/input/ndjson.ts). */
    setAsideUnparsed(recordText: { includes(s: string): boolean } | undefined, resourceName: string | undefined): void {
        this.summary.skips.add("notProtectedResource");
        const present = this.summary.tablesPresent;
        if (recordText && !(present[0] && present[1])) this.notePresence(tablesMentioned(recordText, present));
        if (resourceName !== undefined) this.noteOutOfScope(resourceName);
    }

    notePresence(present: [boolean, boolean]): void {
        this.summary.tablesPresent[0] ||= present[0];
        this.summary.tablesPresent[1] ||= present[1];
    }

    countUnparsedRows(rows: number): void {
        this.summary.rows += rows;
    }

    invalid(reason: SkipReason, where: () => string): void {
        this.summary.rows++;
        this.skip(reason, where);
    }

    /** A record as an object (parsed JSON, or a CSV row keyed by its header). */
    object(record: unknown, where: () => string): void {
        const fields = isJsonObject(record) ? readSignInFields(record) : undefined;
        if (!this.shapeChecked) {
            this.shapeChecked = true;
            if (!fields) {
                const keys = isJsonObject(record) ? Object.keys(record).slice(0, 12).join(", ") || "(none)" : typeof record;
                throw new InputError(
                    `${this.file}: not a sign-in export: ${where()} has none of the columns of SigninLogs / AADNonInteractiveUserSignInLogs ` +
                        `(TimeGenerated, Id, ResourceIdentity), a Graph signIn (id, createdDateTime) or a diagnostic record (category, properties); it has: ${keys}`,
                );
            }
        }
        this.summary.rows++;
        if (!fields) {
            this.skip("unrecognisedRecord", where);
            return;
        }
        this.summary.shapes.add(fields.shape);
        this.classify(fields, where);
    }

    private noteOutOfScope(resourceName: string): void {
        const map = this.summary.outOfScopeResources;
        if (map.has(resourceName) || map.size < 200) map.set(resourceName, (map.get(resourceName) ?? 0) + 1);
    }

    private classify(fields: SignInFields, where: () => string): void {
        const skips = { add: (reason: SkipReason, where: () => string) => this.skip(reason, where) };
        if (typeof fields.table === "string") this.summary.tablesPresent[tableIndex[fields.table]] = true;
        const resourceDisplayName = text(fields.resourceDisplayName);
        const resource = protectedResourceOf(text(fields.resourceId), resourceDisplayName);
        if (resource === undefined) {
            skips.add("notProtectedResource", where);
            this.noteOutOfScope(resourceDisplayName);
            return;
        }
        if (typeof fields.table !== "string") return skips.add("notUserSignIn", where);
        const id = text(fields.id);
        if (id === "") return skips.add("missingId", where);
        const time = parseTimestamp(fields.time);
        if (time === undefined) return skips.add("invalidTime", where);
        if (this.options.since !== undefined && time < this.options.since) return skips.add("beforeSince", where);

        const tokenProtection = decodeNested(fields.tokenProtection);
        if (!tokenProtection.ok) return skips.add(nestedSkip.tokenProtection, where);
        const policiesDecoded = decodeNested(fields.policies);
        if (!policiesDecoded.ok) return skips.add(nestedSkip.policies, where);
        const device = decodeNested(fields.device);
        if (!device.ok) return skips.add(nestedSkip.device, where);
        if (fields.tableGuessed) this.summary.tableGuessed++;

        const policies = Array.isArray(policiesDecoded.value) ? (policiesDecoded.value as unknown[]) : [];
        const { status, code } = tokenProtectionStatusOf(tokenProtection.value);
        // One pass over the policies gives both the outcome and the set of Token Protection policies on the
        // request, counted or not, for the report's policy list.
        let policySetKey = "";
        const outcome = outcomeOf(policies, this.options.policyIds, (p, v) => {
            policySetKey += `${text(p.id)}\u0001${text(p.displayName)}\u0001${v.counted ? 1 : 0}${v.reportOnly ? 1 : 0}${v.notSatisfied ? 1 : 0}\u0002`;
        });
        const userPrincipalName = text(fields.userPrincipalName);
        const userKey = userKeyOf(text(fields.userId), userPrincipalName);
        const dict = this.dictionaries;

        const batch = this.batch;
        const at = batch.push();
        const ints = batch.ints;
        writeIdWords(id, ints, at);
        ints[at + F.table] = tableIndex[fields.table];
        ints[at + F.day] = dayNumber(time);
        ints[at + F.appResource] = this.appResourceIndex(text(fields.appDisplayName), resource);
        ints[at + F.status] = StatusCode[status];
        ints[at + F.code] = code ?? noCode;
        ints[at + F.outcome] = OutcomeCode[outcome];
        ints[at + F.user] = dict.users.intern(userKey, () => ({ key: userKey, userPrincipalName }));
        ints[at + F.device] = status === "unbound" ? this.deviceIndex(device.value, time) : -1;
        ints[at + F.policySet] = policySetKey === "" ? -1 : dict.policySets.intern(policySetKey, () => policySetKey);
    }

    /** Two-level lookup: no key string is built per row. */
    private readonly appResourceIndexes = new Map<string, Map<string, number>>();

    private appResourceIndex(app: string, resource: string): number {
        let byResource = this.appResourceIndexes.get(app);
        if (!byResource) {
            byResource = new Map();
            this.appResourceIndexes.set(app, byResource);
        }
        let index = byResource.get(resource);
        if (index === undefined) {
            const key = appResourceKey(app, resource);
            index = this.dictionaries.appResources.intern(key, () => key);
            byResource.set(resource, index);
        }
        return index;
    }

    private deviceIndex(detail: unknown, time: number): number {
        if (!isJsonObject(detail)) return -1;
        const deviceId = text(detail.deviceId);
        const displayName = text(detail.displayName);
        const key = deviceId !== "" ? deviceId : displayName.toLowerCase();
        if (key === "") return -1;
        const entry = { key, deviceId, displayName, operatingSystem: text(detail.operatingSystem), trustType: text(detail.trustType), lastSeen: time };
        const index = this.dictionaries.devices.intern(key, () => entry);
        this.dictionaries.updateDevice(entry);
        return index;
    }
}

/** The first resource display name in a record's text, for the out-of-scope tally. */
export function firstResourceName(recordText: string): string | undefined {
    const m = /"[Rr]esourceDisplayName"\s*:\s*"([^"\\]*)"/.exec(recordText);
    return m ? m[1] : undefined;
}
