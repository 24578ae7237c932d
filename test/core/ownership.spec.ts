// All three committed stacks target one tenant: every tenant object they declare must have exactly one
// owning stack, so `pulumi up` of all three never creates a policy, group or setting twice.
import assert from "node:assert/strict";
import { runProgram } from "../../cli/program";

/** The name each tenant- or subscription-level object carries in Entra or Azure. */
function tenantNameOf(type: string, inputs: Record<string, any>): string | undefined {
    switch (type) {
        case "pulumi-nodejs:dynamic/token-protection:ConditionalAccessPolicy":
            return `CA policy ${inputs.body.displayName}`;
        case "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy":
            return `CA policy ${inputs.displayName}`;
        case "azuread:index/group:Group":
            return `group ${inputs.displayName}`;
        case "azure-native:aadiam:DiagnosticSetting":
            return `diagnostic setting ${inputs.name}`;
        case "azure-native:operationalinsights:Workspace":
            return `workspace ${inputs.resourceGroupName}/${inputs.workspaceName}`;
        case "azure-native:applicationinsights:Workbook":
            return `workbook ${inputs.resourceGroupName}/${inputs.resourceName}`;
        default:
            return undefined;
    }
}

describe("ownership across the committed stacks", () => {
    it("declares every tenant object in exactly one stack", async () => {
        const owners = new Map<string, string[]>();
        for (const stack of ["report-only", "pilot", "expansion"]) {
            for (const resource of (await runProgram(stack)).resources) {
                const name = tenantNameOf(resource.type, resource.inputs);
                if (name) owners.set(name, [...(owners.get(name) ?? []), stack]);
            }
        }
        const shared = [...owners].filter(([, stacks]) => stacks.length > 1);
        assert.deepEqual(shared, []);
        assert.deepEqual([...owners].filter(([name]) => /^(diagnostic setting|workspace|workbook) /.test(name)), [
            ["workspace rg-identity-monitoring/law-entra-sign-ins", ["report-only"]],
            ["diagnostic setting tp-report-only-sign-in-logs", ["report-only"]],
            ["workbook rg-identity-monitoring/5c12095b-8be3-54da-b377-f02e2a5382ca", ["report-only"]],
        ]);
        assert.equal([...owners.keys()].filter((name) => name.startsWith("CA policy")).length, 10);
    });
});
