import * as aadiam from "@pulumi/azure-native/aadiam";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";

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
}

/** The Entra diagnostic categories shipped, and the Log Analytics table each lands in. */
export const signInLogTables = { SignInLogs: "SigninLogs", NonInteractiveUserSignInLogs: "AADNonInteractiveUserSignInLogs" } as const;

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

        this.registerOutputs({ workspace: this.workspace, diagnosticSetting: this.diagnosticSetting, tables: this.tables, savedSearches: this.savedSearches });
    }
}
