// Properties over generated sign-ins: whatever the shapes, files, gzip, chunking and repeats, the streaming
// analyzer's contract equals a plain in-memory computation from the same sign-ins (the oracle below), and its
// own invariants hold.
import assert from "node:assert/strict";
import fc from "fast-check";
import { AppIds, protectedAppNames } from "../../model/conditionalAccess";
import { analyzeFiles } from "../../evidence/analyze";
import { outcomeOf, protectedResourceOf, tokenProtectionStatusOf, userKeyOf } from "../../evidence/definitions";
import { describeStatusCode } from "../../evidence/statusCodes";
import { contractOf } from "../support/signinExpected";
import { FixtureFormat, fixtureFormats, makeTempDir, removeTempDir, render, writeFixture } from "../support/signinFixtures";
import { SyntheticPolicy, SyntheticSignIn } from "../support/signinShapes";

const resources: [string, string][] = [
    ...Object.values(AppIds).map((id): [string, string] => [id, protectedAppNames[id]]),
    ["", "Windows Virtual Desktop"],
    ["00000003-0000-0000-c000-000000000000", "Microsoft Graph"],
];
const policyArb: fc.Arbitrary<SyntheticPolicy> = fc.record({
    id: fc.constantFrom("6b1d3b0e-2a4f-4c8e-9d7a-0f1e2d3c4b5a", "7c2e4c1f-3b5a-4d9f-8e0b-1a2b3c4d5e6f", "0e6a5c1d-1b2f-4a3e-8d4c-5b6a7f8e9d01"),
    displayName: fc.constantFrom("TP policy", "Other policy"),
    result: fc.constantFrom("success", "failure", "notApplied", "notEnabled", "reportOnlySuccess", "reportOnlyFailure", "reportOnlyNotApplied", "reportOnlyInterrupted"),
    enforcedSessionControls: fc.constantFrom("", "SignInTokenProtection", "Binding", "SignInFrequency"),
    sessionControlsNotSatisfied: fc.constantFrom(undefined, "", "SignInTokenProtection", "Binding"),
}).map(({ enforcedSessionControls, sessionControlsNotSatisfied, ...p }): SyntheticPolicy => ({
    ...p,
    enforcedSessionControls: enforcedSessionControls ? [enforcedSessionControls] : [],
    ...(sessionControlsNotSatisfied === undefined ? {} : { sessionControlsNotSatisfied: sessionControlsNotSatisfied ? [sessionControlsNotSatisfied] : [] }),
}));

