// Why a row read was not counted. Every row is either counted once or set aside for exactly one of these,
// so `rows = totals.requests + skipped` always holds.

export type SkipKind = "outOfScope" | "duplicate" | "invalid";

export const skipReasons = {
    notProtectedResource: { kind: "outOfScope", description: "not a sign-in to a protected resource" },
    notUserSignIn: { kind: "outOfScope", description: "not an interactive or non-interactive user sign-in (another log category)" },
    beforeSince: { kind: "outOfScope", description: "signed in before --since" },
    duplicateId: { kind: "duplicate", description: "a sign-in Id already counted (repeated in a file or across files)" },
    missingId: { kind: "invalid", description: "no sign-in Id" },
    invalidTime: { kind: "invalid", description: "no readable sign-in time" },
    invalidJson: { kind: "invalid", description: "not valid JSON" },
    invalidTokenProtectionJson: { kind: "invalid", description: "broken JSON text in the Token Protection status details" },
    invalidPoliciesJson: { kind: "invalid", description: "broken JSON text in the Conditional Access policies" },
    invalidDeviceJson: { kind: "invalid", description: "broken JSON text in the device details" },
    unrecognisedRecord: { kind: "invalid", description: "not a sign-in record (none of the Log Analytics, Graph or diagnostic-settings shapes)" },
    csvFieldCount: { kind: "invalid", description: "a CSV row with a different number of fields from the header" },
} as const satisfies Record<string, { kind: SkipKind; description: string }>;

export type SkipReason = keyof typeof skipReasons;

export interface SkipTally {
    rows: number;
    /** Where the first such row was: "file, line 12". */
    example?: string;
}

export class SkipCounter {
    readonly byReason = new Map<SkipReason, SkipTally>();
    total = 0;

    add(reason: SkipReason, where?: () => string, rows = 1): void {
        this.total += rows;
        const tally = this.byReason.get(reason);
        if (tally) {
            tally.rows += rows;
        } else {
            this.byReason.set(reason, { rows, example: where?.() });
        }
    }

    merge(other: SkipCounter): void {
        for (const [reason, tally] of other.byReason) {
            this.total += tally.rows;
            const mine = this.byReason.get(reason);
            if (mine) mine.rows += tally.rows;
            else this.byReason.set(reason, { ...tally });
        }
    }
}
