// The Graph beta bodies of the four policies the package declares, as pure functions of a wave's
// config and its resolved population. Everything that prints or checks a policy starts from these.
import {
    allGuestOrExternalUserTypes,
    appleProtectedApps,
    CaPolicyBody,
    ConditionalAccessDevicePlatform,
    coreProtectedApps,
    knownPlatforms,
    policyDisplayName,
    policyState,
    RoleTemplateIds,
    windowsAppProtectedApps,
} from "../model/conditionalAccess";
import { buildDeviceExclusionRule } from "../model/deviceFilter";
import { WaveConfig } from "./config";

/** Who a wave's policies apply to, with any group the stack creates already resolved to its ID. */
export interface WavePopulation {
    includeUsers: string[];
    includeGroups: string[];
    includeRoles: string[];
}

/** The Graph `users` condition for a population; break-glass accounts are always excluded. */
export function usersCondition(config: WaveConfig, population: WavePopulation): CaPolicyBody["conditions"]["users"] {
    // Empty lists are left out: Graph treats absent and empty alike, and the plan stays readable.
    const nonEmpty = Object.entries(population).filter(([, ids]) => ids.length > 0);
    const users: CaPolicyBody["conditions"]["users"] = { ...Object.fromEntries(nonEmpty), excludeUsers: [...config.breakGlassUserIds] };
    if (config.scope.excludeGuests) {
        users.excludeGuestsOrExternalUsers = {
            guestOrExternalUserTypes: allGuestOrExternalUserTypes,
            externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
        };
    }
    return users;
}

/**
 * Token Protection for Windows native clients: only the protected resources (never `Office365` or
 * `All`, trap 1), only "Mobile apps and desktop clients" (trap 2), Windows only, and an exclude-mode
 * device filter for the unsupported registration types that are switched on (trap 3).
 */
export function tokenProtectionBody(config: WaveConfig, population: WavePopulation): CaPolicyBody {
    const rule = buildDeviceExclusionRule(config.deviceExclusions);
    return {
        displayName: policyDisplayName(config.stack, "tokenProtection"),
        state: policyState(config.enforcement),
        conditions: {
            users: usersCondition(config, population),
            applications: { includeApplications: [...coreProtectedApps, ...(config.windowsApp ? windowsAppProtectedApps : [])] },
            clientAppTypes: ["mobileAppsAndDesktopClients"],
            platforms: { includePlatforms: ["windows"] },
            ...(rule ? { devices: { deviceFilter: { mode: "exclude", rule } } } : {}),
        },
        sessionControls: { secureSignInSession: { isEnabled: true } },
    };
}

/**
 * Token Protection on iOS and macOS (public preview): a separate policy targeting Exchange Online and
 * SharePoint Online, as the Apple deployment guide does, and never enforced while the platform is in
 * preview: report-only unless the wave is off.
 */
export function tokenProtectionAppleBody(config: WaveConfig, population: WavePopulation): CaPolicyBody {
    return {
        displayName: policyDisplayName(config.stack, "tokenProtectionApple"),
        state: policyState(config.enforcement === "off" ? "off" : "reportOnly"),
        conditions: {
            users: usersCondition(config, population),
            applications: { includeApplications: [...appleProtectedApps] },
            clientAppTypes: ["mobileAppsAndDesktopClients"],
            platforms: { includePlatforms: ["iOS", "macOS"] },
        },
        sessionControls: { secureSignInSession: { isEnabled: true } },
    };
}

/** Closes the platform-spoofing gap: any platform outside the known five is blocked. */
export function blockUnknownPlatformsBody(config: WaveConfig, population: WavePopulation): CaPolicyBody {
    return {
        displayName: policyDisplayName(config.stack, "blockUnknownPlatforms"),
        state: policyState(config.companions.blockUnknownPlatforms),
        conditions: {
            users: usersCondition(config, population),
            applications: { includeApplications: ["All"] },
            clientAppTypes: ["all"],
            platforms: { includePlatforms: ["all"], excludePlatforms: [...knownPlatforms] },
        },
        grantControls: { operator: "OR", builtInControls: ["block"] },
    };
}

/**
 * Requires a compliant device on the known platforms; the Directory Synchronization Accounts role is
 * excluded (Microsoft's template). In report-only, Microsoft Learn advises leaving out macOS, iOS and
 * Android: a report-only compliance check still prompts those users to pick a device certificate.
 */
export function requireComplianceBody(config: WaveConfig, population: WavePopulation): CaPolicyBody {
    const promptingPlatforms: ConditionalAccessDevicePlatform[] = ["android", "iOS", "macOS"];
    const reportOnly = config.companions.requireCompliance === "reportOnly";
    return {
        displayName: policyDisplayName(config.stack, "requireCompliance"),
        state: policyState(config.companions.requireCompliance),
        conditions: {
            users: { ...usersCondition(config, population), excludeRoles: [RoleTemplateIds.directorySynchronizationAccounts] },
            applications: { includeApplications: ["All"] },
            clientAppTypes: ["all"],
            platforms: { includePlatforms: knownPlatforms.filter((p) => !reportOnly || !promptingPlatforms.includes(p)) },
        },
        grantControls: { operator: "OR", builtInControls: ["compliantDevice"] },
    };
}
