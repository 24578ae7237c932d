// Hand-made sign-ins with known answers, and writers that put any sign-ins on disk in every format the
// analyzer reads: Log Analytics JSON arrays (nested as text or objects) and CSV, Graph pages, diagnostic
// NDJSON and { records }, gzip or not. The expected report for `fixtureSignIns` is worked out by hand in
// test/evidence/analyze-shapes.spec.ts.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { AppIds } from "../../model/conditionalAccess";
import { SyntheticPolicy, SyntheticSignIn, toDiagnosticRecord, toGraphSignIn, toLogAnalyticsRow } from "./signinShapes";

export const users = {
    alice: { userId: "a11ce000-0000-4000-8000-000000000001", userPrincipalName: "alice@contoso.example" },
    bob: { userId: "b0b00000-0000-4000-8000-000000000002", userPrincipalName: "bob@contoso.example" },
    carol: { userId: "ca201000-0000-4000-8000-000000000003", userPrincipalName: "carol@contoso.example" },
};

export const reportOnlyPolicyId = "6b1d3b0e-2a4f-4c8e-9d7a-0f1e2d3c4b5a";
export const enforcedPolicyId = "7c2e4c1f-3b5a-4d9f-8e0b-1a2b3c4d5e6f";
const mfaPolicy: SyntheticPolicy = { id: "0e6a5c1d-1b2f-4a3e-8d4c-5b6a7f8e9d01", displayName: "CA001 Require MFA", result: "success", enforcedGrantControls: ["Mfa"], enforcedSessionControls: [] };

function reportOnly(result: string, control = "SignInTokenProtection", notSatisfied?: string[]): SyntheticPolicy {
    return {
        id: reportOnlyPolicyId,
        displayName: "TP [report-only] Require token protection for sign-in sessions (Windows)",
        result,
        enforcedGrantControls: [],
        enforcedSessionControls: [control],
        ...(notSatisfied ? { sessionControlsNotSatisfied: notSatisfied } : {}),
    };
}

function enforced(result: string, notSatisfied?: string[]): SyntheticPolicy {
    return {
        id: enforcedPolicyId,
        displayName: "TP [pilot] Require token protection for sign-in sessions (Windows)",
        result,
        enforcedGrantControls: [],
        enforcedSessionControls: ["SignInTokenProtection"],
        ...(notSatisfied ? { sessionControlsNotSatisfied: notSatisfied } : {}),
    };
}

const laptop = { deviceId: "d0000000-0000-4000-8000-00000000000a", displayName: "LT-0001", operatingSystem: "Windows10", browser: "Rich Client 5.0", isCompliant: true, isManaged: true, trustType: "Hybrid Azure AD joined" };

function signIn(id: string, fields: Partial<SyntheticSignIn> & Pick<SyntheticSignIn, "time" | "table">): SyntheticSignIn {
    return {
        id,
        ...users.alice,
        appId: "d3590ed6-52b3-4102-aeff-aad2292ab01c",
        appDisplayName: "Microsoft Outlook",
        resourceId: AppIds.exchangeOnline,
        resourceDisplayName: "Office 365 Exchange Online",
        policies: [mfaPolicy],
        device: laptop,
        ...fields,
    };
}

