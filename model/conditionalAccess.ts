// The one model at the centre of the package: a Conditional Access policy in its Microsoft Graph beta
// JSON shape. Components build it, the Graph resource sends it, the policy pack checks it, `plan` and
// `diff` print it and the sign-in analyzer recognises it.
import type {
    ConditionalAccessClientApp,
    ConditionalAccessDevicePlatform,
    ConditionalAccessGrantControl,
    ConditionalAccessGuestOrExternalUserTypes,
    ConditionalAccessPolicy,
    ConditionalAccessPolicyState,
} from "@microsoft/microsoft-graph-types-beta";

export type { ConditionalAccessClientApp, ConditionalAccessDevicePlatform, ConditionalAccessPolicyState };

/**
 * The part of a Graph beta `conditionalAccessPolicy` this package writes. It is a structural subset of
 * `ConditionalAccessPolicy` from `@microsoft/microsoft-graph-types-beta`, so anything assignable to it is a
 * valid Graph body, and Graph's answers (which carry more fields) can be read through it.
 */
export interface CaPolicyBody {
    displayName: string;
    state: ConditionalAccessPolicyState;
    conditions: {
        users: {
            includeUsers?: string[];
            excludeUsers?: string[];
            includeGroups?: string[];
            excludeGroups?: string[];
            includeRoles?: string[];
            excludeRoles?: string[];
            excludeGuestsOrExternalUsers?: {
                guestOrExternalUserTypes: ConditionalAccessGuestOrExternalUserTypes;
                externalTenants: { "@odata.type": string; membershipKind: "all" };
            };
        };
        applications: { includeApplications: string[]; excludeApplications?: string[] };
        clientAppTypes: ConditionalAccessClientApp[];
        platforms?: {
            includePlatforms: ConditionalAccessDevicePlatform[];
            excludePlatforms?: ConditionalAccessDevicePlatform[];
        };
        devices?: { deviceFilter: { mode: "include" | "exclude"; rule: string } };
    };
    grantControls?: { operator: "AND" | "OR"; builtInControls: ConditionalAccessGrantControl[] };
    sessionControls?: { secureSignInSession: { isEnabled: boolean } };
}

// Compile-time proof that the package's body is a Graph beta policy body.
const _isGraphPolicy = (body: CaPolicyBody): ConditionalAccessPolicy => body;
void _isGraphPolicy;

/** The four policies the package declares, as `plan --json` names them, in the order plans list them. */
export const policyKinds = ["tokenProtection", "tokenProtectionApple", "blockUnknownPlatforms", "requireCompliance"] as const;
export type PolicyKind = (typeof policyKinds)[number];

/** First-party resource application IDs (Microsoft Learn, verify-first-party-apps-sign-in; facts file section 2). */
export const AppIds = {
    exchangeOnline: "00000002-0000-0ff1-ce00-000000000000",
    sharePointOnline: "00000003-0000-0ff1-ce00-000000000000",
    teamsServices: "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe",
    azureVirtualDesktop: "9cdead84-a844-4324-93f2-b2e6bb768d07",
    windows365: "0af06dc6-e4b5-4f28-818e-e78e62d137a5",
    windowsCloudLogin: "270efc09-cd0d-444b-a71f-39af4910ec45",
} as const;

/** The resources Token Protection enforces on everywhere. */
export const coreProtectedApps: readonly string[] = [AppIds.exchangeOnline, AppIds.sharePointOnline, AppIds.teamsServices];
/** Added on Windows only when the Windows App client is deployed. */
export const windowsAppProtectedApps: readonly string[] = [AppIds.azureVirtualDesktop, AppIds.windows365, AppIds.windowsCloudLogin];
/** The Apple (preview) deployment guide's policy targets Exchange Online and SharePoint Online only. */
export const appleProtectedApps: readonly string[] = [AppIds.exchangeOnline, AppIds.sharePointOnline];

/** Readable names for the protected resources, as the Entra admin center and sign-in logs show them. */
export const protectedAppNames: Readonly<Record<string, string>> = {
    [AppIds.exchangeOnline]: "Office 365 Exchange Online",
    [AppIds.sharePointOnline]: "Office 365 SharePoint Online",
    [AppIds.teamsServices]: "Microsoft Teams Services",
    [AppIds.azureVirtualDesktop]: "Azure Virtual Desktop",
    [AppIds.windows365]: "Windows 365",
    [AppIds.windowsCloudLogin]: "Windows Cloud Login",
};

