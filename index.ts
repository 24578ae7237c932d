// Composition root: read the stack's config once, declare the wave, export what operators look up.
import * as pulumi from "@pulumi/pulumi";
import { BreakGlass, CompanionPolicies, configKeys, parseWaveConfig, PilotGroups, SignInLogWorkspace, TokenProtectionPolicy } from "./components";
import { evidenceQueries } from "./evidence/kqlCatalog";
import { evidenceWorkbook } from "./evidence/workbook";

const config = new pulumi.Config();
const wave = parseWaveConfig(pulumi.getStack(), Object.fromEntries(configKeys.map((key) => [key, config.get(key)])));

const logs = wave.logAnalytics && new SignInLogWorkspace("sign-in-logs", {
    stack: wave.stack,
    resourceGroupName: wave.logAnalytics.resourceGroupName,
    location: wave.logAnalytics.location,
    workspaceName: wave.logAnalytics.workspaceName,
    retentionDays: wave.logAnalytics.retentionDays,
    includeServicePrincipalSignIns: wave.logAnalytics.includeServicePrincipalSignIns,
    includeManagedIdentitySignIns: wave.logAnalytics.includeManagedIdentitySignIns,
    savedQueries: evidenceQueries({ breakGlassUserIds: wave.breakGlassUserIds }),
    workbook: { displayName: `Token Protection rollout evidence (${wave.stack})`, content: evidenceWorkbook(wave.stack) },
});

new BreakGlass("break-glass", {
    userIds: wave.breakGlassUserIds,
    workspace: logs && wave.logAnalytics && {
        id: logs.workspace.id,
        resourceGroupName: wave.logAnalytics.resourceGroupName,
        location: wave.logAnalytics.location,
    },
    alertEmails: wave.logAnalytics?.alertEmails,
});

const population = new PilotGroups("wave-population", { stack: wave.stack, ...wave.scope });
const tokenProtection = new TokenProtectionPolicy("token-protection", { wave, population: population.population });
const companions = new CompanionPolicies("companions", { wave, population: population.population });

export const waveName = wave.wave;
export const enforcement = wave.enforcement;
export const tokenProtectionPolicyId = tokenProtection.windows.policyId;
export const tokenProtectionApplePolicyId = tokenProtection.apple?.policyId;
export const blockUnknownPlatformsPolicyId = companions.blockUnknownPlatforms.objectId;
export const requireCompliancePolicyId = companions.requireCompliance.objectId;
export const waveGroupId = population.group?.objectId;
export const workspaceId = logs?.workspace.customerId;
