// The options `analyze` and `readiness` share (--since, --policy-id, --workspace, --days, --json/--markdown),
// checked one way, so both commands refuse the same bad input with the same message.
import { isGuid } from "../../model/conditionalAccess";
import { UsageError } from "../errors";

/** `--since` as a UTC day (YYYY-MM-DD, from its midnight) or a full ISO 8601 date-time. */
export function parseSince(value: string): Date {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const date = new Date(day ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value) || (day && date.toISOString().slice(0, 10) !== value)) {
        throw new UsageError(`--since is "${value}"; expected a date YYYY-MM-DD (UTC) or an ISO 8601 date-time`);
    }
    return date;
}

export function checkOutputFlags(flags: { json?: boolean; markdown?: boolean }): void {
    if (flags.json && flags.markdown) throw new UsageError("--json and --markdown are exclusive: pick one output");
}

export function checkPolicyIds(ids: readonly string[] | undefined): void {
    for (const id of ids ?? []) {
        if (!isGuid(id)) throw new UsageError(`--policy-id is "${id}"; expected a Conditional Access policy object ID (a GUID)`);
    }
}

export function checkWorkspaceId(id: string | undefined): void {
    if (id !== undefined && !isGuid(id)) throw new UsageError(`--workspace is "${id}"; expected the workspace ID (a GUID, Log Analytics workspace > Overview > Workspace ID)`);
}

/** A whole number of days for `flag` (--days, --soak-days), or undefined when not given. */
export function parseDays(flag: string, value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${flag} is "${value}"; expected a whole number of days`);
    return Number(value);
}
