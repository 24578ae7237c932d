import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { toAzureadProps } from "../model/azureadMapping";
import { WaveConfig } from "./config";
import { blockUnknownPlatformsBody, requireComplianceBody, WavePopulation } from "./policyBodies";

export interface CompanionPoliciesArgs {
    /** The wave's validated config: the companions' own states and the break-glass set. */
    readonly wave: WaveConfig;
    /** The same population the Token Protection policy includes. */
    readonly population: pulumi.Input<WavePopulation>;
}

/**
 * Token Protection covers Windows (and Apple in preview) only. These two close the platform-spoofing
 * gap: block platforms outside the known five, and require a compliant device on the known ones.
 */
export class CompanionPolicies extends pulumi.ComponentResource {
    public readonly blockUnknownPlatforms: azuread.ConditionalAccessPolicy;
    public readonly requireCompliance: azuread.ConditionalAccessPolicy;

    constructor(name: string, args: CompanionPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("token-protection:components:CompanionPolicies", name, {}, opts);
        const population = pulumi.output(args.population);
        const declare = (suffix: string, build: typeof blockUnknownPlatformsBody) => {
            const props = population.apply((p) => toAzureadProps(build(args.wave, p)));
            return new azuread.ConditionalAccessPolicy(`${name}-${suffix}`, {
                displayName: props.displayName,
                state: props.state,
                conditions: props.conditions,
                grantControls: props.grantControls,
            }, { parent: this });
        };
        this.blockUnknownPlatforms = declare("block-unknown-platforms", blockUnknownPlatformsBody);
        this.requireCompliance = declare("require-compliance", requireComplianceBody);

        this.registerOutputs({ blockUnknownPlatforms: this.blockUnknownPlatforms, requireCompliance: this.requireCompliance });
    }
}
