// The hot path's shortcut: decide from the raw text of a record, without JSON.parse, that it cannot be a
// sign-in to a protected resource. It looks at every `resourceId` / `ResourceIdentity` /
// `resourceDisplayName` / `ResourceDisplayName` key in the text (at any depth) and keeps the record when one
// holds a protected value, or a value it cannot read without decoding (an escape). The full check after
// JSON.parse reads the same fields, so a record the shortcut sets aside is one the full check would too:
// the report's counts stay exact. (The one difference: a broken record that names no protected resource is
// counted as out of scope, not as broken JSON, since it is never parsed.)
import { resourceNameByDisplayName, resourceNameById } from "../definitions";

// The values protectedResourceOf recognises: lower-case app IDs and exact display names.
const protectedValues = new Set<string>([...resourceNameById.keys(), ...resourceNameByDisplayName.keys()]);

const protectedLengths = new Set([...protectedValues].map((v) => v.length));

function isProtectedValue(value: string): boolean {
    if (!protectedLengths.has(value.length)) return false;
    return protectedValues.has(value) || protectedValues.has(value.toLowerCase());
}

// The string form: `esourceId` finds resourceId, ResourceId and ResourceIdentity; `esourceDisplayName"` both
// spellings of the name.
const idKey = "esourceId";
const nameKey = 'esourceDisplayName"';

const QUOTE = 34;
const SMALL_R = 114;
const CAPITAL_R = 82;
const BACKSLASH = 92;
const COLON = 58;

function isSpace(c: number): boolean {
    return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Where the string value of the key ending at `afterKey` starts (after its opening quote), or -1. */
function valueStart(charAt: (i: number) => number, afterKey: number, end: number): number {
    let j = afterKey;
    while (j < end && isSpace(charAt(j))) j++;
    if (charAt(j) !== COLON) return -1;
    j++;
    while (j < end && isSpace(charAt(j))) j++;
    return charAt(j) === QUOTE ? j + 1 : -1;
}

/** Whether the text of one record may be a sign-in to a protected resource. */
export function mayNameProtectedResource(text: string): boolean {
    const end = text.length;
    const charAt = (i: number) => (i >= 0 && i < end ? text.charCodeAt(i) : -1);
    for (const key of [idKey, nameKey]) {
        for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at + key.length)) {
            const r = charAt(at - 1);
            if ((r !== SMALL_R && r !== CAPITAL_R) || charAt(at - 2) !== QUOTE) continue;
            let afterKey = at + key.length;
            if (key === idKey) {
                if (text.startsWith('entity"', afterKey)) afterKey += 7;
                else if (charAt(afterKey) === QUOTE) afterKey += 1;
                else continue;
            }
            const start = valueStart(charAt, afterKey, end);
            if (start === -1) continue;
            const close = text.indexOf('"', start);
            if (close === -1) return true;
            const value = text.slice(start, close);
            if (value.includes("\\") || isProtectedValue(value)) return true;
        }
    }
    return false;
}

// The byte form searches for `urceId` and `Disp` and checks the key around each hit. Short needles take the
// native search's memchr path on their first byte (needles of 8 bytes or more switch to a Boyer-Moore that
// JSON's frequent quotes slow down threefold), and each hit costs a call: `urceId` (resourceId, ResourceId,
// ResourceIdentity) is hit twice a record where `Id` is hit eight times (tenantId, userId, appId, ...).
const idNeedle = Buffer.from("urceId", "latin1");
/** Where `Id` is in an idNeedle hit. */
const idInNeedle = 4;
const nameNeedle = Buffer.from("Disp", "latin1");
const resourceWord = Buffer.from("esource", "latin1");
const entityTail = Buffer.from('entity"', "latin1");
const displayNameTail = Buffer.from('layName"', "latin1");

function bytesEqual(buffer: Buffer, at: number, word: Buffer): boolean {
    if (at < 0 || at + word.length > buffer.length) return false;
    for (let i = 0; i < word.length; i++) if (buffer[at + i] !== word[i]) return false;
    return true;
}

/** `"resource` or `"Resource` ends right before `at`. */
function resourceKeyBefore(buffer: Buffer, at: number): boolean {
    const r = buffer[at - 8];
    return (r === SMALL_R || r === CAPITAL_R) && buffer[at - 9] === QUOTE && bytesEqual(buffer, at - 7, resourceWord);
}

