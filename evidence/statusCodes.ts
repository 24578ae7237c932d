// The guide's sign-in log troubleshooting cheat sheet (1002, 1003, 1005, 1006, 1008) plus the two Apple
// preview codes (1004, 1007) from Microsoft's Apple deployment guide (facts file 4.2). The analyzer, the
// KQL (kql/unbound-by-status-code.kql carries the same table) and the README render it from here.

export interface StatusCodeEntry {
    readonly code: number;
    readonly meaning: string;
    readonly likelyCause: string;
    readonly action: string;
    readonly platform: "all" | "apple";
}

export const statusCodeCheatSheet: readonly StatusCodeEntry[] = [
    {
        code: 1002,
        meaning: "Unbound: no Entra device state",
        likelyCause: "The device is not registered or joined to Entra ID: an unmanaged or non-joined machine.",
        action: "Register or join the device, or accept that this user and device cannot be in scope.",
        platform: "all",
    },
    {
        code: 1003,
        meaning: "Unbound: device state does not satisfy the requirements",
        likelyCause: "Unsupported registration type (Cloud PC, AVD session host, self-deploying Autopilot, bulk-enrolled, Power Automate hosted, Azure VM with Entra login), or a registration made without fresh sign-in credentials.",
        action: "Add a device filter exclusion for the registration type, or re-register the device.",
        platform: "all",
    },
    {
        code: 1004,
        meaning: "Unbound: registration is not hardware-backed (Apple)",
        likelyCause: "macOS or iOS registration not in the Secure Enclave; the SSO plug-in lacks use_most_secure_storage or Platform SSO is off.",
        action: "Let the user take the one-time registration upgrade (self-remediable); deploy the SSO extension settings first.",
        platform: "apple",
    },
    {
        code: 1005,
        meaning: "Unbound: other, unspecified",
        likelyCause: "Catch-all: broken client configuration, telemetry issues, an edge case the other codes miss.",
        action: "Verify client version, broker integration and Entra device sync; open a support case if it persists.",
        platform: "all",
    },
    {
        code: 1006,
        meaning: "Unbound: OS version unsupported",
        likelyCause: "The device runs below the minimum OS (Windows 10, Windows Server 2019 hybrid joined, macOS 14, iOS 16).",
        action: "Upgrade the OS or exclude the device from the policy scope.",
        platform: "all",
    },
    {
        code: 1007,
        meaning: "Unbound: not hardware-backed and the user is not the device owner (Apple)",
        likelyCause: "A shared or re-assigned Apple device whose registration belongs to another user and is not hardware-backed.",
        action: "Re-register the device for this user with hardware-backed storage, or exclude the user from the Apple policy.",
        platform: "apple",
    },
    {
        code: 1008,
        meaning: "Unbound: client not integrated with the platform broker (WAM)",
        likelyCause: "The app is not WAM-aware or predates WAM integration: older Outlook or Teams, PowerShell modules without WAM.",
        action: "Update the client to the minimum supported version, or enable WAM where the app has a switch for it.",
        platform: "all",
    },
];

const byCode = new Map(statusCodeCheatSheet.map((entry) => [entry.code, entry]));

/** The cheat-sheet entry for a code, or a plain description for codes the guides do not document. */
export function describeStatusCode(code: number | null): StatusCodeEntry & { documented: boolean } {
    const entry = code === null ? undefined : byCode.get(code);
    if (entry) {
        return { ...entry, documented: true };
    }
    return {
        code: code ?? -1,
        meaning: code === null ? "Unbound: no status code recorded" : `Unbound: undocumented status code ${code}`,
        likelyCause: "Not in Microsoft's status-code table.",
        action: "Open the sign-in in the Entra admin center (Basic info, Token Protection - Sign In Session) and check Microsoft Learn for new codes.",
        platform: "all",
        documented: false,
    };
}
