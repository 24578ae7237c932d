import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { WavePopulation } from "./policyBodies";

export interface PilotGroupsArgs {
    /** The stack name, carried in the display name of the group the stack creates. */
    readonly stack: string;
    /** Existing groups whose members are in the wave. */
    readonly groupIds: string[];
    /** Directory roles (role template IDs) whose holders are in the wave: the pilot is privileged roles. */
    readonly roleTemplateIds: string[];
    /** Users targeted directly. */
    readonly userIds: string[];
    /** Users to put in a security group this stack creates and owns. Defaults to none (no group). */
    readonly memberUserIds: string[];
    /** Every user in the tenant (never in the pilot wave; config validation enforces that). */
    readonly allUsers: boolean;
}

/** The wave population: existing groups, directory roles, direct users and a group the stack owns. */
export class PilotGroups extends pulumi.ComponentResource {
    /** The security group this stack created, when `memberUserIds` is not empty. */
    public readonly group?: azuread.Group;
    /** Who the wave's policies include, with the created group's object ID. */
    public readonly population: pulumi.Output<WavePopulation>;

    constructor(name: string, args: PilotGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("token-protection:components:PilotGroups", name, {}, opts);

        if (args.memberUserIds.length > 0) {
            this.group = new azuread.Group(`${name}-group`, {
                displayName: `TP [${args.stack}] wave population`,
                description: `Token Protection rollout: users of the ${args.stack} wave. Managed by Pulumi; edit the stack config, not the portal.`,
                securityEnabled: true,
                mailEnabled: false,
                preventDuplicateNames: true,
            }, { parent: this });
            for (const memberId of args.memberUserIds) {
                // Keyed by object ID so reordering the config list changes nothing.
                new azuread.GroupMember(`${name}-member-${memberId}`, {
                    groupObjectId: this.group.objectId,
                    memberObjectId: memberId,
                }, { parent: this });
            }
        }

        const createdGroupIds = this.group ? [this.group.objectId] : [];
        this.population = pulumi.all(createdGroupIds).apply((created) => ({
            includeUsers: args.allUsers ? ["All"] : [...args.userIds],
            includeGroups: [...args.groupIds, ...created],
            includeRoles: [...args.roleTemplateIds],
        }));

        this.registerOutputs({ group: this.group, population: this.population });
    }
}
