// The readiness gate end to end: the committed pilot stack, sign-in evidence written as diagnostic-settings
// records (both tables), and the exact verdict per checklist item.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gatherReadiness } from "../../cli/readiness/gather";
import type { ReadinessReport } from "../../cli/readiness/assess";
import { copyProject } from "../ops/projectCopy";
import { runBin } from "../support/cli";
import { SyntheticSignIn, toDiagnosticRecord } from "../support/signinShapes";

const today = new Date("2026-12-04T12:00:00Z");
const tpPolicy = { id: "8b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e", displayName: "TP [report-only] Require token protection for sign-in sessions (Windows)" };
const exchange = { resourceId: "00000002-0000-0ff1-ce00-000000000000", resourceDisplayName: "Office 365 Exchange Online" };
const outlook = { appId: "5d661950-3475-41cd-a2c3-d671a3162bc1", appDisplayName: "Microsoft Outlook" };

function signIn(n: number, table: SyntheticSignIn["table"], day: string, status: { signInSessionStatus: string; signInSessionStatusCode?: number }, device = "PAW-IDENTITY-01"): SyntheticSignIn {
    const bound = status.signInSessionStatus === "bound";
    return {
        id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
        time: `${day}T09:00:00Z`,
        table,
        userId: "5b1e2d3c-4a5f-4e6d-8c7b-9a0f1e2d3c4b",
        userPrincipalName: "ada@contoso.example",
        ...outlook,
        ...exchange,
        tokenProtection: status,
        policies: [{ ...tpPolicy, result: bound ? "reportOnlySuccess" : "reportOnlyFailure", enforcedSessionControls: ["SignInTokenProtection"], sessionControlsNotSatisfied: bound ? [] : ["SignInTokenProtection"] }],
        device: { deviceId: `dev-${device}`, displayName: device, operatingSystem: "Windows10", trustType: "Azure AD joined" },
    };
}

