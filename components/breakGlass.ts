import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";

export interface BreakGlassArgs {
    /** Object IDs of the emergency-access accounts; every CA policy the package declares excludes them. */
    readonly userIds: string[];
    /** The workspace the sign-in logs flow to, when this stack owns it: adds the sign-in alert. */
    readonly workspace?: {
        readonly id: pulumi.Input<string>;
        readonly resourceGroupName: pulumi.Input<string>;
        readonly location: pulumi.Input<string>;
    };
    /** Who the alert emails. Defaults to nobody: the alert still fires in Azure Monitor. */
    readonly alertEmails?: string[];
}

/** The KQL behind the alert: any interactive or non-interactive sign-in of a break-glass account. */
export function breakGlassSignInQuery(userIds: string[]): string {
    return [
        `let breakGlassAccounts = dynamic(${JSON.stringify(userIds)});`,
        "union SigninLogs, AADNonInteractiveUserSignInLogs",
        "| where UserId in (breakGlassAccounts)",
        "| project TimeGenerated, UserPrincipalName, UserId, AppDisplayName, ResourceDisplayName, IPAddress, ResultType, Type",
    ].join("\n");
}

/**
 * The break-glass exclusion set, and Microsoft's emergency-access monitoring: a severity-0 alert on any
 * sign-in of those accounts (security-emergency-access, "Monitor sign-in and audit logs").
 */
export class BreakGlass extends pulumi.ComponentResource {
    /** The accounts every policy must exclude. */
    public readonly excludeUserIds: string[];
    public readonly alert?: monitor.ScheduledQueryRule;
    public readonly actionGroup?: monitor.ActionGroup;

    constructor(name: string, args: BreakGlassArgs, opts?: pulumi.ComponentResourceOptions) {
        super("token-protection:components:BreakGlass", name, {}, opts);
        if (args.userIds.length === 0) {
            throw new pulumi.ResourceError("BreakGlass needs at least one emergency-access account object ID.", this);
        }
        if (args.userIds.length === 1) {
            pulumi.log.warn("Only one break-glass account is configured; Microsoft recommends two or more (security-emergency-access).", this);
        }
        this.excludeUserIds = [...args.userIds];

        if (args.workspace) {
            const emails = args.alertEmails ?? [];
            if (emails.length > 0) {
                this.actionGroup = new monitor.ActionGroup(`${name}-action-group`, {
                    resourceGroupName: args.workspace.resourceGroupName,
                    location: "Global",
                    groupShortName: "tp-breakgls",
                    enabled: true,
                    emailReceivers: emails.map((emailAddress, i) => ({ name: `break-glass-${i + 1}`, emailAddress, useCommonAlertSchema: true })),
                }, { parent: this });
            }
            this.alert = new monitor.ScheduledQueryRule(`${name}-sign-in-alert`, {
                resourceGroupName: args.workspace.resourceGroupName,
                location: args.workspace.location,
                displayName: "Break-glass account sign-in",
                description: "Any sign-in by an emergency-access account. Investigate at once: it is either an emergency or a compromise.",
                kind: "LogAlert",
                severity: 0,
                enabled: true,
                scopes: [args.workspace.id],
                evaluationFrequency: "PT5M",
                windowSize: "PT5M",
                criteria: {
                    allOf: [{
                        query: breakGlassSignInQuery(this.excludeUserIds),
                        timeAggregation: "Count",
                        operator: "GreaterThan",
                        threshold: 0,
                        failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
                    }],
                },
                autoMitigate: false,
                actions: this.actionGroup ? { actionGroups: [this.actionGroup.id] } : undefined,
            }, { parent: this });
        }

        this.registerOutputs({ excludeUserIds: this.excludeUserIds, alert: this.alert, actionGroup: this.actionGroup });
    }
}
