import { tpSignInLogsExported } from "../../policypack/rules/tpSignInLogsExported";
import { assertNotApplicable, assertViolations, runStackPolicy, StackResourceFixture, unknown } from "../support/analyzerArgs";
import { context, crossGuardStackOf, mutate } from "./fixtures";

const requirement = "The stack that owns the sign-in log workspace must ship SignInLogs and NonInteractiveUserSignInLogs to it: the portal keeps 30 days, and the non-interactive log carries the silent token refreshes";
const fix = "Fix: set token-protection:logAnalytics in this stack so the package declares the tenant's diagnostic setting with both categories.";
const retention = (observed: string, days = 14) => `sign-in-logs-workspace: The sign-in log tables must keep at least ${days} days, the length of the report-only soak, but ${observed}. Fix: set token-protection:logAnalytics.retentionDays to at least ${days}.`;

const workspace = (retentionInDays?: number): StackResourceFixture => ({
    type: "azure-native:operationalinsights:Workspace",
    name: "sign-in-logs-workspace",
    props: { resourceGroupName: "rg-identity-monitoring", location: "westeurope", workspaceName: "law-entra-sign-ins", sku: { name: "PerGB2018" }, retentionInDays },
});
const table = (tableName: string, retentionInDays?: number): StackResourceFixture => ({
    type: "azure-native:operationalinsights:Table",
    name: `sign-in-logs-${tableName}`,
    props: { resourceGroupName: "rg-identity-monitoring", workspaceName: "law-entra-sign-ins", tableName, retentionInDays, totalRetentionInDays: retentionInDays },
});
const setting = (logs: unknown = [{ category: "SignInLogs", enabled: true }, { category: "NonInteractiveUserSignInLogs", enabled: true }]): StackResourceFixture => ({
    type: "azure-native:aadiam:DiagnosticSetting",
    name: "sign-in-logs-diagnostic-setting",
    props: { name: "tp-report-only-sign-in-logs", workspaceId: "/subscriptions/0/resourceGroups/rg-identity-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-entra-sign-ins", logs },
});
const owner = () => [workspace(90), table("SigninLogs", 90), table("AADNonInteractiveUserSignInLogs", 90), setting()];

describe("tp-sign-in-logs-exported", () => {
    const ownerContext = context({ wave: "report-only", enforcement: "reportOnly", reportOnlySince: undefined, logAnalytics: { resourceGroupName: "rg-identity-monitoring", location: "westeurope", retentionDays: 90 } });
    const policy = crossGuardStackOf(tpSignInLogsExported, ownerContext);
    const run = (resources: StackResourceFixture[], config: Record<string, unknown> = {}) => runStackPolicy(policy, resources, { config, stack: "report-only" });

    it("passes the workspace owner's resources as the package declares them", async () => {
        assertViolations(await run(owner()), []);
    });

    it("fails when NonInteractiveUserSignInLogs is not shipped", async () => {
        const resources = mutate(owner(), (r) => r[3].props.logs.pop());
        assertViolations(await run(resources), [`sign-in-logs-diagnostic-setting: ${requirement}, but diagnostic setting "tp-report-only-sign-in-logs" does not enable NonInteractiveUserSignInLogs. ${fix}`]);
    });

    it("fails when a category is listed but disabled", async () => {
        const resources = mutate(owner(), (r) => (r[3].props.logs[0].enabled = false));
        assertViolations(await run(resources), [`sign-in-logs-diagnostic-setting: ${requirement}, but diagnostic setting "tp-report-only-sign-in-logs" does not enable SignInLogs. ${fix}`]);
    });

    it("fails when the diagnostic setting names no workspace", async () => {
        const resources = mutate(owner(), (r) => delete r[3].props.workspaceId);
        assertViolations(await run(resources), [`sign-in-logs-diagnostic-setting: ${requirement}, but diagnostic setting "tp-report-only-sign-in-logs" sends them to no Log Analytics workspace. ${fix}`]);
    });

    it("fails when the workspace's stack declares no diagnostic setting", async () => {
        assertViolations(await run(owner().slice(0, 3)), [`${requirement}, but the stack declares no Entra diagnostic setting. ${fix}`]);
    });

    it("fails when the stack config owns the workspace but declares none of it", async () => {
        assertViolations(await run([]), [`${requirement}, but the stack declares no Entra diagnostic setting. ${fix}`]);
    });

    it("fails when the tables keep fewer days than the soak", async () => {
        const resources = [workspace(90), table("SigninLogs", 7), table("AADNonInteractiveUserSignInLogs", 7), setting()];
        assertViolations(await run(resources), [retention("SigninLogs keeps 7 days and AADNonInteractiveUserSignInLogs keeps 7 days")]);
    });

    it("reads a table's retention from the workspace when the table sets none", async () => {
        const resources = [workspace(20), table("SigninLogs"), table("AADNonInteractiveUserSignInLogs", 90), setting()];
        assertViolations(await run(resources, { soakDays: 28 }), [retention("SigninLogs keeps 20 days", 28)]);
    });

    it("counts Log Analytics' 30-day default when nothing sets a retention", async () => {
        assertViolations(await run([workspace(), setting()], { soakDays: 45 }), [retention("SigninLogs keeps 30 days and AADNonInteractiveUserSignInLogs keeps 30 days", 45)]);
    });

    it("reports nothing while the shipped categories are unknown (preview)", async () => {
        assertViolations(await run(mutate(owner(), (r) => (r[3].props.logs = unknown))), []);
        assertViolations(await run(mutate(owner(), (r) => (r[3].props.workspaceId = unknown))), []);
    });

    it("does not apply to a stack that does not own the workspace", async () => {
        assertNotApplicable(await runStackPolicy(crossGuardStackOf(tpSignInLogsExported, context()), []), "the stack does not own the sign-in log workspace");
    });
});
