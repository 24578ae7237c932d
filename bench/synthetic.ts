// A seeded synthetic export for the benchmark: Azure Monitor diagnostic-settings records, one per line
// (NDJSON), the way a storage-account or Event Hub archive holds them. The mix is meant to look like a tenant
// in report-only: both categories (non-interactive a little over half), protected resources next to Graph,
// ARM and Entra ID, bound and unbound requests with every status code, a report-only Token Protection policy
// among the tenant's other policies, and about one row in a hundred repeated (exports overlap).
import { AppIds, protectedAppNames } from "../model/conditionalAccess";
import type { SignInTable } from "../evidence/definitions";
import { SyntheticPolicy, SyntheticSignIn, toDiagnosticRecord } from "../test/support/signinShapes";

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
    const total = weighted.reduce((sum, [, w]) => sum + w, 0);
    let r = random() * total;
    for (const [value, weight] of weighted) {
        r -= weight;
        if (r < 0) return value;
    }
    return weighted[weighted.length - 1][0];
}

function guid(random: () => number): string {
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
}

const resources: readonly (readonly [[string, string], number])[] = [
    [[AppIds.exchangeOnline, protectedAppNames[AppIds.exchangeOnline]], 22],
    [[AppIds.sharePointOnline, protectedAppNames[AppIds.sharePointOnline]], 16],
    [[AppIds.teamsServices, protectedAppNames[AppIds.teamsServices]], 9],
    [[AppIds.azureVirtualDesktop, protectedAppNames[AppIds.azureVirtualDesktop]], 1],
    [[AppIds.windows365, protectedAppNames[AppIds.windows365]], 0.5],
    [[AppIds.windowsCloudLogin, protectedAppNames[AppIds.windowsCloudLogin]], 0.5],
    [["00000003-0000-0000-c000-000000000000", "Microsoft Graph"], 25],
    [["797f4846-ba00-4fd7-ba43-dac1f8f63013", "Azure Resource Manager"], 8],
    [["00000002-0000-0000-c000-000000000000", "Windows Azure Active Directory"], 10],
    [["0000000a-0000-0000-c000-000000000000", "Microsoft Intune"], 8],
];

const clientApps: readonly (readonly [[string, string], number])[] = [
    [["d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office"], 30],
    [["5e3ce6c0-2b1f-4285-8d4b-75ee78787346", "Microsoft Teams"], 20],
    [["ab9b8c07-8f02-4f72-87fa-80105867a763", "OneDrive SyncEngine"], 15],
    [["1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams"], 10],
    [["fb78d390-0c51-40cd-8e17-fdbfab77341b", "Microsoft Exchange REST API Based Powershell"], 3],
    [["a4a365df-50f1-4397-bc59-1a1564b8bb9c", "Microsoft Remote Desktop"], 2],
    [["c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal"], 10],
];

const tokenProtectionPolicyId = "6b1d3b0e-2a4f-4c8e-9d7a-0f1e2d3c4b5a";
const otherPolicies: readonly SyntheticPolicy[] = [
    { id: "0e6a5c1d-1b2f-4a3e-8d4c-5b6a7f8e9d01", displayName: "CA001 Require MFA for admins", result: "notApplied", enforcedGrantControls: ["Mfa"], enforcedSessionControls: [] },
    { id: "1f7b6d2e-2c3a-4b4f-9e5d-6c7b8a9f0e12", displayName: "CA002 Block legacy authentication", result: "notApplied", enforcedGrantControls: ["Block"], enforcedSessionControls: [] },
    { id: "2a8c7e3f-3d4b-4c5a-8f6e-7d8c9b0a1f23", displayName: "CA003 Require MFA for all users", result: "success", enforcedGrantControls: ["Mfa"], enforcedSessionControls: [] },
    { id: "3b9d8f4a-4e5c-4d6b-9a7f-8e9d0c1b2a34", displayName: "CA004 Sign-in frequency for unmanaged devices", result: "notApplied", enforcedGrantControls: [], enforcedSessionControls: ["SignInFrequency"] },
    { id: "4cae9a5b-5f6d-4e7c-8b8a-9f0e1d2c3b45", displayName: "TP [expansion] Block access from unknown platforms", result: "reportOnlyNotApplied", enforcedGrantControls: ["Block"], enforcedSessionControls: [] },
    { id: "5dbfab6c-6a7e-4f8d-9c9b-0a1f2e3d4c56", displayName: "TP [expansion] Require device compliance for known platforms", result: "reportOnlySuccess", enforcedGrantControls: ["RequireCompliantDevice"], enforcedSessionControls: [] },
    { id: "6ec0bc7d-7b8f-4a9e-8dac-1b2a3f4e5d67", displayName: "CA007 Persistent browser session", result: "notApplied", enforcedGrantControls: [], enforcedSessionControls: ["PersistentBrowserSessionMode"] },
];

