// The rule engine's vocabulary. Rules are pure functions of a Conditional Access policy in its Graph beta
// JSON shape and a context; the CrossGuard pack and `tp-rollout check` only differ in where the policy and
// the context come from.
import type { Wave } from "../../components/config";
import type { DeviceExclusions } from "../../model/deviceFilter";

/** The rule names: a public interface (pack config keys, `check --json`, README). Never rename one. */
export const ruleNames = [
    "tp-resources-specific",
    "tp-client-apps-native-only",
    "tp-unsupported-devices-excluded",
    "ca-break-glass-excluded",
    "tp-platforms-supported",
    "tp-report-only-soak",
    "tp-pilot-scope",
    "tp-companion-policies",
    "tp-sign-in-logs-exported",
    "tp-guest-users",
    "tp-exo-powershell-version",
    "tp-rollback-owner",
] as const;
export type RuleName = (typeof ruleNames)[number];

/** CrossGuard's levels, minus `remediate`: no rule rewrites a policy. */
export type Level = "advisory" | "mandatory" | "disabled";

/** The soak the checklist asks for ("at least two weeks"); four weeks is its safer recommendation. */
export const defaultSoakDays = 14;
export const recommendedSoakDays = 28;

/**
 * What a rule knows beyond the policy itself. `undefined` means "not known" (a policy exported from a
 * tenant, or a stack this repository has no config for): rules that need a missing field do not apply.
 */
export interface RuleContext {
    /** The wave the policy belongs to. */
    wave?: Wave;
    /** Emergency-access account object IDs every Conditional Access policy must exclude. */
    breakGlassUserIds?: string[];
    /** Groups known to hold every break-glass account: excluding one of them excludes the accounts. */
    breakGlassGroupIds: string[];
    /** When the population's report-only soak began (YYYY-MM-DD); `null` when the stack config sets none. */
    reportOnlySince?: string | null;
    /** Whether the iOS/macOS preview policy is wanted. */
    applePreview: boolean;
    /** The unsupported device kinds the tenant may have (true: the filter must exclude them). */
    deviceExclusions: Omit<DeviceExclusions, "customRules">;
    /** Who flips the wave back and when; `null` when the stack config sets none. */
    rollback?: { owner?: string; trigger?: string } | null;
    /** Exchange Online PowerShell versions per management endpoint, as the stack config lists them. */
    exoPowerShellInventory: { endpoint: string; version: string }[];
    /** Whether the stack owns the sign-in log workspace (`token-protection:logAnalytics` is set). */
    ownsSignInLogs?: boolean;
    /** Minimum report-only soak, and minimum sign-in log retention, in days. */
    soakDays: number;
    today: Date;
}

/** Pack config properties a rule accepts: the context fields it reads (for use outside this repo) and tunables. */
export type ConfigSchema = Record<string, Record<string, unknown>>;

interface RuleBase {
    name: RuleName;
    /** One sentence, "Checks whether ...": CrossGuard prints it above every message. */
    description: string;
    /** The level when no pack config names one: what an enforcement wave needs. */
    defaultLevel: Exclude<Level, "disabled">;
    configSchema: ConfigSchema;
}

/** A rule over one Conditional Access policy (Graph beta shape, read tolerantly). */
export interface PolicyRule extends RuleBase {
    kind: "policy";
    /** "tokenProtection": only policies with the Token Protection session control; "all": every CA policy. */
    scope: "tokenProtection" | "all";
    /** Only enforced policies (state enabled). */
    enforcedOnly?: true;
    /** Why else the rule does not apply to a policy in its scope, or undefined when it does (see whyNotApplicable). */
    notApplicable?(policy: unknown, context: RuleContext): string | undefined;
    /** One message per problem; each says what must be true and how to fix it. */
    check(policy: unknown, context: RuleContext): string[];
}

/** A Conditional Access policy of a stack, with where it came from. */
export interface StackPolicy {
    displayName: string;
    urn?: string;
    body: unknown;
}

/** The sign-in log resources of a stack, reduced to what the rules read. */
export interface SignInLogResources {
    workspaces: { name: string; urn?: string; retentionInDays: unknown }[];
    tables: { tableName: unknown; retentionInDays: unknown }[];
    diagnosticSettings: { name: string; urn?: string; logs: unknown; workspaceId: unknown }[];
}

export interface StackView {
    policies: StackPolicy[];
    signInLogs: SignInLogResources;
}

/** A problem a stack rule found, tied to the policy or resource it is about. */
export interface StackFinding {
    policy: string;
    urn?: string;
    message: string;
}

/** A rule over every resource of a stack. */
export interface StackRule extends RuleBase {
    kind: "stack";
    /** What of the stack it reads: during preview, only an unknown part it reads keeps it from running. */
    reads: ("policies" | "signInLogs")[];
    notApplicable(stack: StackView, context: RuleContext): string | undefined;
    check(stack: StackView, context: RuleContext): StackFinding[];
}

export type Rule = PolicyRule | StackRule;

/** What both front ends print. */
export interface Violation {
    rule: RuleName;
    policy: string;
    level: Exclude<Level, "disabled">;
    message: string;
}