/** The protected values by byte length, as bytes (they are all ASCII). */
const protectedByLength = new Map<number, Buffer[]>();
for (const v of protectedValues) protectedByLength.set(v.length, [...(protectedByLength.get(v.length) ?? []), Buffer.from(v, "latin1")]);

/**
 * isProtectedValue of the bytes [start, end) decoded as Latin-1, without decoding them: equal to a protected
 * value, or equal once lower-cased (Latin-1 lower-casing turns only A-Z into ASCII, and the values are ASCII).
 */
function isProtectedBytes(buffer: Buffer, start: number, end: number): boolean {
    const candidates = protectedByLength.get(end - start);
    if (candidates === undefined) return false;
    for (const value of candidates) {
        let exact = true;
        let lowered = true;
        for (let i = 0; i < value.length && (exact || lowered); i++) {
            const c = buffer[start + i];
            exact &&= c === value[i];
            lowered &&= (c >= 65 && c <= 90 ? c + 32 : c) === value[i];
        }
        if (exact || lowered) return true;
    }
    return false;
}

/** Where the first resource display name of each line is, [start, end), or -1. */
let nameStarts = new Int32Array(1 << 14);
let nameEnds = new Int32Array(1 << 14);

/**
 * The same decision for the records (lines) of a byte buffer at once: `marks[i]` is set when line i
 * (`lineStarts[i]` to `lineEnds[i]`) may name a protected resource, and for the lines not marked `names[i]`
 * holds the first resource display name of the line (for the out-of-scope tally).
 */
export function markCandidateLines(buffer: Buffer, lineStarts: Int32Array, lineEnds: Int32Array, count: number, marks: Uint8Array, names: (string | undefined)[]): void {
    marks.fill(0, 0, count);
    names.fill(undefined, 0, count);
    if (nameStarts.length < count) {
        nameStarts = new Int32Array(count * 2);
        nameEnds = new Int32Array(count * 2);
    }
    nameStarts.fill(-1, 0, count);
    // The display names first: they mark most records in scope, and a marked line needs no `Id` search,
    // which finds about eight keys a record (tenantId, userId, appId, deviceId, ...).
    markByKey(buffer, lineStarts, lineEnds, count, marks, true);
    markByKey(buffer, lineStarts, lineEnds, count, marks, false);
    for (let i = 0; i < count; i++) if (marks[i] === 0 && nameStarts[i] !== -1) names[i] = buffer.toString("utf8", nameStarts[i], nameEnds[i]);
}

/** One needle's pass of markCandidateLines: the display-name keys, or the resource ID keys. */
function markByKey(buffer: Buffer, lineStarts: Int32Array, lineEnds: Int32Array, count: number, marks: Uint8Array, isName: boolean): void {
    const needle = isName ? nameNeedle : idNeedle;
    const end = count > 0 ? lineEnds[count - 1] : 0;
    const charAt = (i: number) => (i < end ? buffer[i] : -1);
    let line = 0;
    for (let hit = buffer.indexOf(needle, 0); hit !== -1 && hit < end; hit = buffer.indexOf(needle, hit + needle.length)) {
        while (line < count && lineEnds[line] <= hit) line++;
        if (line >= count) break;
        if (hit < lineStarts[line]) continue;
        if (marks[line] === 1 && (!isName || nameStarts[line] !== -1)) {
            // Nothing more to learn from this line: search on from its end.
            hit = lineEnds[line] - needle.length;
            continue;
        }
        // `at`: where `Disp` or `Id` is.
        const at = isName ? hit : hit + idInNeedle;
        if (!resourceKeyBefore(buffer, at)) continue;
        let afterKey: number;
        if (isName) {
            if (!bytesEqual(buffer, at + 4, displayNameTail)) continue;
            afterKey = at + 4 + displayNameTail.length;
        } else if (buffer[at + 2] === QUOTE) {
            afterKey = at + 3;
        } else if (bytesEqual(buffer, at + 2, entityTail)) {
            afterKey = at + 2 + entityTail.length;
        } else {
            continue;
        }
        const lineEnd = lineEnds[line];
        const start = valueStart(charAt, afterKey, lineEnd);
        if (start === -1) continue;
        let close = start;
        while (close < lineEnd && buffer[close] !== QUOTE && buffer[close] !== BACKSLASH) close++;
        if (close >= lineEnd || buffer[close] === BACKSLASH) {
            marks[line] = 1;
            continue;
        }
        if (isName && nameStarts[line] === -1) {
            nameStarts[line] = start;
            nameEnds[line] = close;
        }
        if (isProtectedBytes(buffer, start, close)) marks[line] = 1;
    }
}
