// The companion policies are deployed with @pulumi/azuread (Graph v1.0), whose property names differ
// from Graph's (`includedGroups` for `includeGroups`, `filter` for `deviceFilter`...). Both directions of
// that mapping live here, so the package still writes and checks one shape: the Graph body.
import type * as azuread from "@pulumi/azuread";
import { allGuestOrExternalUserTypes, CaPolicyBody } from "./conditionalAccess";
import { isJsonObject } from "./json";

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

const objectOrEmpty = (value: unknown): Record<string, unknown> => (isJsonObject(value) ? value : {});

/**
 * The Graph shape of an azuread policy's props, as the policy pack receives them: read tolerantly, so
 * partial or null-laden props (a preview, a hand-edited resource) map field by field instead of throwing,
 * and a rule sees what is there and nothing more.
 */
export function fromAzureadProps(props: unknown): CaPolicyBody {
    const p = objectOrEmpty(props);
    const conditions = objectOrEmpty(p.conditions);
    const users = objectOrEmpty(conditions.users);
    const applications = objectOrEmpty(conditions.applications);
    const guests = (Array.isArray(users.excludedGuestsOrExternalUsers) ? users.excludedGuestsOrExternalUsers.filter(isJsonObject) : [])[0];
    const guestTypes = guests && Array.isArray(guests.guestOrExternalUserTypes) ? guests.guestOrExternalUserTypes.filter((t) => typeof t === "string") : [];
    const platforms = conditions.platforms;
    const filter = objectOrEmpty(conditions.devices).filter;
    const grant = p.grantControls;
    const body = {
        displayName: p.displayName,
        state: p.state,
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
                        guestOrExternalUserTypes: guestTypes.join(",") || allGuestOrExternalUserTypes,
                        externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
                    }
                    : undefined,
            }),
            applications: defined({ includeApplications: applications.includedApplications ?? [], excludeApplications: applications.excludedApplications }),
            clientAppTypes: conditions.clientAppTypes ?? undefined,
            ...(isJsonObject(platforms) ? { platforms: defined({ includePlatforms: platforms.includedPlatforms, excludePlatforms: platforms.excludedPlatforms }) } : {}),
            ...(isJsonObject(filter) ? { devices: { deviceFilter: { mode: filter.mode, rule: filter.rule } } } : {}),
        },
        ...(isJsonObject(grant) ? { grantControls: { operator: grant.operator, builtInControls: grant.builtInControls ?? [] } } : {}),
    };
    // The values are the props' own: a valid azuread resource gives a valid body, and the pack's rules
    // read any other tolerantly.
    return body as unknown as CaPolicyBody;
}