/** Fifteen days of bound traffic in both tables, plus the unbound requests a test adds. */
function writeLogs(extra: SyntheticSignIn[]): string {
    const rows: SyntheticSignIn[] = [];
    let n = 0;
    for (let d = 1; d <= 15; d++) {
        const day = `2026-11-${String(d).padStart(2, "0")}`;
        rows.push(signIn(++n, "SigninLogs", day, { signInSessionStatus: "bound", signInSessionStatusCode: 0 }));
        rows.push(signIn(++n, "AADNonInteractiveUserSignInLogs", day, { signInSessionStatus: "bound", signInSessionStatusCode: 0 }));
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tp-readiness-")), "signins.ndjson");
    fs.writeFileSync(file, [...rows, ...extra].map((s) => JSON.stringify(toDiagnosticRecord(s))).join("\n") + "\n");
    return file;
}

const statuses = (report: ReadinessReport) => report.items.map((i) => `${i.number} ${i.status}`);

describe("tp-rollout readiness", () => {
    it("without logs: the plan items pass for the committed pilot, the log items fail", async () => {
        const report = await gatherReadiness("pilot", { soakDays: 14, today });
        assert.equal(report.ready, false);
        assert.deepEqual(statuses(report), ["1 pass", "2 pass", "3 pass", "4 pass", "5 pass", "6 pass", "7 fail", "8 fail", "9 fail", "10 pass", "11 pass", "12 pass"]);
        assert.deepEqual(report.items[6].evidence, [
            "Report-only since 2026-10-19: 46 days.",
            "No sign-in logs given: pass --logs <file...> or --workspace <id> to show the soak in the logs.",
        ]);
    });

    it("with fifteen days of both tables, a Cloud PC behind 1003 and a 1008 nobody accepted yet: needs attestation", async () => {
        const logs = writeLogs([
            signIn(901, "AADNonInteractiveUserSignInLogs", "2026-11-14", { signInSessionStatus: "unbound", signInSessionStatusCode: 1003 }, "CPC-ada-7F3K2"),
            signIn(902, "AADNonInteractiveUserSignInLogs", "2026-11-14", { signInSessionStatus: "unbound", signInSessionStatusCode: 1008 }),
        ]);
        const report = await gatherReadiness("pilot", { logs: [logs], soakDays: 14, today });
        assert.deepEqual(statuses(report), ["1 pass", "2 pass", "3 pass", "4 pass", "5 pass", "6 pass", "7 pass", "8 pass", "9 needs-attestation", "10 pass", "11 pass", "12 pass"]);
        assert.deepEqual(report.items[7].evidence, [
            "SigninLogs: 15 requests, 15 bound, 0 unbound.",
            "AADNonInteractiveUserSignInLogs: 17 requests, 15 bound, 2 unbound.",
            "Token Protection policy applied to 32 requests: 30 allowed, 2 would be blocked, 0 blocked.",
        ]);
        const item9 = report.items[8].evidence.join("\n");
        assert.match(item9, /^1003 \(.+\): 1 request, 1 user; 1 device Cloud PC: excluded by the device filter\.$/m);
        assert.match(item9, /^1008 \(.+\): 1 request, 1 user: .+ Then record it in token-protection:unboundExceptions \(\{ code: 1008, reason \}\)\.$/m);
        assert.equal(report.ready, false);
    });

    it("passes every item once the team has accepted the 1008 with a reason in the stack file: the wave is ready", async () => {
        const logs = writeLogs([signIn(902, "AADNonInteractiveUserSignInLogs", "2026-11-14", { signInSessionStatus: "unbound", signInSessionStatusCode: 1008 })]);
        const gathered = await gatherReadiness("pilot", { logs: [logs], soakDays: 14, today });
        assert.equal(gathered.items[8].status, "needs-attestation");
        const copy = copyProject();
        try {
            copy.write("stacks/Pulumi.pilot.yaml", copy.read("stacks/Pulumi.pilot.yaml") + [
                "  token-protection:unboundExceptions:",
                "    - code: 1008",
                "      app: Microsoft Outlook",
                "      reason: Outlook 2016 on PAW-IDENTITY-02, replaced by Microsoft 365 Apps on 2026-12-10",
                "",
            ].join("\n"));
            const report = await gatherReadiness("pilot", { projectDir: copy.dir, logs: [logs], soakDays: 14, today });
            assert.deepEqual(statuses(report), ["1 pass", "2 pass", "3 pass", "4 pass", "5 pass", "6 pass", "7 pass", "8 pass", "9 pass", "10 pass", "11 pass", "12 pass"]);
            assert.match(report.items[8].evidence[0], /^1008 \(.+\): 1 request, 1 user: accepted \(Microsoft Outlook: Outlook 2016 on PAW-IDENTITY-02, replaced by Microsoft 365 Apps on 2026-12-10\)\.$/);
            assert.equal(report.ready, true);
        } finally {
            copy.dispose();
        }
    });

    it("fails while a 1003 device is of a kind no exclusion covers", async () => {
        const logs = writeLogs([
            signIn(903, "SigninLogs", "2026-11-10", { signInSessionStatus: "unbound", signInSessionStatusCode: 1003 }, "KIOSK-LOBBY-01"),
        ]);
        const report = await gatherReadiness("pilot", { logs: [logs], soakDays: 14, today });
        assert.equal(report.items[8].status, "fail");
        assert.match(report.items[8].evidence[0], /^1003 \(.+\): 1 request, 1 user; 1 device Entra joined, kind not identifiable from the log: .+ bulk-enrolled \(re-enroll\); or accept them in token-protection:unboundExceptions\.$/);
    });

    it("fails the soak when the logs cover fewer days than the soak, even if the config says long enough", async () => {
        const logs = writeLogs([]);
        const report = await gatherReadiness("pilot", { logs: [logs], soakDays: 28, today });
        assert.equal(report.items[6].status, "fail");
        assert.deepEqual(report.items[6].evidence, [
            "Report-only since 2026-10-19: 46 days.",
            "SigninLogs: 15 days of sign-ins (2026-11-01 to 2026-11-15).",
            "AADNonInteractiveUserSignInLogs: 15 days of sign-ins (2026-11-01 to 2026-11-15).",
        ]);
    });

    it("for an expansion wave, requires the privileged pilot to be enforced first", async () => {
        const report = await gatherReadiness("expansion", { soakDays: 14, today });
        assert.deepEqual(report.items[10], {
            number: 11,
            title: "The first enforced wave is privileged users on managed Windows endpoints",
            status: "pass",
            evidence: ["The privileged pilot (stack pilot) is enforced before this expansion wave."],
        });
    });

    it("refuses the report-only wave, which never enforces", async () => {
        await assert.rejects(gatherReadiness("report-only", { soakDays: 14, today }), {
            name: "UsageError",
            message: 'stack "report-only" is the report-only wave, which never enforces; the readiness gate is for a pilot or expansion wave',
        });
    });
});

describe("tp-rollout readiness (command line)", () => {
    const run = (...args: string[]) => runBin("readiness", ...args);

    it("exits 1 with the JSON verdict when the wave is not ready", () => {
        const result = run("pilot", "--json");
        assert.equal(result.code, 1);
        const report = JSON.parse(result.stdout);
        assert.deepEqual(Object.keys(report), ["stack", "wave", "ready", "items"]);
        assert.equal(report.ready, false);
        assert.equal(report.items.length, 12);
    });

    it("names the option and the value when a number of days is not one", () => {
        const result = run("pilot", "--soak-days", "two weeks");
        assert.equal(result.code, 2);
        assert.equal(result.stderr, 'tp-rollout: --soak-days is "two weeks"; expected a whole number of days\n');
    });

    it("exits 2 with one line for the report-only wave", () => {
        const result = run("report-only");
        assert.equal(result.code, 2);
        assert.equal(result.stderr, 'tp-rollout: stack "report-only" is the report-only wave, which never enforces; the readiness gate is for a pilot or expansion wave\n');
    });
});
