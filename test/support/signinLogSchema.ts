// The columns of SigninLogs and AADNonInteractiveUserSignInLogs, with their Kusto types, from
// ../shared/reference/signin-log-schema.md: the column order of the real SigninLogs export (its section 6,
// [D1]) plus the four newer columns it names, the SigninLogs-only and non-interactive-only lists of section
// 2, and the seven columns whose type differs (dynamic in SigninLogs, string in the non-interactive table).
// Types the note states are marked; the rest follow the sample's values and the Azure Monitor reference.

type KustoType = "string" | "datetime" | "long" | "int" | "bool" | "dynamic" | "real";

/** [column, SigninLogs type, from the note?] in the real export's order, then the newer columns. */
const signinLogsColumns: readonly [string, KustoType][] = [
    ["TenantId", "string"], ["SourceSystem", "string"], ["TimeGenerated", "datetime"], ["ResourceId", "string"],
    ["OperationName", "string"], ["OperationVersion", "string"], ["Category", "string"], ["ResultType", "string"],
    ["ResultSignature", "string"], ["ResultDescription", "string"], ["DurationMs", "long"], ["CorrelationId", "string"],
    ["Resource", "string"], ["ResourceGroup", "string"], ["ResourceProvider", "string"], ["Identity", "string"],
    ["Level", "string"], ["Location", "string"], ["AlternateSignInName", "string"], ["AppDisplayName", "string"],
    ["AppId", "string"], ["AuthenticationContextClassReferences", "string"], ["AuthenticationDetails", "string"],
    ["AppliedEventListeners", "dynamic"], ["AuthenticationMethodsUsed", "string"], ["AuthenticationProcessingDetails", "string"],
    ["AuthenticationRequirement", "string"], ["AuthenticationRequirementPolicies", "string"], ["ClientAppUsed", "string"],
    ["ConditionalAccessPolicies", "dynamic"], ["ConditionalAccessStatus", "string"], ["CreatedDateTime", "datetime"],
    ["DeviceDetail", "dynamic"], ["IsInteractive", "bool"], ["Id", "string"], ["IPAddress", "string"], ["IsRisky", "bool"],
    ["LocationDetails", "dynamic"], ["MfaDetail", "dynamic"], ["NetworkLocationDetails", "string"], ["OriginalRequestId", "string"],
    ["ProcessingTimeInMilliseconds", "string"], ["RiskDetail", "string"], ["RiskEventTypes", "string"], ["RiskEventTypes_V2", "string"],
    ["RiskLevelAggregated", "string"], ["RiskLevelDuringSignIn", "string"], ["RiskState", "string"], ["ResourceDisplayName", "string"],
    ["ResourceIdentity", "string"], ["ResourceServicePrincipalId", "string"], ["ServicePrincipalId", "string"],
    ["ServicePrincipalName", "string"], ["Status", "dynamic"], ["TokenIssuerName", "string"], ["TokenIssuerType", "string"],
    ["UserAgent", "string"], ["UserDisplayName", "string"], ["UserId", "string"], ["UserPrincipalName", "string"],
    ["AADTenantId", "string"], ["UserType", "string"], ["FlaggedForReview", "bool"], ["IPAddressFromResourceProvider", "string"],
    ["SignInIdentifier", "string"], ["SignInIdentifierType", "string"], ["ResourceTenantId", "string"], ["HomeTenantId", "string"],
    ["UniqueTokenIdentifier", "string"], ["SessionId", "string"], ["SessionLifetimePolicies", "string"],
    ["AutonomousSystemNumber", "string"], ["AuthenticationProtocol", "string"], ["CrossTenantAccessType", "string"],
    ["AuthenticationAppDeviceDetails", "string"], ["AuthenticationAppPolicyEvaluationDetails", "string"],
    ["ClientCredentialType", "string"], ["FederatedCredentialId", "string"], ["GlobalSecureAccessIpAddress", "string"],
    ["HomeTenantName", "string"], ["IncomingTokenType", "string"], ["IsTenantRestricted", "bool"],
    ["IsThroughGlobalSecureAccess", "bool"], ["OriginalTransferMethod", "string"], ["TokenProtectionStatusDetails", "dynamic"],
    ["AppOwnerTenantId", "string"], ["ResourceOwnerTenantId", "string"], ["Agent", "dynamic"], ["SourceAppClientId", "string"],
    ["AppliedConditionalAccessPolicies", "string"], ["RiskLevel", "string"], ["Type", "string"],
    // Newer than the export (section 6, [S1]).
    ["ConditionalAccessAudiences", "string"], ["AuthenticatorAppLocation", "string"], ["ClientSessionId", "string"], ["RootActorID", "string"],
];

/** Section 2: columns only in SigninLogs. */
export const signinLogsOnly: readonly string[] = [
    "ResourceId", "Resource", "ResourceProvider", "ProcessingTimeInMilliseconds", "ServicePrincipalName", "FlaggedForReview",
    "IPAddressFromResourceProvider", "SignInIdentifier", "AuthenticationAppDeviceDetails", "AuthenticationAppPolicyEvaluationDetails",
    "SourceAppClientId", "AppliedConditionalAccessPolicies", "RiskLevel",
];

/** Section 2: dynamic in SigninLogs, string (JSON text) in AADNonInteractiveUserSignInLogs. */
export const stringInNonInteractive: readonly string[] = [
    "ConditionalAccessPolicies", "DeviceDetail", "LocationDetails", "MfaDetail", "Status", "TokenProtectionStatusDetails", "Agent",
];

/** Section 2: columns only in AADNonInteractiveUserSignInLogs. */
const nonInteractiveOnly: readonly [string, KustoType][] = [
    ["ConditionalAccessPoliciesV2", "dynamic"], ["ProcessingTimeInMs", "string"], ["SignInEventTypes", "string"],
];

export const tableSchemas: Readonly<Record<"SigninLogs" | "AADNonInteractiveUserSignInLogs", readonly [string, KustoType][]>> = {
    SigninLogs: signinLogsColumns,
    AADNonInteractiveUserSignInLogs: [
        ...signinLogsColumns
            .filter(([name]) => !signinLogsOnly.includes(name))
            .map(([name, type]): [string, KustoType] => [name, stringInNonInteractive.includes(name) ? "string" : type]),
        ...nonInteractiveOnly,
    ],
};