const signInArb: fc.Arbitrary<SyntheticSignIn> = fc.record({
    id: fc.integer({ min: 1, max: 40 }).map((n) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`),
    day: fc.integer({ min: 1, max: 5 }),
    table: fc.constantFrom("SigninLogs" as const, "AADNonInteractiveUserSignInLogs" as const),
    user: fc.integer({ min: 1, max: 4 }),
    app: fc.constantFrom("Microsoft Outlook", "Microsoft Teams", "Windows App"),
    resource: fc.constantFrom(...resources),
    tokenProtection: fc.option(
        fc.record({ signInSessionStatus: fc.constantFrom("bound", "unbound", "none"), signInSessionStatusCode: fc.constantFrom(0, 1002, 1003, 1005, 1008) }),
        { nil: undefined },
    ),
    policies: fc.array(policyArb, { maxLength: 3 }),
    device: fc.integer({ min: 1, max: 5 }),
}).map((g) => ({
    id: g.id,
    time: `2026-03-0${g.day}T1${g.user}:00:00.000Z`,
    table: g.table,
    userId: `00000000-0000-4000-9000-00000000000${g.user}`,
    userPrincipalName: `user${g.user}@contoso.example`,
    appId: "d3590ed6-52b3-4102-aeff-aad2292ab01c",
    appDisplayName: g.app,
    resourceId: g.resource[0],
    resourceDisplayName: g.resource[1],
    tokenProtection: g.tokenProtection,
    policies: g.policies,
    device: { deviceId: `d-${g.device}`, displayName: g.device === 1 ? "CPC-a-1" : `LT-${g.device}`, operatingSystem: "Windows10", trustType: "Azure AD joined" },
}));

/** The contract, computed the plain way: every sign-in in order, the first of each Id counted. */
function oracle(signIns: readonly SyntheticSignIn[]) {
    const seen = new Set<string>();
    const zero = () => ({ requests: 0, bound: 0, unbound: 0, allow: 0, wouldBlock: 0, block: 0 });
    const totals = zero();
    const apps = new Map<string, ReturnType<typeof zero> & { app: string; resource: string }>();
    const codes = new Map<number | null, { requests: number; users: Set<string> }>();
    const days = new Map<string, { requests: number; bound: number; unbound: number; wouldBlock: number }>();
    let skipped = 0;
    for (const s of signIns) {
        const resource = protectedResourceOf(s.resourceId, s.resourceDisplayName);
        if (!resource || seen.has(s.id)) {
            skipped++;
            continue;
        }
        seen.add(s.id);
        const { status, code } = tokenProtectionStatusOf(s.tokenProtection ?? undefined);
        const outcome = outcomeOf(s.policies, undefined);
        const key = `${s.appDisplayName}|${resource}`;
        const app = apps.get(key) ?? { app: s.appDisplayName, resource, ...zero() };
        const day = days.get(s.time.slice(0, 10)) ?? { requests: 0, bound: 0, unbound: 0, wouldBlock: 0 };
        for (const c of [totals, app]) {
            c.requests++;
            if (status === "bound") c.bound++;
            if (status === "unbound") c.unbound++;
            if (outcome !== "none") c[outcome]++;
        }
        day.requests++;
        if (status === "bound") day.bound++;
        if (status === "unbound") day.unbound++;
        if (outcome === "wouldBlock") day.wouldBlock++;
        apps.set(key, app);
        days.set(s.time.slice(0, 10), day);
        if (status === "unbound") {
            const c = codes.get(code) ?? { requests: 0, users: new Set<string>() };
            c.requests++;
            c.users.add(userKeyOf(s.userId, s.userPrincipalName));
            codes.set(code, c);
        }
    }
    const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return {
        rows: signIns.length,
        skipped,
        totals,
        byApp: [...apps.values()].map(({ app, resource, ...c }) => ({ app, resource, ...c })).sort((a, b) => b.requests - a.requests || text(a.app, b.app) || text(a.resource, b.resource)),
        byStatusCode: [...codes]
            .map(([code, c]) => ({ code, meaning: describeStatusCode(code).meaning, action: describeStatusCode(code).action, requests: c.requests, users: c.users.size }))
            .sort((a, b) => b.requests - a.requests || (a.code ?? -1) - (b.code ?? -1)),
        byDay: [...days].sort((a, b) => text(a[0], b[0])).map(([day, c]) => ({ day, ...c })),
    };
}

describe("analyze: properties", () => {
    it("any shapes, files, gzip, chunking and repeats: the contract equals the plain computation", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.array(signInArb, { minLength: 1, maxLength: 30 }),
                fc.array(fc.record({ format: fc.constantFrom(...fixtureFormats), gzip: fc.boolean(), size: fc.integer({ min: 1, max: 12 }) }), { minLength: 1, maxLength: 4 }),
                fc.constantFrom(7, 64, 1 << 20),
                async (signIns, layout, chunkBytes) => {
                    const dir = makeTempDir();
                    try {
                        const files: string[] = [];
                        let from = 0;
                        layout.forEach((part, i) => {
                            const slice = i === layout.length - 1 ? signIns.slice(from) : signIns.slice(from, from + part.size);
                            from += slice.length;
                            if (slice.length > 0) files.push(writeFixture(dir, `part${i}.${part.format}`, render(slice, part.format as FixtureFormat), { gzip: part.gzip }));
                        });
                        const report = await analyzeFiles(files, { chunkBytes });
                        assert.deepEqual(contractOf(report), oracle(signIns));
                        assert.equal(report.rows, report.totals.requests + report.skipped);
                        assert.equal(report.tokenProtectionStatus.bound + report.tokenProtectionStatus.unbound + report.tokenProtectionStatus.none + report.tokenProtectionStatus.missing, report.totals.requests);
                        const spilled = await analyzeFiles(files, { chunkBytes, dedupe: { memoryIds: 2, partitions: 3, tempDirectory: dir } });
                        assert.deepEqual(spilled, report);
                    } finally {
                        removeTempDir(dir);
                    }
                },
            ),
            { numRuns: 60 },
        );
    });
});
