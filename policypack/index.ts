// The CrossGuard pack, and nothing else: constructing it starts the analyzer's gRPC server, so tests import
// the rules and crossguard.ts, never this file. Run with
// `pulumi preview --policy-pack policypack --policy-pack-config policypack/config/<wave>.json`.
import * as path from "path";
import { PolicyPack } from "@pulumi/policy";
import { crossGuardPolicies } from "./crossguard";

new PolicyPack("token-protection-rollout", {
    description: "Stops the Token Protection rollout traps (Office 365 group, browser clients, unsupported devices) and checks the pre-enforcement checklist.",
    enforcementLevel: "advisory",
    policies: crossGuardPolicies({ projectDir: path.resolve(__dirname, "..") }),
});
