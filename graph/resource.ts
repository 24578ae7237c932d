// A Conditional Access policy managed through Microsoft Graph beta, the only surface that carries the
// Token Protection session control (`sessionControls.secureSignInSession`). No Pulumi provider exposes it:
// @pulumi/azuread is built on Graph v1.0.
import * as pulumi from "@pulumi/pulumi";
import { CaPolicyBody } from "../model/conditionalAccess";

/** The custom type token the policy pack keys on: `pulumi-nodejs:dynamic/token-protection:ConditionalAccessPolicy`. */
export const graphPolicyModule = "token-protection";
export const graphPolicyTypeName = "ConditionalAccessPolicy";
export const graphPolicyType = `pulumi-nodejs:dynamic/${graphPolicyModule}:${graphPolicyTypeName}`;

/**
 * A value whose every level may be a `pulumi.Input`: a body can mix plain values with outputs of other
 * resources (say, `includeGroups: [group.objectId]`), and Pulumi resolves them all before the provider runs.
 */
export type DeepInput<T> = pulumi.Input<
    T extends (infer Item)[] ? DeepInput<Item>[] : T extends object ? { [K in keyof T]: DeepInput<T[K]> } : T
>;

export interface GraphConditionalAccessPolicyArgs {
    /** The policy in its Graph beta JSON shape (typed after `ConditionalAccessPolicy` of @microsoft/microsoft-graph-types-beta). */
    readonly body: DeepInput<CaPolicyBody>;
}

// The absolute location of this file when the program ran; captured by value into the serialized provider.
const implementationDir = __dirname;

/**
 * Loads the provider implementation at call time instead of serializing it into state. Pulumi runs
 * dynamic providers in the project directory, so the current code is used for every operation (provider
 * changes apply without touching inputs, pulumi/pulumi#6490), the state holds a few lines rather than the
 * Graph client, and every policy shares one client and therefore one request pacer per process.
 */
function loadImplementation(): pulumi.dynamic.ResourceProvider {
    const path = require("path");
    const fs = require("fs");
    const candidates = [path.join(process.cwd(), "graph"), implementationDir];
    const dir = candidates.find((d: string) => fs.existsSync(path.join(d, "provider.ts")) || fs.existsSync(path.join(d, "provider.js")));
    if (!dir) {
        throw new Error(`token-protection: cannot find graph/provider.ts under ${candidates.join(" or ")}; run Pulumi from the project directory`);
    }
    if (!fs.existsSync(path.join(dir, "provider.js")) && !require.extensions[".ts"]) {
        // The dynamic provider host is plain Node.js; the program's TypeScript needs ts-node here too.
        require("ts-node").register({ transpileOnly: true, project: path.join(dir, "..", "tsconfig.json") });
    }
    return require(path.join(dir, "provider")).conditionalAccessPolicyProvider;
}

const shim: pulumi.dynamic.ResourceProvider = {
    check: (olds, news) => loadImplementation().check!(olds, news),
    diff: (id, olds, news) => loadImplementation().diff!(id, olds, news),
    create: (inputs) => loadImplementation().create(inputs),
    read: (id, props) => loadImplementation().read!(id, props),
    update: (id, olds, news) => loadImplementation().update!(id, olds, news),
    delete: (id, props) => loadImplementation().delete!(id, props),
};

/** One Conditional Access policy, created, read, diffed, updated and deleted through Graph beta. */
export class GraphConditionalAccessPolicy extends pulumi.dynamic.Resource {
    /** The policy's object ID in Entra. */
    declare public readonly policyId: pulumi.Output<string>;
    /** The policy as Graph holds it, in canonical form (see model/normalize.ts). */
    declare public readonly body: pulumi.Output<CaPolicyBody>;

    constructor(name: string, args: GraphConditionalAccessPolicyArgs, opts?: pulumi.CustomResourceOptions) {
        super(shim, name, { body: args.body, policyId: undefined }, opts, graphPolicyModule, graphPolicyTypeName);
    }
}
