// The three shapes of a sign-in record (../shared/reference/signin-log-schema.md section 1), read into one
// form. Nothing nested is decoded here: the analyzer decides scope first and decodes JSON text only for the
// records it counts.
import type { SignInTable } from "../definitions";
import { isJsonObject } from "../../model/json";
import { signInLogTables } from "../../model/signInLogs";

export type RecordShape = "logAnalytics" | "graph" | "diagnostic";

/** A record's fields, as found; nested values may be JSON text (exports) or real objects. */
export interface SignInFields {
    shape: RecordShape;
    /** The table, or why the record is not a user sign-in. */
    table: SignInTable | { notUserSignIn: string };
    /** True when nothing in the record says which table it came from (counted as SigninLogs). */
    tableGuessed: boolean;
    id: unknown;
    time: unknown;
    userId: unknown;
    userPrincipalName: unknown;
    appDisplayName: unknown;
    resourceId: unknown;
    resourceDisplayName: unknown;
    tokenProtection: unknown;
    /** Whether the record has the Token Protection details field at all. */
    hasTokenProtectionField: boolean;
    policies: unknown;
    device: unknown;
}

const tableByCategory: Readonly<Record<string, SignInTable>> = signInLogTables;

function logAnalyticsTable(row: Record<string, unknown>): { table: SignInFields["table"]; guessed: boolean } {
    const type = typeof row.Type === "string" ? row.Type : "";
    if (type === "SigninLogs" || type === "AADNonInteractiveUserSignInLogs") return { table: type, guessed: false };
    if (type !== "") return { table: { notUserSignIn: `Type ${type}` }, guessed: false };
    const category = typeof row.Category === "string" ? row.Category : "";
    if (category !== "") {
        const table = tableByCategory[category];
        return table ? { table, guessed: false } : { table: { notUserSignIn: `Category ${category}` }, guessed: false };
    }
    const interactive = row.IsInteractive;
    if (interactive === false || interactive === "false" || interactive === "False") return { table: "AADNonInteractiveUserSignInLogs", guessed: false };
    if (interactive === true || interactive === "true" || interactive === "True") return { table: "SigninLogs", guessed: false };
    return { table: "SigninLogs", guessed: true };
}

function graphTable(signIn: Record<string, unknown>): SignInFields["table"] {
    const types = Array.isArray(signIn.signInEventTypes) ? signIn.signInEventTypes : [];
    if (types.includes("nonInteractiveUser")) return "AADNonInteractiveUserSignInLogs";
    if (types.includes("interactiveUser")) return "SigninLogs";
    if (types.length > 0) return { notUserSignIn: `signInEventTypes ${types.join(",")}` };
    return signIn.isInteractive === false ? "AADNonInteractiveUserSignInLogs" : "SigninLogs";
}

function camelCaseFields(signIn: Record<string, unknown>, shape: RecordShape, table: SignInFields["table"], time: unknown): SignInFields {
    return {
        shape,
        table,
        tableGuessed: false,
        id: signIn.id,
        time,
        userId: signIn.userId,
        userPrincipalName: signIn.userPrincipalName,
        appDisplayName: signIn.appDisplayName,
        resourceId: signIn.resourceId,
        resourceDisplayName: signIn.resourceDisplayName,
        tokenProtection: signIn.tokenProtectionStatusDetails,
        hasTokenProtectionField: "tokenProtectionStatusDetails" in signIn,
        policies: signIn.appliedConditionalAccessPolicies,
        device: signIn.deviceDetail,
    };
}

/** The record's fields in its shape, or undefined when it is none of the three. */
export function readSignInFields(record: Record<string, unknown>): SignInFields | undefined {
    if (isJsonObject(record.properties) && (typeof record.category === "string" || "time" in record)) {
        const category = typeof record.category === "string" ? record.category : "";
        const table = tableByCategory[category] ?? { notUserSignIn: `category ${category || "(none)"}` };
        return camelCaseFields(record.properties, "diagnostic", table, record.time ?? record.properties.createdDateTime);
    }
    if ("TimeGenerated" in record || "ResourceIdentity" in record || "Id" in record) {
        const { table, guessed } = logAnalyticsTable(record);
        return {
            shape: "logAnalytics",
            table,
            tableGuessed: guessed,
            id: record.Id,
            time: record.TimeGenerated,
            userId: record.UserId,
            userPrincipalName: record.UserPrincipalName,
            appDisplayName: record.AppDisplayName,
            resourceId: record.ResourceIdentity,
            resourceDisplayName: record.ResourceDisplayName,
            tokenProtection: record.TokenProtectionStatusDetails,
            hasTokenProtectionField: "TokenProtectionStatusDetails" in record,
            policies: record.ConditionalAccessPolicies,
            device: record.DeviceDetail,
        };
    }
    if ("createdDateTime" in record && "id" in record) {
        return camelCaseFields(record, "graph", graphTable(record), record.createdDateTime);
    }
    return undefined;
}

/** A text field: strings as they are, numbers and booleans as text, anything else empty. */
export function text(value: unknown): string {
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return "";
}

export type Decoded = { ok: true; value: unknown } | { ok: false };

/**
 * A nested value: real objects as they are; JSON text decoded; "" and null mean absent. Exports write every
 * nested column as JSON text whatever the table's type (schema note section 3).
 */
export function decodeNested(value: unknown): Decoded {
    if (typeof value !== "string") return { ok: true, value: value ?? undefined };
    const trimmed = value.trim();
    if (trimmed === "" || trimmed === "null") return { ok: true, value: undefined };
    try {
        return { ok: true, value: JSON.parse(trimmed) };
    } catch {
        return { ok: false };
    }
}
