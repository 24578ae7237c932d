// The evidence workbook: its exact layout, that every query is a .kql file of the repo bound to the time
// range picker, that each query is clean in Microsoft's Kusto language service once the portal has filled
// the picker in, that each chart gets the columns its visualisation plots, and the Workbook resource the
// report-only stack registers. Only a real portal can show that it renders as intended.
import assert from "node:assert/strict";
import { runProgram } from "../../cli/program";
import { workbookResourceName } from "../../components/signInLogWorkspace";
import { readQueryText, withWorkbookTimeRange } from "../../evidence/kqlCatalog";
import { generatedBlocks, generatedBlocksIn } from "../../evidence/kqlGenerated";
import { evidenceWorkbook, readWorkbookQueryText, workbookChartIds, WorkbookQueryItem } from "../../evidence/workbook";
import { kqlDiagnostics, kqlResultColumns } from "../support/signinKusto";

/** What the portal puts in for the picker's start and end: KQL datetime literals. */
function filledByPortal(query: string): string {
    return query.replace("{TimeRange:start}", "datetime(2026-03-01T00:00:00.000Z)").replace("{TimeRange:end}", "datetime(2026-03-15T00:00:00.000Z)");
}

const queryItems = () => evidenceWorkbook("report-only").items.filter((i): i is WorkbookQueryItem => i.type === 3);

