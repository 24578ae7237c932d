// The checklist: report-only for at least two weeks before enforcing (four is safer where automation runs
// monthly), so the sign-in logs show what enforcement would block.
import { isIsoDate } from "../../components/config";
import { defaultSoakDays, PolicyRule, recommendedSoakDays, RuleContext } from "./types";

const dayMs = 24 * 60 * 60 * 1000;

function utcDay(date: Date): number {
    return Math.floor(date.getTime() / dayMs);
}

function isoDay(day: number): string {
    return new Date(day * dayMs).toISOString().slice(0, 10);
}

function requirement(context: RuleContext): string {
    const advice = context.soakDays < recommendedSoakDays ? ` (${recommendedSoakDays} recommended)` : "";
    return `An enforced Token Protection policy needs at least ${context.soakDays} days of report-only soak${advice}`;
}

export const tpReportOnlySoak: PolicyRule = {
    kind: "policy",
    scope: "tokenProtection",
    enforcedOnly: true,
    name: "tp-report-only-soak",
    description: "Checks whether an enforced Token Protection policy had a long enough report-only soak.",
    defaultLevel: "mandatory",
    configSchema: {
        soakDays: { type: "integer", minimum: 1, default: defaultSoakDays, description: `Minimum report-only soak in days (${recommendedSoakDays} recommended).` },
        reportOnlySince: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "When the soak began; defaults to token-protection:reportOnlySince of the stack." },
    },
    notApplicable(_policy, context) {
        return context.reportOnlySince === undefined ? "the report-only start date is not known (no stack config)" : undefined;
    },
    check(_policy, context) {
        const since = context.reportOnlySince;
        if (since === null || since === undefined) {
            return [`${requirement(context)}, but token-protection:reportOnlySince is not set. Fix: set it to the date (YYYY-MM-DD) this population's report-only soak began, and enforce once ${context.soakDays} days have passed.`];
        }
        if (!isIsoDate(since)) {
            return [`${requirement(context)}, but reportOnlySince is ${JSON.stringify(since)}, not a date. Fix: set token-protection:reportOnlySince to the date (YYYY-MM-DD) the soak began.`];
        }
        const start = Date.parse(`${since}T00:00:00Z`);
        const today = utcDay(context.today);
        const elapsed = today - utcDay(new Date(start));
        if (elapsed >= context.soakDays) {
            return [];
        }
        const when = elapsed < 0 ? "which is in the future" : `${elapsed} day${elapsed === 1 ? "" : "s"} ago`;
        return [`${requirement(context)}, but the soak began on ${since}, ${when}. Fix: keep token-protection:enforcement at reportOnly until ${isoDay(utcDay(new Date(start)) + context.soakDays)}.`];
    },
};