/** Directory role template IDs the package refers to. */
export const RoleTemplateIds = {
    globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
    conditionalAccessAdministrator: "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
    securityAdministrator: "194ae4cb-b126-40b2-bd5b-6091b380977d",
    /** Entra Connect / Cloud Sync accounts; excluded from device-compliance policies (Microsoft Learn). */
    directorySynchronizationAccounts: "d29b2b05-8046-44ba-8758-1e26182fcf32",
} as const;

/** The session-control strings sign-in logs use for Token Protection: current, and before late June 2023. */
export const tokenProtectionSessionControlNames: readonly string[] = ["SignInTokenProtection", "Binding"];

/**
 * Every guest and external user type, for excluding them all from a policy. Graph's type is a flags enum
 * written as one comma-separated string, which the generated typings cannot express.
 */
export const allGuestOrExternalUserTypes =
    "internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider" as ConditionalAccessGuestOrExternalUserTypes;

/** The platforms Microsoft's "block unknown platforms" guidance treats as known. */
export const knownPlatforms: readonly ConditionalAccessDevicePlatform[] = ["android", "iOS", "windows", "macOS", "linux"];

/** The stack config value for a policy's state: the one value a rollback flips. */
export type Enforcement = "reportOnly" | "enforced" | "off";
export const enforcementValues: readonly Enforcement[] = ["reportOnly", "enforced", "off"];

const stateByEnforcement: Readonly<Record<Enforcement, ConditionalAccessPolicyState>> = {
    reportOnly: "enabledForReportingButNotEnforced",
    enforced: "enabled",
    off: "disabled",
};

/** Every state a Conditional Access policy body may carry. */
export const policyStates: readonly ConditionalAccessPolicyState[] = Object.values(stateByEnforcement);

export function policyState(enforcement: Enforcement): ConditionalAccessPolicyState {
    return stateByEnforcement[enforcement];
}

/** Words an identity admin reads for a policy state, as the Entra admin center labels them. */
export function stateLabel(state: ConditionalAccessPolicyState | string): string {
    switch (state) {
        case "enabledForReportingButNotEnforced":
            return "report-only";
        case "enabled":
            return "enforced";
        case "disabled":
            return "off";
        default:
            return state;
    }
}

export function isTokenProtectionPolicy(policy: { sessionControls?: unknown } | undefined): boolean {
    const session = policy?.sessionControls as { secureSignInSession?: { isEnabled?: unknown } | null } | null | undefined;
    return session?.secureSignInSession?.isEnabled === true;
}

const displayNameSuffix: Readonly<Record<PolicyKind, string>> = {
    tokenProtection: "Require token protection for sign-in sessions (Windows)",
    tokenProtectionApple: "Require token protection for sign-in sessions (Apple preview)",
    blockUnknownPlatforms: "Block access from unknown platforms",
    requireCompliance: "Require device compliance for known platforms",
};

/**
 * The display name of a policy the package declares. It carries the stack name, so policies of two
 * waves never collide and an admin can tell them apart in the portal; the Graph resource also uses it to
 * find a policy whose creation answer was lost, and `rollback --direct` to find a wave's policies.
 */
export function policyDisplayName(stack: string, kind: PolicyKind): string {
    return `TP [${stack}] ${displayNameSuffix[kind]}`;
}

/** The inverse of `policyDisplayName`, for recognising the package's policies in a tenant or a log. */
export function parsePolicyDisplayName(displayName: string): { stack: string; kind: PolicyKind } | undefined {
    const match = /^TP \[([^\]]+)\] (.+)$/.exec(displayName);
    if (!match) {
        return undefined;
    }
    const kind = (Object.keys(displayNameSuffix) as PolicyKind[]).find((k) => displayNameSuffix[k] === match[2]);
    return kind ? { stack: match[1], kind } : undefined;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isGuid(value: string): boolean {
    return guidPattern.test(value);
}
