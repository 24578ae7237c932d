// `rollback --direct`: when the Pulumi backend is out of reach, the wave's policies go back to report-only
// straight through Graph, with the same client the Pulumi resource uses (graph/client.ts). The policies
// are found by the display names the package generates, so no Pulumi state is needed; only enforced
// policies are touched, and only their `state`.
import type { ConditionalAccessClient } from "../../graph/client";
import { policyDisplayName, policyKinds, stateLabel } from "../../model/conditionalAccess";
import { policiesPath } from "../../graph/client";

export type DirectGraphClient = Pick<ConditionalAccessClient, "listPolicies" | "patchPolicy">;

const reportOnly = "enabledForReportingButNotEnforced";

/** The requests `--direct` sends, for `--dry-run`. */
export function directPatchPlan(stack: string): string[] {
    return [
        `GET ${policiesPath} (all pages; the wave's policies are found by display name)`,
        ...policyKinds.map((kind) => `PATCH ${policiesPath}/<id of "${policyDisplayName(stack, kind)}"> {"state":"${reportOnly}"}, if that policy exists and is enforced`),
    ];
}

export async function directRollback(stack: string, client: DirectGraphClient, say: (...lines: string[]) => void): Promise<boolean> {
    say("", `Finding the wave's policies in Graph (GET ${policiesPath})...`);
    let policies: Awaited<ReturnType<DirectGraphClient["listPolicies"]>>;
    try {
        policies = await client.listPolicies();
    } catch (err) {
        say(`Graph could not list the policies: ${(err as Error).message}`, "Nothing was changed in the tenant.");
        return false;
    }
    const lines: string[] = [];
    let failures = 0;
    // Every kind, not only the plan's: an enforced policy of this wave left in the tenant is what hurts.
    for (const kind of policyKinds) {
        const displayName = policyDisplayName(stack, kind);
        const matches = policies.filter((p) => p.displayName === displayName);
        if (matches.length === 0) {
            lines.push(`  ${displayName}: not in the tenant`);
        }
        for (const policy of matches) {
            const state = policy.state ?? "unknown";
            if (state !== "enabled") {
                lines.push(`  ${displayName} (${policy.id}): ${stateLabel(state)}, left as it is`);
                continue;
            }
            try {
                await client.patchPolicy(policy.id, { state: reportOnly }, { displayName });
                lines.push(`  ${displayName} (${policy.id}): enforced -> report-only`);
            } catch (err) {
                failures++;
                lines.push(`  ${displayName} (${policy.id}): still enforced, the PATCH failed: ${(err as Error).message}`);
            }
        }
    }
    say("Graph:", ...lines);
    if (failures > 0) {
        say("", `${failures} polic${failures === 1 ? "y is" : "ies are"} still enforced; run the command again, or set them to report-only in the Entra admin center.`);
    }
    say("", "Pulumi's state still records the old states. When the backend is reachable again, run from the project directory:",
        `  pulumi refresh --stack ${stack} --yes`,
        "so the state matches the tenant; with the stack file change committed, the next `pulumi up` then changes nothing for these policies.");
    return failures === 0;
}
