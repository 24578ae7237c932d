// Advisory. B2B guests pass Token Protection only if their home-tenant device qualifies; when it does not,
// they get an error that names no cause, on either side. Only "All users" (or an explicit guest include)
// is known to reach guests: a group's membership is not visible here.
import { stringsAt, valueAt } from "./read";
import { PolicyRule } from "./types";

export const tpGuestUsers: PolicyRule = {
    kind: "policy",
    scope: "tokenProtection",
    enforcedOnly: true,
    name: "tp-guest-users",
    description: "Checks whether an enforced Token Protection policy reaches B2B guests.",
    defaultLevel: "advisory",
    configSchema: {},
    check(policy) {
        const users = stringsAt(policy, "conditions", "users", "includeUsers");
        const guestsIncluded = valueAt(policy, "conditions", "users", "includeGuestsOrExternalUsers") !== undefined;
        const guestsExcluded = valueAt(policy, "conditions", "users", "excludeGuestsOrExternalUsers") !== undefined;
        let how: string | undefined;
        if (guestsIncluded || users.values.includes("GuestsOrExternalUsers")) {
            how = "it includes guests or external users explicitly";
        } else if (users.values.includes("All") && !guestsExcluded) {
            how = 'it includes "All" users and excludes no guests';
        }
        if (!how) {
            return [];
        }
        return [`B2B guests should be out of scope of enforced Token Protection, or have a documented troubleshooting path: a guest whose home-tenant device does not qualify is blocked with an error that names no cause, but ${how}. Fix: set token-protection:scope.excludeGuests: true, or document the guest troubleshooting path before enforcing.`];
    },
};
