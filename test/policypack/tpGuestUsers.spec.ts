import { allGuestOrExternalUserTypes } from "../../model/conditionalAccess";
import { tpGuestUsers } from "../../policypack/rules/tpGuestUsers";
import { assertNotApplicable, assertViolations, runResourcePolicy } from "../support/analyzerArgs";
import { appleBody, crossGuardOf, graphPolicyType, graphProps, mutate, windowsBody } from "./fixtures";

const message = (how: string) => `B2B guests should be out of scope of enforced Token Protection, or have a documented troubleshooting path: a guest whose home-tenant device does not qualify is blocked with an error that names no cause, but ${how}. Fix: set token-protection:scope.excludeGuests: true, or document the guest troubleshooting path before enforcing.`;
const allExternalTenants = { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" };

describe("tp-guest-users", () => {
    const policy = crossGuardOf(tpGuestUsers);
    const run = (body: unknown) => runResourcePolicy(policy, graphPolicyType, graphProps(body));
    const everyone = mutate(windowsBody(), (b) => (b.conditions.users.includeUsers = ["All"]));

    it("passes an enforced policy scoped to roles and a group", async () => {
        assertViolations(await run(windowsBody()), []);
    });

    it("passes all users when guests are excluded", async () => {
        const body = mutate(everyone, (b) => (b.conditions.users.excludeGuestsOrExternalUsers = { guestOrExternalUserTypes: allGuestOrExternalUserTypes, externalTenants: allExternalTenants }));
        assertViolations(await run(body), []);
    });

    it("warns when an enforced policy includes all users without excluding guests", async () => {
        assertViolations(await run(everyone), [message('it includes "All" users and excludes no guests')]);
    });

    it("warns when guests are included explicitly", async () => {
        const body = mutate(windowsBody(), (b) => (b.conditions.users.includeGuestsOrExternalUsers = { guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: allExternalTenants }));
        assertViolations(await run(body), [message("it includes guests or external users explicitly")]);
        assertViolations(await run(mutate(windowsBody(), (b) => (b.conditions.users.includeUsers = ["GuestsOrExternalUsers"]))), [message("it includes guests or external users explicitly")]);
    });

    it("does not apply to a report-only policy", async () => {
        assertNotApplicable(await run(mutate(appleBody(), (b) => (b.conditions.users.includeUsers = ["All"]))), "the policy is not enforced");
    });
});
