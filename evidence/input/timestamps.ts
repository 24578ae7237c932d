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

/** Milliseconds since the epoch, or undefined when the value is not a time this reader knows. */
export function parseTimestamp(value: unknown): number | undefined {
    if (typeof value !== "string") return undefined;
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
