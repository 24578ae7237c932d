// Reading JSON whose shape is not guaranteed: tenant exports, Graph answers, log records, resource props.

/** A JSON object (not null, not an array): the one guard every tolerant reader in the package uses. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
