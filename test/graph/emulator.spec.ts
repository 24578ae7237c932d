// The emulator itself, spoken to with plain fetch: the specs built on it are only as good as its
// likeness to Graph beta.
import assert from "node:assert/strict";
import { GraphEmulator } from "../support/graphEmulator";
import { pilotBody } from "../support/graphHarness";

const collection = "/beta/identity/conditionalAccess/policies";
const auth = { Authorization: "Bearer emulator-token", "Content-Type": "application/json", Prefer: "include-unknown-enum-members" };

describe("graph emulator", () => {
    let emulator: GraphEmulator;
    afterEach(async () => emulator?.close());

    const post = (body: unknown, headers: Record<string, string> = auth) =>
        fetch(emulator.baseUrl + collection, { method: "POST", headers, body: JSON.stringify(body) });

    it("answers a POST with the full Graph shape: nulls, empty lists, @odata.context, timestamps", async () => {
        emulator = await GraphEmulator.start({ rateLimit: false });
        const response = await post(pilotBody());
        assert.equal(response.status, 201);
        const policy = (await response.json()) as Record<string, any>;
        assert.equal(policy["@odata.context"], `${emulator.baseUrl}/beta/$metadata#identity/conditionalAccess/policies/$entity`);
        assert.match(policy.id, /^[0-9a-f-]{36}$/);
        assert.match(policy.createdDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
        assert.equal(policy.modifiedDateTime, null);
        assert.equal(policy.templateId, null);
        assert.equal(policy.grantControls, null);
        assert.deepEqual(policy.sessionControls.secureSignInSession, { isEnabled: true });
        assert.equal(policy.sessionControls.signInFrequency, null);
        assert.deepEqual(policy.conditions.users.includeUsers, []);
        assert.equal(policy.conditions.locations, null);
        assert.deepEqual(policy.conditions.devices.includeDevices, []);
        assert.ok(response.headers.get("request-id"));
    });

    for (const [what, body, message] of [
        ["a missing displayName", { ...pilotBody(), displayName: undefined }, "1007: Incoming ConditionalAccessPolicy object is invalid: displayName is required."],
        ["an unknown state", { ...pilotBody(), state: "on" }, "Invalid value 'on' for an enum of type 'microsoft.graph.conditionalAccessPolicyState'."],
        ["an unknown platform", { ...pilotBody(), conditions: { ...pilotBody().conditions, platforms: { includePlatforms: ["windows11"] } } }, "Invalid value 'windows11' for an enum of type 'microsoft.graph.conditionalAccessDevicePlatform'."],
        ["an unknown grant control", { ...pilotBody(), grantControls: { operator: "OR", builtInControls: ["tokenProtection"] } }, "Invalid value 'tokenProtection' for an enum of type 'microsoft.graph.conditionalAccessGrantControl'."],
        ["a property Graph does not know", { ...pilotBody(), policyId: "x" }, "Invalid property 'policyId' for type 'microsoft.graph.conditionalAccessPolicy'."],
    ] as const) {
        it(`rejects ${what} with a Graph-style 400 and stores nothing`, async () => {
            emulator = await GraphEmulator.start({ rateLimit: false });
            const response = await post(body);
            assert.equal(response.status, 400);
            const { error } = (await response.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
            assert.equal(error.code, "BadRequest");
            assert.equal(error.message, message);
            assert.equal(error.innerError["request-id"], response.headers.get("request-id"));
            assert.match(error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
            assert.equal(emulator.stored().length, 0);
        });
    }

    it("requires a bearer token and records who had one", async () => {
        emulator = await GraphEmulator.start({ rateLimit: false });
        const response = await post(pilotBody(), { "Content-Type": "application/json" });
        assert.equal(response.status, 401);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, "InvalidAuthenticationToken");
        assert.deepEqual(emulator.requests.map((r) => [r.method, r.path, r.hadAuth, r.outcome]), [["POST", collection, false, 401]]);
    });

    it("throttles beyond N requests per interval with a bare 429 (no Retry-After)", async () => {
        emulator = await GraphEmulator.start({ rateLimit: { requests: 2, intervalMs: 60_000 } });
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) {
            const response = await fetch(emulator.baseUrl + collection, { headers: auth });
            statuses.push(response.status);
            if (response.status === 429) assert.equal(response.headers.get("retry-after"), null);
            await response.arrayBuffer();
        }
        assert.deepEqual(statuses, [200, 200, 429]);
        assert.deepEqual(emulator.requests.map((r) => r.throttled), [false, false, true]);
    });

    it("merges a PATCH: left-out properties stay, explicit nulls and lists replace", async () => {
        emulator = await GraphEmulator.start({ rateLimit: false });
        const id = emulator.seed(pilotBody());
        const response = await fetch(`${emulator.baseUrl}${collection}/${id}`, {
            method: "PATCH",
            headers: auth,
            body: JSON.stringify({ conditions: { users: { includeGroups: [] }, devices: null } }),
        });
        assert.equal(response.status, 204);
        const [stored] = emulator.stored() as Record<string, any>[];
        assert.deepEqual(stored.conditions.users.includeGroups, []);
        assert.deepEqual(stored.conditions.users.excludeUsers, pilotBody().conditions.users.excludeUsers);
        assert.equal(stored.conditions.devices, null);
        assert.deepEqual(stored.conditions.platforms, pilotBody().conditions.platforms);
        assert.match(stored.modifiedDateTime, /Z$/);
    });

    it("hides evolvable enum members without Prefer: include-unknown-enum-members, as Graph does", async () => {
        emulator = await GraphEmulator.start({ rateLimit: false });
        const id = emulator.seed(pilotBody({ conditions: { ...pilotBody().conditions, platforms: { includePlatforms: ["linux"] } } }));
        const response = await fetch(`${emulator.baseUrl}${collection}/${id}`, { headers: { Authorization: auth.Authorization } });
        const policy = (await response.json()) as Record<string, any>;
        assert.deepEqual(policy.conditions.platforms.includePlatforms, ["unknownFutureValue"]);
    });
});