const statusCodes: readonly (readonly [number, number])[] = [[1002, 45], [1003, 15], [1005, 4], [1006, 6], [1008, 28], [1004, 1], [1007, 1]];
const operatingSystems: readonly (readonly [string, number])[] = [["Windows10", 70], ["Windows 10", 10], ["Windows", 5], ["MacOs", 8], ["Ios 18.2.1", 7]];
const trustTypes: readonly (readonly [string, number])[] = [["Hybrid Azure AD joined", 50], ["Azure AD joined", 30], ["Azure AD registered", 10], ["", 10]];

export interface GeneratorOptions {
    rows: number;
    seed: number;
    /** The days the sign-ins fall on, counting back from this day (UTC). */
    lastDay: string;
    days: number;
}

/**
 * Lines of NDJSON. About 1% of lines repeat an earlier record verbatim, so a correct aggregation must
 * deduplicate by Id.
 */
export function* syntheticLines(options: GeneratorOptions): Generator<string> {
    const random = seededRandom(options.seed);
    const users = Array.from({ length: Math.max(50, Math.floor(options.rows / 200)) }, (_, i) => ({ id: guid(random), upn: `user${i}@contoso.example` }));
    const devices = Array.from({ length: Math.max(60, Math.floor(options.rows / 150)) }, (_, i) => {
        const cloudPc = i % 25 === 0;
        const avd = i % 41 === 0;
        return {
            deviceId: guid(random),
            displayName: cloudPc ? `CPC-user${i}-${i.toString(16).toUpperCase()}` : avd ? `avd-host-${i}` : `LT-${100000 + i}`,
            operatingSystem: pick(random, operatingSystems),
            browser: "Rich Client 5.0",
            isCompliant: random() < 0.8,
            isManaged: random() < 0.9,
            trustType: cloudPc || avd ? "Azure AD joined" : pick(random, trustTypes),
        };
    });
    const end = Date.parse(`${options.lastDay}T23:59:59Z`);
    const span = options.days * 86_400_000;
    const recent: string[] = [];
    for (let i = 0; i < options.rows; i++) {
        if (recent.length > 0 && random() < 0.01) {
            yield recent[Math.floor(random() * recent.length)];
            continue;
        }
        const table: SignInTable = random() < 0.55 ? "AADNonInteractiveUserSignInLogs" : "SigninLogs";
        const [resourceId, resourceDisplayName] = pick(random, resources);
        const [appId, appDisplayName] = pick(random, clientApps);
        const user = users[Math.floor(random() * users.length)];
        const device = devices[Math.floor(random() * devices.length)];
        const bound = random() < 0.62;
        const statusCode = bound ? 0 : pick(random, statusCodes);
        const tokenProtection = random() < 0.03 ? undefined : { signInSessionStatus: bound ? "bound" : random() < 0.05 ? "none" : "unbound", signInSessionStatusCode: statusCode };
        const binding = random() < 0.02 ? "Binding" : "SignInTokenProtection";
        const tpApplies = random() < 0.85;
        const notSatisfied = tokenProtection?.signInSessionStatus !== "bound";
        const tpPolicy: SyntheticPolicy = {
            id: tokenProtectionPolicyId,
            displayName: "TP [report-only] Require token protection for sign-in sessions (Windows)",
            result: !tpApplies ? "reportOnlyNotApplied" : notSatisfied ? "reportOnlyFailure" : "reportOnlySuccess",
            enforcedGrantControls: [],
            enforcedSessionControls: [binding],
        };
        const signIn: SyntheticSignIn = {
            id: guid(random),
            time: new Date(end - Math.floor(random() * span)).toISOString(),
            table,
            userId: user.id,
            userPrincipalName: user.upn,
            appId,
            appDisplayName,
            resourceId,
            resourceDisplayName,
            tokenProtection,
            policies: [...otherPolicies.slice(0, 3 + Math.floor(random() * 4)), tpPolicy],
            device,
            ipAddress: `198.51.100.${Math.floor(random() * 250)}`,
        };
        const line = JSON.stringify(toDiagnosticRecord(signIn));
        if (recent.length < 1000) recent.push(line);
        else recent[Math.floor(random() * 1000)] = line;
        yield line;
    }
}
