// PATCH bodies: only the changed fields, and removals spelled out (Graph's PATCH merges).
import assert from "node:assert/strict";
import { backoffMs, retryAfterMs } from "../../graph/retry";
import { buildPatch, withRemovals } from "../../graph/patch";
import { normalizePolicy } from "../../model/normalize";
import { pilotBody } from "../support/graphHarness";

describe("graph patch bodies", () => {
    it("sends only the state when only the state changed", () => {
        const before = normalizePolicy(pilotBody());
        assert.deepEqual(buildPatch(before, pilotBody({ state: "enabled" }), ["state"]), { state: "enabled" });
    });

    it("sends conditions whole, with devices: null when the device filter is removed", () => {
        const before = normalizePolicy(pilotBody());
        const { devices: _dropped, ...conditions } = pilotBody().conditions;
        const desired = pilotBody({ conditions });
        assert.deepEqual(buildPatch(before, desired, ["conditions"]), { conditions: { ...conditions, devices: null } });
    });

    it("empties a removed list and nulls a removed object at any depth", () => {
        const before = { users: { includeGroups: ["a"], excludeGroups: ["b"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "internalGuest" } }, platforms: { includePlatforms: ["windows"] } };
        const desired = { users: { includeGroups: ["a"] } };
        assert.deepEqual(withRemovals(desired, before), {
            users: { includeGroups: ["a"], excludeGroups: [], excludeGuestsOrExternalUsers: null },
            platforms: null,
        });
    });

    it("removes a whole control block with null", () => {
        const before = normalizePolicy({ ...pilotBody(), grantControls: { operator: "OR", builtInControls: ["compliantDevice"] } });
        assert.deepEqual(buildPatch(before, pilotBody(), ["grantControls"]), { grantControls: null });
    });

    it("keeps annotations Graph needs, which canonical form drops", () => {
        const before = normalizePolicy(pilotBody({ state: "disabled" }));
        const patch = buildPatch(before, pilotBody(), ["conditions"]) as { conditions: { users: { excludeGuestsOrExternalUsers: { externalTenants: Record<string, unknown> } } } };
        assert.equal(patch.conditions.users.excludeGuestsOrExternalUsers.externalTenants["@odata.type"], "#microsoft.graph.conditionalAccessAllExternalTenants");
    });
});

describe("graph answers in canonical form", () => {
    it("drops property-scoped annotations Graph adds to grant controls", () => {
        const answer = { ...pilotBody(), grantControls: { operator: "OR", builtInControls: ["mfa"], "authenticationStrength@odata.context": "https://graph.microsoft.com/beta/$metadata#x", authenticationStrength: null } };
        assert.deepEqual(normalizePolicy(answer).grantControls, { builtInControls: ["mfa"], operator: "OR" });
    });
});

describe("graph retry timing", () => {
    it("backs off exponentially with jitter between half and all of each capped step", () => {
        const tuning = { baseDelayMs: 1000, maxDelayMs: 8000 };
        assert.deepEqual([0, 1, 2, 3, 4].map((n) => backoffMs(n, tuning, () => 0)), [500, 1000, 2000, 4000, 4000]);
        assert.deepEqual([0, 1, 2, 3, 4].map((n) => backoffMs(n, tuning, () => 1)), [1000, 2000, 4000, 8000, 8000]);
    });

    it("reads Retry-After in seconds or as a date, and retry-after-ms", () => {
        const response = (headers: Record<string, string>) => ({ headers: { get: (name: string) => headers[name.toLowerCase()] } }) as never;
        assert.equal(retryAfterMs(response({ "retry-after": "3" })), 3000);
        assert.equal(retryAfterMs(response({ "retry-after-ms": "250" })), 250);
        const inTwoSeconds = new Date(Date.now() + 2500).toUTCString();
        const fromDate = retryAfterMs(response({ "retry-after": inTwoSeconds }))!;
        assert.ok(fromDate > 1000 && fromDate <= 2500, String(fromDate));
        assert.equal(retryAfterMs(response({})), undefined);
    });
});
