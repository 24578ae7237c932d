// From the resources a stack registers to what the rules read: each Conditional Access policy in its Graph
// beta shape, and the sign-in log resources. Shared by the pack (props as CrossGuard passes them, after
// unknowns are marked) and `tp-rollout check` (inputs recorded from the program under mocks).
import { graphPolicyType } from "../graph/resource";
import { fromAzureadProps } from "../model/azureadMapping";
import { displayNameOf, isUnknown, unknownValue } from "./rules/read";
import { StackView } from "./rules/types";
import { isJsonObject } from "../model/json";

/** The token of `azuread.ConditionalAccessPolicy` (cli/plan.ts names it too; a test keeps them equal). */
export const azureadPolicyType = "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy";
export const caPolicyTypes: readonly string[] = [graphPolicyType, azureadPolicyType];

export const workspaceType = "azure-native:operationalinsights:Workspace";
export const tableType = "azure-native:operationalinsights:Table";
export const diagnosticSettingType = "azure-native:aadiam:DiagnosticSetting";

/** A resource as either front end sees it: plain props, with `unknownValue` where preview cannot know. */
export interface ResourceInput {
    type: string;
    name: string;
    urn?: string;
    props: unknown;
}

const objectOrEmpty = (value: unknown): Record<string, unknown> => (isJsonObject(value) ? value : {});

// The objects of an azuread policy and where each lands in the Graph body. An object that is unknown as a
// whole stays unknown there, so no rule mistakes it for an empty one.
const azureadObjects: { from: string[]; to: string[] }[] = [
    { from: ["conditions"], to: ["conditions"] },
    { from: ["conditions", "users"], to: ["conditions", "users"] },
    { from: ["conditions", "applications"], to: ["conditions", "applications"] },
    { from: ["conditions", "platforms"], to: ["conditions", "platforms"] },
    { from: ["conditions", "devices"], to: ["conditions", "devices"] },
    { from: ["conditions", "devices", "filter"], to: ["conditions", "devices", "deviceFilter"] },
    { from: ["grantControls"], to: ["grantControls"] },
];

function at(source: unknown, path: string[]): unknown {
    return path.reduce<unknown>((value, key) => (isJsonObject(value) ? value[key] : undefined), source);
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
    let current = target;
    for (const key of path.slice(0, -1)) {
        current[key] = objectOrEmpty(current[key]);
        current = current[key] as Record<string, unknown>;
    }
    current[path[path.length - 1]] = value;
}

/**
 * The Graph body of an azuread policy, through the package's own mapping (model/azureadMapping.ts), with
 * any object unknown as a whole (a preview) marked unknown where it lands.
 */
export function graphBodyOfAzureadProps(props: unknown): unknown {
    if (isUnknown(props)) {
        return props;
    }
    const body = fromAzureadProps(props) as unknown as Record<string, unknown>;
    for (const { from, to } of azureadObjects) {
        if (isUnknown(at(props, from))) {
            setAt(body, to, unknownValue);
        }
    }
    return body;
}

/** The Graph beta body of a Conditional Access policy resource, or undefined for any other resource. */
export function caPolicyOf(resource: Pick<ResourceInput, "type" | "props">): unknown {
    if (resource.type === graphPolicyType) {
        return isUnknown(resource.props) ? resource.props : objectOrEmpty(resource.props).body;
    }
    if (resource.type === azureadPolicyType) {
        return graphBodyOfAzureadProps(resource.props);
    }
    return undefined;
}

function nameProp(props: unknown, key: string, fallback: string): string {
    const value = objectOrEmpty(props)[key];
    return typeof value === "string" && value.length > 0 ? value : fallback;
}

/** What the stack rules see of a stack. */
/** A stack view of Conditional Access policies alone (a tenant export has no sign-in log resources). */
export function policiesOnlyView(policies: StackView["policies"]): StackView {
    return { policies, signInLogs: { workspaces: [], tables: [], diagnosticSettings: [] } };
}

export function stackViewOf(resources: readonly ResourceInput[]): StackView {
    const view = policiesOnlyView([]);
    for (const resource of resources) {
        const props = objectOrEmpty(resource.props);
        const body = caPolicyOf(resource);
        if (body !== undefined) {
            view.policies.push({ displayName: displayNameOf(body), urn: resource.urn, body });
        } else if (resource.type === workspaceType) {
            view.signInLogs.workspaces.push({ name: nameProp(props, "workspaceName", resource.name), urn: resource.urn, retentionInDays: props.retentionInDays ?? undefined });
        } else if (resource.type === tableType) {
            view.signInLogs.tables.push({ tableName: props.tableName, retentionInDays: props.retentionInDays ?? undefined });
        } else if (resource.type === diagnosticSettingType) {
            view.signInLogs.diagnosticSettings.push({ name: nameProp(props, "name", resource.name), urn: resource.urn, logs: props.logs, workspaceId: props.workspaceId ?? undefined });
        }
    }
    return view;
}
