// The report for test/support/signinFixtures.ts's twelve sign-ins, worked out by hand from the definitions in
// evidence/definitions.ts: s7 is to Microsoft Graph (out of scope) and s10 repeats s2's Id.
import { AnalyzeReport } from "../../evidence/report";

export const cloudPcRule = '(device.systemLabels -contains "CloudPC" -and device.trustType -eq "AzureAD")';
export const avdRule = '(device.systemLabels -contains "AzureVirtualDesktop" -and device.trustType -eq "AzureAD")';

/** The contract for the twelve fixture sign-ins read together: s7 is Microsoft Graph, s10 repeats s2. */
export const expectedContract = {
    rows: 12,
    skipped: 2,
    totals: { requests: 10, bound: 3, unbound: 5, allow: 4, wouldBlock: 3, block: 1 },
    byApp: [
        { app: "Microsoft Outlook", resource: "Office 365 Exchange Online", requests: 5, bound: 2, unbound: 2, allow: 3, wouldBlock: 2, block: 0 },
        { app: "OneDrive SyncEngine", resource: "Office 365 SharePoint Online", requests: 2, bound: 1, unbound: 1, allow: 0, wouldBlock: 1, block: 0 },
        { app: "Microsoft Teams", resource: "Microsoft Teams Services", requests: 1, bound: 0, unbound: 1, allow: 0, wouldBlock: 0, block: 1 },
        { app: "Windows App", resource: "Azure Virtual Desktop", requests: 1, bound: 0, unbound: 1, allow: 0, wouldBlock: 0, block: 0 },
        { app: "Windows App", resource: "Windows 365", requests: 1, bound: 0, unbound: 0, allow: 1, wouldBlock: 0, block: 0 },
    ],
    byStatusCode: [
        { code: 1003, meaning: "Unbound: device state does not satisfy the requirements", action: "Add a device filter exclusion for the registration type, or re-register the device.", requests: 3, users: 2 },
        { code: 1002, meaning: "Unbound: no Entra device state", action: "Register or join the device, or accept that this user and device cannot be in scope.", requests: 1, users: 1 },
        { code: 1008, meaning: "Unbound: client not integrated with the platform broker (WAM)", action: "Update the client to the minimum supported version, or enable WAM where the app has a switch for it.", requests: 1, users: 1 },
    ],
    byDay: [
        { day: "2026-02-20", requests: 1, bound: 1, unbound: 0, wouldBlock: 0 },
        { day: "2026-03-01", requests: 2, bound: 1, unbound: 1, wouldBlock: 1 },
        { day: "2026-03-02", requests: 3, bound: 1, unbound: 2, wouldBlock: 1 },
        { day: "2026-03-03", requests: 4, bound: 0, unbound: 2, wouldBlock: 1 },
    ],
};

export function contractOf(report: AnalyzeReport) {
    const { rows, skipped, totals, byApp, byStatusCode, byDay } = report;
    return { rows, skipped, totals, byApp, byStatusCode, byDay };
}

