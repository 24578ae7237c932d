// The analyzer's report. The first six fields are the JSON contract (`analyze --json`), and keep
// those names; the rest add what the Markdown and the readiness gate need: per-table coverage, why rows
// were set aside, the status-code details with the users and devices behind each, and warnings.
import type { SignInTable } from "./definitions";

export interface OutcomeCounts {
    requests: number;
    bound: number;
    unbound: number;
    allow: number;
    wouldBlock: number;
    block: number;
}

export interface AppRow extends OutcomeCounts {
    /** The client application (AppDisplayName). */
    app: string;
    /** The protected resource, by its canonical name. */
    resource: string;
}

export interface StatusCodeRow {
    /** signInSessionStatusCode of unbound requests; null when the log recorded none. */
    code: number | null;
    meaning: string;
    action: string;
    requests: number;
    /** Distinct users. */
    users: number;
}

export interface DayRow {
    day: string;
    requests: number;
    bound: number;
    unbound: number;
    wouldBlock: number;
}

export interface TableCoverage {
    /** Whether the input held any row of this table at all, counted or not. */
    present: boolean;
    requests: number;
    bound: number;
    unbound: number;
    /** Distinct days with requests, and the first and last of them (YYYY-MM-DD), for soak-length checks. */
    days: number;
    firstDay: string | null;
    lastDay: string | null;
}

export interface SkippedReason {
    reason: string;
    kind: "outOfScope" | "duplicate" | "invalid";
    description: string;
    rows: number;
    /** Where the first such row was (files only). */
    example?: string;
}

export interface DeviceRow {
    deviceId: string;
    displayName: string;
    operatingSystem: string;
    trustType: string;
    /** The unsupported registration type the name suggests (model/deviceFilter.ts kinds), or null. */
    kind: string | null;
    label: string;
    requests: number;
    users: number;
    /** The exclude-mode device filter clause that would cover it, when an exclusion is the fix. */
    exclusion: string | null;
    remediation: string | null;
}

export interface StatusCodeDetail extends StatusCodeRow {
    likelyCause: string;
    platform: "all" | "apple";
    documented: boolean;
    devices: number;
    /** Most affected users first (at most 20); per-user counts are null when only a sample is known (--workspace). */
    topUsers: { user: string; requests: number | null }[];
    /** For 1003: the devices behind it, most requests first (at most 50), and what they probably are. */
    deviceList?: DeviceRow[];
    /** For 1003: devices per kind, and the clause that excludes the kind. */
    deviceKinds?: { kind: string | null; label: string; devices: number; requests: number; exclusion: string | null; remediation: string | null }[];
}

export interface UserRow extends OutcomeCounts {
    user: string;
}

export interface TokenProtectionPolicyRow {
    id: string;
    displayName: string;
    /** Requests it applied to. */
    requests: number;
    reportOnlyRequests: number;
    enforcedRequests: number;
    notSatisfied: number;
    /** Whether --policy-id let it count as the Token Protection policy. */
    counted: boolean;
}

export interface AnalyzeReport {
    rows: number;
    skipped: number;
    totals: OutcomeCounts;
    byApp: AppRow[];
    byStatusCode: StatusCodeRow[];
    byDay: DayRow[];

    source: { kind: "files"; files: { file: string; format: string; gzip: boolean; rows: number }[] } | { kind: "workspace"; workspaceId: string; days: number | null };
    since: string | null;
    policyIds: string[];
    tables: Record<SignInTable, TableCoverage>;
    skippedReasons: SkippedReason[];
    /** The rows set aside as not protected, by the resource they named (at most 20). */
    outOfScopeResources: { resource: string; rows: number }[];
    /** Requests with no Token Protection status (`none`), or no details at all. */
    tokenProtectionStatus: { bound: number; unbound: number; none: number; missing: number };
    /** Requests to which no Token Protection policy applied (neither allow, wouldBlock nor block). */
    noTokenProtectionPolicy: number;
    tokenProtectionPolicies: TokenProtectionPolicyRow[];
    statusCodeDetails: StatusCodeDetail[];
    /** The exclude-mode rule for every unsupported kind found behind 1003, or null. */
    suggestedDeviceFilterRule: string | null;
    byDayAndTable: ({ day: string; table: SignInTable } & OutcomeCounts)[];
    /** The users with most requests that would be, or were, blocked (at most 50). */
    topUsers: UserRow[];
    warnings: string[];
}
