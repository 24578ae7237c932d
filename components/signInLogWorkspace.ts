import * as aadiam from "@pulumi/azure-native/aadiam";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";
import { v5 as nameBasedUuid } from "uuid";
import { signInLogTables } from "../model/signInLogs";

/** A query saved in the workspace (Logs > Queries > Token Protection). */
export interface SavedQuery {
    /** Stable identifier, used in the child resource name and the saved search ID. */
    readonly id: string;
    readonly displayName: string;
    readonly query: string;
}

export interface SignInLogWorkspaceArgs {
    /** The stack name; the tenant-wide diagnostic setting carries it. */
    readonly stack: string;
    /** An existing resource group. */
    readonly resourceGroupName: string;
    readonly location: string;
    /** Defaults to a name derived from the component name by Pulumi's auto-naming. */
    readonly workspaceName?: string;
    /** Interactive retention of both sign-in tables: at least the soak length, never below 30 days. */
    readonly retentionDays: number;
    /** Also ship service-principal sign-ins. Defaults to false. */
    readonly includeServicePrincipalSignIns?: boolean;
    /** Also ship managed-identity sign-ins. Defaults to false. */
    readonly includeManagedIdentitySignIns?: boolean;
    /** The evidence queries, saved in the workspace. Defaults to none. */
    readonly savedQueries?: SavedQuery[];
    /** A workbook shown in the workspace's Workbooks gallery: its content (schema Notebook/1.0). Defaults to none. */
    readonly workbook?: { readonly displayName: string; readonly content: object };
}

/** The namespace of this package's name-based workbook IDs (RFC 4122 version 5). */
const workbookIdNamespace = "2f4c9e1a-7b3d-4e6f-8a1c-5d2e3f4a6b7c";

/**
 * A workbook's resource name must be a GUID, and the same one on every run or Pulumi would replace it:
 * derived from the stack and the component's name.
 */
export function workbookResourceName(stack: string, componentName: string): string {
    return nameBasedUuid(`${stack}/${componentName}`, workbookIdNamespace);
}


/**
 * A Log Analytics workspace fed by the tenant's Entra diagnostic setting with both interactive and
 * non-interactive sign-ins: the non-interactive table carries the silent token refreshes, roughly half of
 * what Token Protection sees, and the portal keeps either for only 30 days.
 */
export class SignInLogWorkspace extends pulumi.ComponentResource {
    public readonly workspace: operationalinsights.Workspace;
    public readonly diagnosticSetting: aadiam.DiagnosticSetting;
    public readonly tables: operationalinsights.Table[];
    public readonly savedSearches: operationalinsights.SavedSearch[];
    public readonly workbook?: applicationinsights.Workbook;

    constructor(name: string, args: SignInLogWorkspaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("token-protection:components:SignInLogWorkspace", name, {}, opts);
        if (!Number.isInteger(args.retentionDays) || args.retentionDays < 30 || args.retentionDays > 730) {
            throw new pulumi.ResourceError(`retentionDays is ${args.retentionDays}; allowed: a whole number of days from 30 to 730`, this);
        }

        this.workspace = new operationalinsights.Workspace(`${name}-workspace`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            workspaceName: args.workspaceName,
            sku: { name: "PerGB2018" },
            retentionInDays: args.retentionDays,
        }, { parent: this });

        this.tables = Object.values(signInLogTables).map((tableName) => new operationalinsights.Table(`${name}-${tableName}`, {
            resourceGroupName: args.resourceGroupName,
            workspaceName: this.workspace.name,
            tableName,
            retentionInDays: args.retentionDays,
            totalRetentionInDays: args.retentionDays,
        }, { parent: this }));

        const categories = [
            ...Object.keys(signInLogTables),
            ...(args.includeServicePrincipalSignIns ? ["ServicePrincipalSignInLogs"] : []),
            ...(args.includeManagedIdentitySignIns ? ["ManagedIdentitySignInLogs"] : []),
        ];
        // Tenant-scoped (Microsoft.aadiam/diagnosticSettings): one per tenant per name, so the name carries the stack.
        this.diagnosticSetting = new aadiam.DiagnosticSetting(`${name}-diagnostic-setting`, {
            name: `tp-${args.stack}-sign-in-logs`,
            workspaceId: this.workspace.id,
            logs: categories.map((category) => ({ category, enabled: true })),
        }, { parent: this });

        this.savedSearches = (args.savedQueries ?? []).map((q) => new operationalinsights.SavedSearch(`${name}-query-${q.id}`, {
            resourceGroupName: args.resourceGroupName,
            workspaceName: this.workspace.name,
            savedSearchId: `token-protection-${q.id}`,
            category: "Token Protection",
            displayName: q.displayName,
            query: q.query,
        }, { parent: this }));

        if (args.workbook) {
            // The gallery matches a workbook to its workspace by sourceId; ARM IDs are case-insensitive and the
            // portal lower-cases them, so both sourceId and the workbook's own fallback resource are lower case.
            const workspaceId = this.workspace.id.apply((id) => id.toLowerCase());
            const content = args.workbook.content;
            this.workbook = new applicationinsights.Workbook(`${name}-workbook`, {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                resourceName: workbookResourceName(args.stack, name),
                kind: "shared",
                category: "workbook",
                displayName: args.workbook.displayName,
                sourceId: workspaceId,
                version: "Notebook/1.0",
                serializedData: workspaceId.apply((id) => JSON.stringify({ ...content, fallbackResourceIds: [id] })),
            }, { parent: this });
        }

        this.registerOutputs({ workspace: this.workspace, diagnosticSetting: this.diagnosticSetting, tables: this.tables, savedSearches: this.savedSearches, workbook: this.workbook });
    }
}