/** Twelve sign-ins; s10 repeats s2's Id, s7 is to Microsoft Graph, s12 is before 2026-03-01. */
export const fixtureSignIns: SyntheticSignIn[] = [
    signIn("00000000-0000-4000-8000-000000000001", { time: "2026-03-01T08:00:00.000Z", table: "SigninLogs", tokenProtection: { signInSessionStatus: "bound", signInSessionStatusCode: 0 }, policies: [mfaPolicy, reportOnly("reportOnlySuccess")] }),
    signIn("00000000-0000-4000-8000-000000000002", { time: "2026-03-01T09:30:00.000Z", table: "AADNonInteractiveUserSignInLogs", tokenProtection: { signInSessionStatus: "unbound", signInSessionStatusCode: 1008 }, policies: [reportOnly("reportOnlyFailure")] }),
    signIn("00000000-0000-4000-8000-000000000003", {
        time: "2026-03-02T10:00:00.000Z", table: "AADNonInteractiveUserSignInLogs", ...users.bob,
        appDisplayName: "OneDrive SyncEngine", resourceId: AppIds.sharePointOnline, resourceDisplayName: "Office 365 SharePoint Online",
        tokenProtection: { signInSessionStatus: "unbound", signInSessionStatusCode: 1003 },
        device: { deviceId: "d0000000-0000-4000-8000-00000000000b", displayName: "CPC-bob-01", operatingSystem: "Windows 11", trustType: "Azure AD joined" },
        policies: [reportOnly("reportOnlyFailure", "Binding", ["Binding"])],
    }),
    signIn("00000000-0000-4000-8000-000000000004", {
        time: "2026-03-02T11:00:00.000Z", table: "SigninLogs", ...users.carol,
        appDisplayName: "Microsoft Teams", resourceId: AppIds.teamsServices, resourceDisplayName: "Microsoft Teams Services",
        tokenProtection: { signInSessionStatus: "unbound", signInSessionStatusCode: 1002 },
        device: { deviceId: "", displayName: "", operatingSystem: "Windows10" },
        policies: [mfaPolicy, enforced("failure", ["SignInTokenProtection"])],
    }),
    signIn("00000000-0000-4000-8000-000000000005", {
        time: "2026-03-02T12:00:00.000Z", table: "SigninLogs", ...users.carol,
        appDisplayName: "OneDrive SyncEngine", resourceId: AppIds.sharePointOnline, resourceDisplayName: "Office 365 SharePoint Online",
        tokenProtection: { signInSessionStatus: "bound", signInSessionStatusCode: 0 }, policies: [reportOnly("reportOnlyNotApplied")],
    }),
    signIn("00000000-0000-4000-8000-000000000006", {
        time: "2026-03-03T07:00:00.000Z", table: "AADNonInteractiveUserSignInLogs", ...users.carol,
        appDisplayName: "Windows App", resourceId: "", resourceDisplayName: "Windows Virtual Desktop",
        tokenProtection: { signInSessionStatus: "unbound", signInSessionStatusCode: 1003 },
        device: { deviceId: "d0000000-0000-4000-8000-00000000000c", displayName: "LT-0042", operatingSystem: "Windows10", trustType: "Hybrid Azure AD joined" },
        policies: [],
    }),
    signIn("00000000-0000-4000-8000-000000000007", {
        time: "2026-03-03T07:30:00.000Z", table: "AADNonInteractiveUserSignInLogs",
        appDisplayName: "Microsoft Teams", resourceId: "00000003-0000-0000-c000-000000000000", resourceDisplayName: "Microsoft Graph",
        tokenProtection: { signInSessionStatus: "unbound", signInSessionStatusCode: 1002 },
    }),
    signIn("00000000-0000-4000-8000-000000000008", { time: "2026-03-03T08:00:00.000Z", table: "SigninLogs", ...users.bob, tokenProtection: undefined, policies: [reportOnly("reportOnlySuccess")] }),
    signIn("00000000-0000-4000-8000-000000000009", {
        time: "2026-03-03T09:00:00.000Z", table: "AADNonInteractiveUserSignInLogs",
        appDisplayName: "Windows App", resourceId: AppIds.windows365, resourceDisplayName: "Windows 365",
        tokenProtection: { signInSessionStatus: "none", signInSessionStatusCode: 1002 }, policies: [enforced("success")],
    }),
    signIn("00000000-0000-4000-8000-000000000002", { time: "2026-03-01T09:30:00.000Z", table: "AADNonInteractiveUserSignInLogs", tokenProtection: { signInSessionStatus: "unbound", signInSessionStatusCode: 1008 }, policies: [reportOnly("reportOnlyFailure")] }),
    signIn("00000000-0000-4000-8000-000000000011", {
        time: "2026-03-03T10:00:00.000Z", table: "SigninLogs", ...users.bob,
        tokenProtection: { signInSessionStatus: "unbound", signInSessionStatusCode: 1003 },
        device: { deviceId: "d0000000-0000-4000-8000-00000000000d", displayName: "avd-host-1", operatingSystem: "Windows 11", trustType: "Azure AD joined" },
        policies: [reportOnly("reportOnlyFailure")],
    }),
    signIn("00000000-0000-4000-8000-000000000012", { time: "2026-02-20T10:00:00.000Z", table: "AADNonInteractiveUserSignInLogs", tokenProtection: { signInSessionStatus: "bound", signInSessionStatusCode: 0 }, policies: [reportOnly("reportOnlySuccess")] }),
];

export type FixtureFormat =
    | "la-json"
    | "la-json-objects"
    | "la-csv"
    | "graph-page"
    | "graph-array"
    | "diagnostic-ndjson"
    | "diagnostic-records"
    | "diagnostic-pretty-concatenated";

export const fixtureFormats: readonly FixtureFormat[] = ["la-json", "la-json-objects", "la-csv", "graph-page", "graph-array", "diagnostic-ndjson", "diagnostic-records", "diagnostic-pretty-concatenated"];

function csvField(value: unknown): string {
    const text = value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as a CSV export writes them: the union of the rows' columns, datetime columns suffixed like the portal's. */
export function toCsv(rows: Record<string, unknown>[]): string {
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const header = columns.map((c) => (c === "TimeGenerated" ? "TimeGenerated [UTC]" : c));
    return [header.join(","), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(","))].join("\r\n") + "\r\n";
}

export function render(signIns: readonly SyntheticSignIn[], format: FixtureFormat): string {
    switch (format) {
        case "la-json":
            return JSON.stringify(signIns.map((s) => toLogAnalyticsRow(s)), null, 1);
        case "la-json-objects":
            return JSON.stringify(signIns.map((s) => toLogAnalyticsRow(s, { nested: "objects" })));
        case "la-csv": {
            // Every row carries the same columns in an export, so a missing status is an empty cell.
            const rows = signIns.map((s) => ({ TokenProtectionStatusDetails: "", ...toLogAnalyticsRow(s) }));
            return toCsv(rows);
        }
        case "graph-page":
            return JSON.stringify({
                "@odata.context": "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns",
                value: signIns.map(toGraphSignIn),
                "@odata.nextLink": "https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=abc",
            });
        case "graph-array":
            return JSON.stringify(signIns.map(toGraphSignIn), null, 2);
        case "diagnostic-ndjson":
            return signIns.map((s) => JSON.stringify(toDiagnosticRecord(s))).join("\n") + "\n";
        case "diagnostic-records":
            return JSON.stringify({ records: signIns.map(toDiagnosticRecord) });
        case "diagnostic-pretty-concatenated":
            return signIns.map((s) => JSON.stringify(toDiagnosticRecord(s), null, 2)).join("\n");
    }
}

/** A fresh directory for one test's files, removed by `removeTempDir`. */
export function makeTempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "tp-evidence-test-"));
}

export function removeTempDir(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
}

export function writeFixture(dir: string, name: string, content: string | Buffer, options: { gzip?: boolean } = {}): string {
    const file = path.join(dir, options.gzip ? `${name}.gz` : name);
    fs.writeFileSync(file, options.gzip ? zlib.gzipSync(content) : content);
    return file;
}
