import * as pulumi from "@pulumi/pulumi";
import { GraphConditionalAccessPolicy } from "../graph/resource";
import { WaveConfig } from "./config";
import { tokenProtectionAppleBody, tokenProtectionBody, WavePopulation } from "./policyBodies";

export interface TokenProtectionPolicyArgs {
    /** The wave's validated config: state, apps, platforms, device exclusions and break-glass set. */
    readonly wave: WaveConfig;
    /** Who the policy includes. */
    readonly population: pulumi.Input<WavePopulation>;
}

/**
 * The Token Protection policy for Windows and, with the Apple preview on, a separate report-only policy
 * for iOS and macOS. Both go through Graph beta: @pulumi/azuread has no `secureSignInSession`.
 */
export class TokenProtectionPolicy extends pulumi.ComponentResource {
    public readonly windows: GraphConditionalAccessPolicy;
    public readonly apple?: GraphConditionalAccessPolicy;

    constructor(name: string, args: TokenProtectionPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("token-protection:components:TokenProtectionPolicy", name, {}, opts);
        const population = pulumi.output(args.population);

        this.windows = new GraphConditionalAccessPolicy(`${name}-windows`, {
            body: population.apply((p) => tokenProtectionBody(args.wave, p)),
        }, { parent: this });

        if (args.wave.applePreview) {
            this.apple = new GraphConditionalAccessPolicy(`${name}-apple`, {
                body: population.apply((p) => tokenProtectionAppleBody(args.wave, p)),
            }, { parent: this });
        }

        this.registerOutputs({ windows: this.windows, apple: this.apple });
    }
}
