// Sign-in times as the three shapes and the exports write them: ISO 8601 with any number of fractional
// digits ("2026-02-01T14:31:52.701501+00:00"), with or without a zone (Log Analytics writes UTC), and the
// Azure portal's CSV display form ("2/1/2026, 2:31:52.701 PM", UTC when the column is "TimeGenerated [UTC]").

const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const portal = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(AM|PM)?$/i;

function offsetMinutes(zone: string | undefined): number {
    if (!zone || zone.toUpperCase() === "Z") return 0;
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

function milliseconds(fraction: string | undefined): number {
    return fraction ? Number(fraction.slice(0, 3).padEnd(3, "0")) : 0;
}

const digit = (text: string, i: number) => text.charCodeAt(i) - 48;
const two = (text: string, i: number) => digit(text, i) * 10 + digit(text, i + 1);

/** The common case, "2026-03-01T08:00:00.123Z" (any fraction, Z or +00:00), without a regular expression. */
function fastUtc(text: string): number | undefined {
    const n = text.length;
    if (n < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
    let end = n;
    if (text.charCodeAt(n - 1) === 90) end = n - 1;
    else if (text.endsWith("+00:00")) end = n - 6;
    else return undefined;
    for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) {
        const d = digit(text, i);
        if (d < 0 || d > 9) return undefined;
    }
    let ms = 0;
    if (end > 19) {
        if (text.charCodeAt(19) !== 46 || end === 20) return undefined;
        for (let i = 20; i < end; i++) {
            const d = digit(text, i);
            if (d < 0 || d > 9) return undefined;
            if (i < 23) ms += d * (i === 20 ? 100 : i === 21 ? 10 : 1);
        }
    }
    const month = two(text, 5);
    const day = two(text, 8);
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    return Date.UTC(digit(text, 0) * 1000 + digit(text, 1) * 100 + two(text, 2), month - 1, day, two(text, 11), two(text, 14), two(text, 17), ms);
}

/** Milliseconds since the epoch, or undefined when the value is not a time this reader knows. */
export function parseTimestamp(value: unknown): number | undefined {
    if (typeof value !== "string") return undefined;
    const fast = fastUtc(value);
    if (fast !== undefined) return fast;
    const text = value.trim();
    let m = iso.exec(text);
    if (m) {
        const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, milliseconds(m[7]));
        return Number.isNaN(ms) || +m[2] > 12 || +m[3] > 31 ? undefined : ms - offsetMinutes(m[8]) * 60_000;
    }
    m = portal.exec(text);
    if (m) {
        let hour = +m[4];
        const half = m[8]?.toUpperCase();
        if (half === "PM" && hour < 12) hour += 12;
        if (half === "AM" && hour === 12) hour = 0;
        const ms = Date.UTC(+m[3], +m[1] - 1, +m[2], hour, +m[5], m[6] ? +m[6] : 0, milliseconds(m[7]));
        return Number.isNaN(ms) || +m[1] > 12 || +m[2] > 31 ? undefined : ms;
    }
    return undefined;
}

export const msPerDay = 86_400_000;

/** Days since 1970-01-01 (UTC) of a time. */
export function dayNumber(ms: number): number {
    return Math.floor(ms / msPerDay);
}

/** "YYYY-MM-DD" of a day number. */
export function formatDay(day: number): string {
    return new Date(day * msPerDay).toISOString().slice(0, 10);
}
