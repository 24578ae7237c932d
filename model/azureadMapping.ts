// The companion policies are deployed with @pulumi/azuread (Graph v1.0), whose property names differ
// from Graph's (`includedGroups` for `includeGroups`, `filter` for `deviceFilter`...). Both directions of
// that mapping live here, so the package still writes and checks one shape: the Graph body.
import type * as azuread from "@pulumi/azuread";
import { allGuestOrExternalUserTypes, CaPolicyBody, ConditionalAccessClientApp, ConditionalAccessDevicePlatform, ConditionalAccessPolicyState } from "./conditionalAccess";

/** `azuread.ConditionalAccessPolicy` args with every value resolved. */
export interface AzureadPolicyProps {
    displayName: string;
    state: string;
    conditions: {
        clientAppTypes: string[];
        applications: { includedApplications?: string[]; excludedApplications?: string[] };
        users: {
            includedUsers?: string[];
            excludedUsers?: string[];
            includedGroups?: string[];
            excludedGroups?: string[];
            includedRoles?: string[];
            excludedRoles?: string[];
            excludedGuestsOrExternalUsers?: { guestOrExternalUserTypes: string[]; externalTenants?: { membershipKind: string; members?: string[] }[] }[];
        };
        platforms?: { includedPlatforms: string[]; excludedPlatforms?: string[] };
        devices?: { filter?: { mode: string; rule: string } };
    };
    grantControls?: { operator: string; builtInControls?: string[] };
}

// Compile-time proof that the resolved props are valid azuread args.
const _isAzureadArgs = (props: AzureadPolicyProps): azuread.ConditionalAccessPolicyArgs => props;
void _isAzureadArgs;

const defined = <T extends object>(value: T): T =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export function toAzureadProps(body: CaPolicyBody): AzureadPolicyProps {
    const { users, applications, platforms, devices } = body.conditions;
    const guests = users.excludeGuestsOrExternalUsers;
    return defined({
        displayName: body.displayName,
        state: body.state,
        conditions: defined({
            clientAppTypes: [...body.conditions.clientAppTypes],
            applications: defined({ includedApplications: applications.includeApplications, excludedApplications: applications.excludeApplications }),
            users: defined({
                includedUsers: users.includeUsers,
                excludedUsers: users.excludeUsers,
                includedGroups: users.includeGroups,
                excludedGroups: users.excludeGroups,
                includedRoles: users.includeRoles,
                excludedRoles: users.excludeRoles,
                excludedGuestsOrExternalUsers: guests
                    ? [{ guestOrExternalUserTypes: guests.guestOrExternalUserTypes.split(","), externalTenants: [{ membershipKind: guests.externalTenants.membershipKind }] }]
                    : undefined,
            }),
            platforms: platforms ? defined({ includedPlatforms: platforms.includePlatforms, excludedPlatforms: platforms.excludePlatforms }) : undefined,
            devices: devices ? { filter: { mode: devices.deviceFilter.mode, rule: devices.deviceFilter.rule } } : undefined,
        }),
        grantControls: body.grantControls ? { operator: body.grantControls.operator, builtInControls: body.grantControls.builtInControls } : undefined,
    });
}

/** The Graph shape of an azuread policy's props, as the policy pack receives them. */
export function fromAzureadProps(props: AzureadPolicyProps): CaPolicyBody {
    const { users, applications, platforms, devices } = props.conditions;
    const guests = users.excludedGuestsOrExternalUsers?.[0];
    const body: CaPolicyBody = {
        displayName: props.displayName,
        state: props.state as ConditionalAccessPolicyState,
        conditions: {
            users: defined({
                includeUsers: users.includedUsers,
                excludeUsers: users.excludedUsers,
                includeGroups: users.includedGroups,
                excludeGroups: users.excludedGroups,
                includeRoles: users.includedRoles,
                excludeRoles: users.excludedRoles,
                excludeGuestsOrExternalUsers: guests
                    ? {
                        guestOrExternalUserTypes: (guests.guestOrExternalUserTypes.join(",") || allGuestOrExternalUserTypes) as typeof allGuestOrExternalUserTypes,
                        externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" as const },
                    }
                    : undefined,
            }),
            applications: defined({ includeApplications: applications.includedApplications ?? [], excludeApplications: applications.excludedApplications }),
            clientAppTypes: props.conditions.clientAppTypes as ConditionalAccessClientApp[],
        },
    };
    if (platforms) {
        body.conditions.platforms = defined({
            includePlatforms: platforms.includedPlatforms as ConditionalAccessDevicePlatform[],
            excludePlatforms: platforms.excludedPlatforms as ConditionalAccessDevicePlatform[] | undefined,
        });
    }
    if (devices?.filter) {
        body.conditions.devices = { deviceFilter: { mode: devices.filter.mode as "include" | "exclude", rule: devices.filter.rule } };
    }
    if (props.grantControls) {
        body.grantControls = {
            operator: props.grantControls.operator as "AND" | "OR",
            builtInControls: (props.grantControls.builtInControls ?? []) as NonNullable<CaPolicyBody["grantControls"]>["builtInControls"],
        };
    }
    return body;
}
