// The definitions every figure rests on (evidence/definitions.ts), the cheat sheet, the 1003 device advice
// and the time formats.
import assert from "node:assert/strict";
import fc from "fast-check";
import { AppliedPolicy, outcomeOf, protectedResourceOf, tokenProtectionStatusOf } from "../../evidence/definitions";
import { adviseFor1003, normaliseTrustType } from "../../evidence/deviceKinds";
import { parseTimestamp } from "../../evidence/input/timestamps";
import { describeStatusCode, statusCodeCheatSheet } from "../../evidence/statusCodes";

const tp = (result: string, extra: Partial<AppliedPolicy> = {}): AppliedPolicy => ({ id: "P1", result, enforcedSessionControls: ["SignInTokenProtection"], ...extra });

describe("evidence definitions", () => {
    describe("outcome of the applied Token Protection policies", () => {
        const cases: [string, AppliedPolicy[], string][] = [
            ["no policy", [], "none"],
            ["a policy without the control", [{ id: "M", result: "failure", enforcedSessionControls: ["SignInFrequency"] }], "none"],
            ["report-only, satisfied", [tp("reportOnlySuccess")], "allow"],
            ["report-only, not satisfied by result alone (no sessionControlsNotSatisfied key, as in LA data)", [tp("reportOnlyFailure")], "wouldBlock"],
            ["report-only, not satisfied by the control list", [tp("reportOnlySuccess", { sessionControlsNotSatisfied: ["SignInTokenProtection"] })], "wouldBlock"],
            ["report-only, interrupted is not a failure", [tp("reportOnlyInterrupted")], "allow"],
            ["report-only, not applied", [tp("reportOnlyNotApplied")], "none"],
            ["enforced, satisfied", [tp("success")], "allow"],
            ["enforced, not satisfied", [tp("failure", { sessionControlsNotSatisfied: ["SignInTokenProtection"] })], "block"],
            ["enforced, not applied", [tp("notApplied")], "none"],
            ["a disabled policy", [tp("notEnabled")], "none"],
            ["the pre-2023 Binding name", [tp("reportOnlyFailure", { enforcedSessionControls: ["Binding"], sessionControlsNotSatisfied: ["Binding"] })], "wouldBlock"],
            ["Binding not satisfied on an enforced policy", [tp("success", { enforcedSessionControls: ["Binding"], sessionControlsNotSatisfied: ["Binding"] })], "block"],
            ["block wins over would-block", [tp("reportOnlyFailure"), tp("failure", { id: "P2" })], "block"],
            ["would-block wins over allow", [tp("success", { id: "P2" }), tp("reportOnlyFailure")], "wouldBlock"],
            ["the control name is exact", [tp("failure", { enforcedSessionControls: ["signintokenprotection"] })], "none"],
        ];
        for (const [name, policies, expected] of cases) {
            it(`${name}: ${expected}`, () => assert.equal(outcomeOf(policies, undefined), expected));
        }

        it("--policy-id counts only the named policies, whatever their case", () => {
            const policies = [tp("failure", { id: "AAAA" }), tp("reportOnlyFailure", { id: "bbbb" })];
            assert.equal(outcomeOf(policies, new Set(["bbbb"])), "wouldBlock");
            assert.equal(outcomeOf(policies, new Set(["aaaa"])), "block");
            assert.equal(outcomeOf(policies, new Set(["cccc"])), "none");
            assert.equal(outcomeOf(policies, new Set()), "block");
        });
    });

    it("Token Protection status: bound, unbound, none (with or without a code), missing", () => {
        assert.deepEqual(tokenProtectionStatusOf({ signInSessionStatus: "bound", signInSessionStatusCode: 0 }), { status: "bound", code: 0 });
        assert.deepEqual(tokenProtectionStatusOf({ signInSessionStatus: "Unbound", signInSessionStatusCode: "1003" }), { status: "unbound", code: 1003 });
        assert.deepEqual(tokenProtectionStatusOf({ signInSessionStatus: "none", signInSessionStatusCode: 1002 }), { status: "none", code: 1002 });
        assert.deepEqual(tokenProtectionStatusOf({ signInSessionStatus: "none" }), { status: "none", code: null });
        assert.deepEqual(tokenProtectionStatusOf({ signInSessionStatus: "unbound", signInSessionStatusCode: "abc" }), { status: "unbound", code: null });
        assert.deepEqual(tokenProtectionStatusOf(undefined), { status: "missing", code: null });
        assert.deepEqual(tokenProtectionStatusOf(null), { status: "missing", code: null });
        assert.deepEqual(tokenProtectionStatusOf("unbound"), { status: "missing", code: null });
    });

    it("protected resources: by app ID (any case) first, then by exact display name or alias", () => {
        assert.equal(protectedResourceOf("00000002-0000-0FF1-CE00-000000000000", ""), "Office 365 Exchange Online");
        assert.equal(protectedResourceOf("cc15fd57-2c6c-4117-a88c-83b1d56b4bbe", "Skype and Teams Tenant Admin API"), "Microsoft Teams Services");
        assert.equal(protectedResourceOf("", "Windows Virtual Desktop"), "Azure Virtual Desktop");
        assert.equal(protectedResourceOf("", "Windows Cloud Login"), "Windows Cloud Login");
        assert.equal(protectedResourceOf("", "office 365 exchange online"), undefined);
        assert.equal(protectedResourceOf("00000003-0000-0000-c000-000000000000", "Microsoft Graph"), undefined);
        assert.equal(protectedResourceOf("797f4846-ba00-4fd7-ba43-dac1f8f63013", "Azure Resource Manager"), undefined);
    });

    it("the cheat sheet has the guide's five codes and Apple's two, and says so for others", () => {
        assert.deepEqual(statusCodeCheatSheet.map((e) => [e.code, e.platform]), [[1002, "all"], [1003, "all"], [1004, "apple"], [1005, "all"], [1006, "all"], [1007, "apple"], [1008, "all"]]);
        assert.equal(describeStatusCode(1009).meaning, "Unbound: undocumented status code 1009");
        assert.equal(describeStatusCode(1009).documented, false);
        assert.equal(describeStatusCode(null).meaning, "Unbound: no status code recorded");
    });

    it("1003 devices: Entra-joined Cloud PCs and AVD hosts get the model's exclusion, hybrid ones a re-registration", () => {
        assert.deepEqual(adviseFor1003("CPC-jdoe-7F3K2", "Azure AD joined"), {
            kind: "cloudPc",
            label: "Cloud PC",
            exclusion: '(device.systemLabels -contains "CloudPC" -and device.trustType -eq "AzureAD")',
            remediation: undefined,
        });
        assert.equal(adviseFor1003("WVD-pool-3", "Microsoft Entra joined").kind, "avdSessionHosts");
        const hybrid = adviseFor1003("CPC-jdoe-7F3K2", "Hybrid Azure AD joined");
        assert.equal(hybrid.exclusion, undefined);
        assert.match(hybrid.remediation!, /^Re-register the device/);
        const unknown = adviseFor1003("KIOSK-01", "Azure AD joined");
        assert.equal(unknown.kind, undefined);
        assert.match(unknown.remediation!, /enrollmentProfileName/);
        assert.deepEqual(["Azure AD registered", "Microsoft Entra hybrid joined", "", "Something new"].map(normaliseTrustType), ["Workplace", "ServerAD", "", ""]);
    });

    it("reads the times the shapes and exports write", () => {
        const t = Date.UTC(2026, 1, 1, 14, 31, 52, 701);
        assert.equal(parseTimestamp("2026-02-01T14:31:52.701501+00:00"), t);
        assert.equal(parseTimestamp("2026-02-01T14:31:52.701Z"), t);
        assert.equal(parseTimestamp("2026-02-01T15:31:52.701+01:00"), t);
        assert.equal(parseTimestamp("2026-02-01 14:31:52.7010000"), t, "no zone: UTC, as Log Analytics writes it");
        assert.equal(parseTimestamp("2/1/2026, 2:31:52.701 PM"), t, "the portal's CSV display form");
        assert.equal(parseTimestamp("2026-13-01T00:00:00Z"), undefined);
        assert.equal(parseTimestamp("yesterday"), undefined);
        assert.equal(parseTimestamp(1769956312701), undefined);
        assert.equal(parseTimestamp("2026-02-01T14:31:52.Z"), undefined);
        assert.equal(parseTimestamp("2026-02-30T00:00:00Z"), Date.UTC(2026, 2, 2), "as Date.UTC rolls an impossible day over");
    });

    it("the fast path for ISO UTC times agrees with Date.parse", () => {
        fc.assert(
            fc.property(fc.date({ min: new Date("1990-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }), fc.constantFrom("Z", "+00:00"), fc.integer({ min: 0, max: 7 }), (date, zone, digits) => {
                const iso = date.toISOString();
                const text = iso.slice(0, 19) + (digits > 0 ? "." + (iso.slice(20, 23) + "0000").slice(0, digits) : "") + zone;
                assert.equal(parseTimestamp(text), Date.parse(iso.slice(0, 19) + (digits > 0 ? "." + (iso.slice(20, 23) + "0000").slice(0, Math.min(digits, 3)) : "") + "Z"));
            }),
        );
    });
});
