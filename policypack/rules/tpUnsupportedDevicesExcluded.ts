// Trap 3: Cloud PCs, AVD session hosts, Power Automate hosted machines and Azure VMs with Entra login cannot
// satisfy Token Protection (status 1003), so a Windows policy must exclude them by device filter unless the
// config says the tenant has none of a kind. Either documented rule spelling counts (model/deviceFilter.ts).
import { deviceKindLabels, recogniseDeviceExclusions, unsupportedDeviceKinds } from "../../model/deviceFilter";
import { isAppleOnly, isUnknown, listText, stringAt, valueAt } from "./read";
import { PolicyRule, RuleContext } from "./types";

function requiredExclusions(context: RuleContext): { kinds: typeof unsupportedDeviceKinds[number][]; profiles: string[] } {
    return {
        kinds: unsupportedDeviceKinds.filter((kind) => context.deviceExclusions[kind]),
        profiles: context.deviceExclusions.autopilotProfileNames,
    };
}

export const tpUnsupportedDevicesExcluded: PolicyRule = {
    kind: "policy",
    scope: "tokenProtection",
    name: "tp-unsupported-devices-excluded",
    description: "Checks whether a Windows Token Protection policy excludes, by device filter, the device kinds Token Protection does not support.",
    defaultLevel: "mandatory",
    configSchema: {
        deviceExclusions: {
            type: "object",
            description: "Which unsupported kinds the tenant has (false: none of that kind, no exclusion needed), and Autopilot self-deploying profile names.",
            properties: {
                cloudPc: { type: "boolean" },
                avdSessionHosts: { type: "boolean" },
                powerAutomateHosted: { type: "boolean" },
                azureVmLogin: { type: "boolean" },
                autopilotProfileNames: { type: "array", items: { type: "string" } },
            },
        },
    },
    notApplicable(policy, context) {
        if (isAppleOnly(policy)) {
            return "an iOS/macOS policy: the unsupported device kinds are Windows devices";
        }
        const { kinds, profiles } = requiredExclusions(context);
        return kinds.length === 0 && profiles.length === 0 ? "the config says the tenant has none of the unsupported device kinds" : undefined;
    },
    check(policy, context) {
        const { kinds, profiles } = requiredExclusions(context);
        const wanted = [...kinds.map((kind) => deviceKindLabels[kind]), ...profiles.map((name) => `Autopilot profile ${JSON.stringify(name)}`)];
        const requirement = `An exclude-mode device filter must exclude ${listText(wanted)}: Token Protection does not support them and their sign-ins fail with status 1003`;
        const fix = "Fix: set token-protection:deviceExclusions and let the package build the filter (set a kind to false only if the tenant has none of it), or add the missing clauses to the policy's exclude filter.";
        const filter = valueAt(policy, "conditions", "devices", "deviceFilter");
        const mode = stringAt(filter, "mode");
        const rule = stringAt(filter, "rule");
        if (isUnknown(filter) || isUnknown(mode) || isUnknown(rule)) {
            return [];
        }
        if (filter === undefined) {
            return [`${requirement}, but the policy has no device filter. ${fix}`];
        }
        if (mode !== "exclude") {
            return [`${requirement}, but the device filter's mode is ${mode === undefined ? "not set" : JSON.stringify(mode)}. ${fix}`];
        }
        if (rule === undefined) {
            return [`${requirement}, but the device filter has no rule. ${fix}`];
        }
        const recognised = recogniseDeviceExclusions(rule);
        const missing = [
            ...kinds.filter((kind) => !recognised.kinds.includes(kind)).map((kind) => deviceKindLabels[kind]),
            ...profiles.filter((name) => !recognised.autopilotProfileNames.includes(name)).map((name) => `Autopilot profile ${JSON.stringify(name)}`),
        ];
        return missing.length === 0 ? [] : [`${requirement}, but the device filter does not exclude ${listText(missing)}. ${fix}`];
    },
};
