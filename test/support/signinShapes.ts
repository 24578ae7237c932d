// One sign-in, written in each of the three shapes the analyzer reads (../shared/reference/signin-log-schema.md
// section 1): a Log Analytics row (PascalCase, nested columns as JSON text or objects), a Graph beta signIn
// (camelCase, real objects) and an Azure Monitor diagnostic-settings record (envelope + properties). The
// hand-made fixtures, the property tests and the benchmark's generator all write through these.
import type { SignInTable } from "../../evidence/definitions";

export interface SyntheticPolicy {
    id: string;
    displayName: string;
    result: string;
    enforcedGrantControls?: string[];
    enforcedSessionControls?: string[];
    /** Absent from every diagnostic / Log Analytics sample the schema note found; present in Graph output. */
    sessionControlsNotSatisfied?: string[];
}

export interface SyntheticDevice {
    deviceId: string;
    displayName: string;
    operatingSystem: string;
    browser?: string;
    isCompliant?: boolean;
    isManaged?: boolean;
    trustType?: string;
}

export interface SyntheticSignIn {
    id: string;
    /** ISO 8601, UTC. */
    time: string;
    table: SignInTable;
    userId: string;
    userPrincipalName: string;
    appId: string;
    appDisplayName: string;
    resourceId: string;
    resourceDisplayName: string;
    /** undefined: the property is absent; null: present and null. */
    tokenProtection?: { signInSessionStatus: string; signInSessionStatusCode?: number } | null;
    policies: SyntheticPolicy[];
    device: SyntheticDevice;
    clientAppUsed?: string;
    ipAddress?: string;
}

const tenantId = "1559ef53-2b0e-4395-b2ef-36f1288f40da";

const diagnosticCategory: Record<SignInTable, string> = {
    SigninLogs: "SignInLogs",
    AADNonInteractiveUserSignInLogs: "NonInteractiveUserSignInLogs",
};

/** A Log Analytics row as an export writes it: numbers as text, nested values as JSON text unless asked otherwise. */
export function toLogAnalyticsRow(s: SyntheticSignIn, options: { nested?: "text" | "objects" } = {}): Record<string, unknown> {
    const nested = (value: unknown) => (options.nested === "objects" ? value : value === undefined || value === null ? "" : JSON.stringify(value));
    const interactive = s.table === "SigninLogs";
    return {
        TenantId: tenantId,
        SourceSystem: "Azure AD",
        TimeGenerated: s.time,
        OperationName: "Sign-in activity",
        Category: diagnosticCategory[s.table],
        ResultType: "0",
        CorrelationId: s.id.split("").reverse().join(""),
        AppDisplayName: s.appDisplayName,
        AppId: s.appId,
        ClientAppUsed: s.clientAppUsed ?? "Mobile Apps and Desktop clients",
        ConditionalAccessPolicies: nested(s.policies),
        ConditionalAccessStatus: s.policies.some((p) => p.result === "success" || p.result === "failure") ? "success" : "notApplied",
        DeviceDetail: nested(s.device),
        IsInteractive: interactive,
        Id: s.id,
        IPAddress: s.ipAddress ?? "203.0.113.7",
        ResourceDisplayName: s.resourceDisplayName,
        ResourceIdentity: s.resourceId,
        Status: nested({ errorCode: 0 }),
        UserId: s.userId,
        UserPrincipalName: s.userPrincipalName,
        UserType: "Member",
        ...(s.tokenProtection === undefined ? {} : { TokenProtectionStatusDetails: nested(s.tokenProtection) }),
        ...(interactive ? { ResourceId: `/tenants/${tenantId}/providers/Microsoft.aadiam` } : { SignInEventTypes: '["nonInteractiveUser"]' }),
        Type: s.table,
    };
}

/** The camelCase signIn resource, as Graph beta returns it (and the `properties` of a diagnostic record). */
export function toGraphSignIn(s: SyntheticSignIn): Record<string, unknown> {
    const interactive = s.table === "SigninLogs";
    return {
        id: s.id,
        createdDateTime: s.time,
        userDisplayName: s.userPrincipalName.split("@")[0],
        userPrincipalName: s.userPrincipalName,
        userId: s.userId,
        appId: s.appId,
        appDisplayName: s.appDisplayName,
        ipAddress: s.ipAddress ?? "203.0.113.7",
        clientAppUsed: s.clientAppUsed ?? "Mobile Apps and Desktop clients",
        correlationId: s.id.split("").reverse().join(""),
        conditionalAccessStatus: s.policies.some((p) => p.result === "success" || p.result === "failure") ? "success" : "notApplied",
        isInteractive: interactive,
        signInEventTypes: [interactive ? "interactiveUser" : "nonInteractiveUser"],
        resourceDisplayName: s.resourceDisplayName,
        resourceId: s.resourceId,
        status: { errorCode: 0 },
        deviceDetail: s.device,
        appliedConditionalAccessPolicies: s.policies,
        ...(s.tokenProtection === undefined ? {} : { tokenProtectionStatusDetails: s.tokenProtection }),
        signInTokenProtectionStatus: "none",
        incomingTokenType: interactive ? "none" : "primaryRefreshToken",
    };
}

/** An Azure Monitor diagnostic-settings record: the category decides the table. */
export function toDiagnosticRecord(s: SyntheticSignIn): Record<string, unknown> {
    return {
        time: s.time,
        resourceId: `/tenants/${tenantId}/providers/Microsoft.aadiam`,
        operationName: "Sign-in activity",
        operationVersion: "1.0",
        category: diagnosticCategory[s.table],
        tenantId,
        resultType: "0",
        resultSignature: "None",
        durationMs: 0,
        callerIpAddress: s.ipAddress ?? "203.0.113.7",
        correlationId: s.id.split("").reverse().join(""),
        identity: s.userPrincipalName.split("@")[0],
        Level: 4,
        location: "DK",
        properties: toGraphSignIn(s),
    };
}