describe("evidence workbook", () => {
    it("lays out the header, the time range picker, three charts and four tables", () => {
        const workbook = evidenceWorkbook("pilot");
        assert.equal(workbook.version, "Notebook/1.0");
        assert.deepEqual(workbook.items.map((i) => [i.type, i.name, "customWidth" in i ? i.customWidth : undefined]), [
            [1, "header", undefined],
            [9, "parameters", undefined],
            [3, "trend", undefined],
            [3, "bound-share-by-app", "50"],
            [3, "wouldblock-by-app", "50"],
            [3, "coverage", undefined],
            [3, "bound-wouldblock-by-app", undefined],
            [3, "unbound-by-status-code", undefined],
            [3, "devices-behind-1003", undefined],
        ]);
        assert.match((workbook.items[0] as { content: { json: string } }).content.json, /^## Token Protection rollout evidence: stack "pilot"\n/);
        assert.deepEqual(queryItems().map((i) => [i.content.title, i.content.visualization]), [
            ["Bound, Unbound, WouldBlock and Block requests per day", "timechart"],
            ["Share of Bound requests per application and day (the ten busiest applications)", "timechart"],
            ["WouldBlock requests per application and day (the ten applications with the most)", "timechart"],
            ["What the evidence covers, per sign-in table", "table"],
            ["Bound vs WouldBlock per application and resource", "table"],
            ["Unbound requests by status code, with meaning, likely cause and action", "table"],
            ["The devices behind status code 1003, what they probably are, and the filter that excludes them", "table"],
        ]);
        // An empty WouldBlock chart or unbound table is the goal of the soak, not a logging problem.
        const noTraffic = "No sign-in to a protected resource in this time range: check that both sign-in categories reach this workspace.";
        assert.deepEqual(queryItems().map((i) => i.content.noDataMessage), [
            noTraffic,
            noTraffic,
            "No WouldBlock request in this time range: no applied Token Protection policy went unsatisfied.",
            noTraffic,
            noTraffic,
            "No unbound request in this time range: every request to a protected resource was bound or carried no status.",
            "No request with status code 1003 in this time range: no device needs an exclusion or a new registration.",
        ]);
    });

    it("has one required time range picker, 14 days by default, that every query is bound to", () => {
        const parameters = evidenceWorkbook("report-only").items[1] as { content: { parameters: { name: string; type: number; isRequired: boolean; value: { durationMs: number }; typeSettings: { selectableValues: { durationMs: number }[] } }[] } };
        const [picker] = parameters.content.parameters;
        assert.equal(parameters.content.parameters.length, 1);
        assert.deepEqual([picker.name, picker.type, picker.isRequired, picker.value.durationMs / 86_400_000], ["TimeRange", 4, true, 14]);
        assert.deepEqual(picker.typeSettings.selectableValues.map((v) => v.durationMs / 86_400_000), [1, 3, 7, 14, 30, 90]);
        for (const item of queryItems()) {
            assert.equal(item.content.timeContextFromParameter, "TimeRange", item.name);
            assert.deepEqual(item.content.query.match(/\{[A-Za-z]+(:[a-z]+)?\}/g), ["{TimeRange:start}", "{TimeRange:end}"], `${item.name}: the only placeholders`);
        }
    });

    it("runs the repo's .kql files with their window bound to the picker, nothing else changed", () => {
        const files: Record<string, string> = {
            trend: readWorkbookQueryText("trend"),
            "bound-share-by-app": readWorkbookQueryText("bound-share-by-app"),
            "wouldblock-by-app": readWorkbookQueryText("wouldblock-by-app"),
            coverage: readQueryText("coverage"),
            "bound-wouldblock-by-app": readQueryText("bound-wouldblock-by-app"),
            "unbound-by-status-code": readQueryText("unbound-by-status-code"),
            "devices-behind-1003": readQueryText("devices-behind-1003"),
        };
        for (const item of queryItems()) {
            const expected = files[item.name].replace("let StartTime = ago(14d);", "let StartTime = {TimeRange:start};").replace("let EndTime = now();", "let EndTime = {TimeRange:end};");
            assert.notEqual(expected, files[item.name]);
            assert.equal(item.content.query, expected, item.name);
        }
        assert.throws(() => withWorkbookTimeRange("SigninLogs | take 1"), /no "let StartTime = \.\.\.;" line/);
    });

    for (const id of workbookChartIds) {
        it(`${id}: zero diagnostics against both tables, as saved and as the portal runs it; its generated blocks are current`, () => {
            const text = readWorkbookQueryText(id);
            assert.deepEqual(kqlDiagnostics(text), []);
            assert.deepEqual(kqlDiagnostics(filledByPortal(withWorkbookTimeRange(text))), []);
            const blocks = generatedBlocksIn(text);
            assert.deepEqual(blocks.map((b) => b.name), ["prelude"]);
            assert.equal(blocks[0].body, generatedBlocks.prelude(), `kql/workbook/${id}.kql drifted: run npx ts-node evidence/kqlGenerated.ts --write`);
        });
    }

    it("each chart returns the time axis and the series its time chart plots", () => {
        const columns = (id: (typeof workbookChartIds)[number]) => kqlResultColumns(filledByPortal(withWorkbookTimeRange(readWorkbookQueryText(id))));
        // make-series: one array per series and the array of days (every day of the window, zero-filled).
        assert.deepEqual(columns("trend"), [["Bound", "dynamic"], ["Unbound", "dynamic"], ["WouldBlock", "dynamic"], ["Block", "dynamic"], ["TimeGenerated", "dynamic"]]);
        assert.deepEqual(columns("wouldblock-by-app"), [["App", "string"], ["WouldBlock", "dynamic"], ["TimeGenerated", "dynamic"]]);
        assert.deepEqual(columns("bound-share-by-app"), [["TimeGenerated", "datetime"], ["App", "string"], ["PctBound", "real"]]);
        for (const item of queryItems().filter((i) => i.content.visualization === "table")) {
            assert.deepEqual(kqlDiagnostics(filledByPortal(item.content.query)), [], item.name);
        }
    });

    it("a broken chart query is caught", () => {
        const broken = readWorkbookQueryText("trend").replace("countif(IsBound)", "countif(IsBund)");
        assert.deepEqual(kqlDiagnostics(broken).map((d) => [d.code, d.at]), [["KS107", "IsBund"], ["KS142", "IsBund"]]);
    });

    it("report-only registers the workbook in the workspace's gallery, under a stable GUID", async () => {
        const run = await runProgram("report-only");
        const workbooks = run.resources.filter((r) => r.type === "azure-native:applicationinsights:Workbook");
        assert.equal(workbooks.length, 1);
        const { serializedData, ...inputs } = workbooks[0].inputs as Record<string, unknown> & { serializedData: string };
        const workspaceId = "/subscriptions/<subscription-id>/resourcegroups/rg-identity-monitoring/providers/microsoft.operationalinsights/workspaces/law-entra-sign-ins";
        assert.deepEqual(inputs, {
            resourceGroupName: "rg-identity-monitoring",
            location: "westeurope",
            // Python's uuid.uuid5(UUID("2f4c9e1a-7b3d-4e6f-8a1c-5d2e3f4a6b7c"), "report-only/sign-in-logs") agrees.
            resourceName: "5c12095b-8be3-54da-b377-f02e2a5382ca",
            kind: "shared",
            category: "workbook",
            displayName: "Token Protection rollout evidence (report-only)",
            sourceId: workspaceId,
            version: "Notebook/1.0",
        });
        assert.equal(workbookResourceName("report-only", "sign-in-logs"), inputs.resourceName);
        assert.notEqual(workbookResourceName("pilot", "sign-in-logs"), inputs.resourceName);
        assert.deepEqual(JSON.parse(serializedData), { ...evidenceWorkbook("report-only"), fallbackResourceIds: [workspaceId] });
        assert.equal(workbooks[0].parent, run.resources.find((r) => r.type === "token-protection:components:SignInLogWorkspace")!.urn);
    });
});
