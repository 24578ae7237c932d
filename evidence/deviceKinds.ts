// What a 1003 device probably is, from what a sign-in log shows of it (DeviceDetail: name, OS, trust type),
// and the device filter rule that would exclude it. Sign-in logs do not carry systemLabels or profileType,
// so the kind is a hint from naming conventions, never a certainty; the KQL (kql/devices-behind-1003.kql)
// applies the same hints.
import { deviceExclusionClause, deviceKindLabels, UnsupportedDeviceKind } from "../model/deviceFilter";

/** The device filter's trustType values, from the sign-in log's wording (old and new). */
export type TrustType = "AzureAD" | "ServerAD" | "Workplace" | "";

const trustTypeByLogValue: Readonly<Record<string, TrustType>> = {
    "azure ad joined": "AzureAD",
    "microsoft entra joined": "AzureAD",
    azuread: "AzureAD",
    "hybrid azure ad joined": "ServerAD",
    "microsoft entra hybrid joined": "ServerAD",
    serverad: "ServerAD",
    "azure ad registered": "Workplace",
    "microsoft entra registered": "Workplace",
    workplace: "Workplace",
};

/** The log values of each trust type, for the KQL's `in~` lists. */
export function trustTypeLogValues(trustType: Exclude<TrustType, "">): string[] {
    return Object.entries(trustTypeByLogValue).filter(([, t]) => t === trustType).map(([value]) => value);
}

export function normaliseTrustType(logValue: string): TrustType {
    return trustTypeByLogValue[logValue.toLowerCase()] ?? "";
}

/** Name prefixes that hint at a kind: Windows 365 names Cloud PCs CPC-...; AVD host pools are commonly AVD-/WVD-. */
export const deviceNameHints: readonly { prefix: string; kind: UnsupportedDeviceKind }[] = [
    { prefix: "cpc-", kind: "cloudPc" },
    { prefix: "avd", kind: "avdSessionHosts" },
    { prefix: "wvd", kind: "avdSessionHosts" },
];

export function deviceKindHint(displayName: string): UnsupportedDeviceKind | undefined {
    const name = displayName.toLowerCase();
    return deviceNameHints.find((hint) => name.startsWith(hint.prefix))?.kind;
}

export interface DeviceAdvice {
    /** The unsupported kind the name suggests, or undefined when the log cannot tell. */
    kind: UnsupportedDeviceKind | undefined;
    label: string;
    /** The exclude-mode device filter clause that covers it, when an exclusion is the fix. */
    exclusion: string | undefined;
    /** What to do when no exclusion applies. */
    remediation: string | undefined;
}

/**
 * Advice for one device behind status code 1003. The unsupported registration types are Entra joined
 * (trustType AzureAD); a hybrid-joined or registered device with 1003 was registered without fresh
 * credentials or by a legacy path, so re-registering it is the fix, not a filter.
 */
export function adviseFor1003(displayName: string, trustTypeLogValue: string): DeviceAdvice {
    const kind = deviceKindHint(displayName);
    const trustType = normaliseTrustType(trustTypeLogValue);
    if (trustType === "AzureAD" && kind) {
        return { kind, label: deviceKindLabels[kind], exclusion: deviceExclusionClause(kind), remediation: undefined };
    }
    if (trustType === "AzureAD") {
        return {
            kind: undefined,
            label: "Entra joined, kind not identifiable from the log",
            exclusion: undefined,
            remediation:
                "Look the device up in Intune: Autopilot self-deploying (exclude by enrollmentProfileName), Power Automate hosted " +
                '(systemLabels "MicrosoftPowerAutomate"), Azure VM with Entra login (profileType "SecureVM"), bulk-enrolled (re-enroll).',
        };
    }
    return {
        kind,
        label: trustType === "" ? "no trust type in the log" : trustType === "ServerAD" ? "Hybrid joined" : "Entra registered",
        exclusion: undefined,
        remediation: "Re-register the device with fresh sign-in credentials (dsregcmd /leave, then join again); unsupported registration types are Entra joined.",
    };
}
