// The evidence workbook (Azure Monitor Workbooks, schema Notebook/1.0): the report-only soak's Bound /
// WouldBlock trend per day and per application, and the two tables an admin acts on, in the workspace's
// Workbooks gallery. Every query is a .kql file of the repo (kql/workbook/ for the charts, the saved searches
// for the tables) with its window bound to the workbook's time range picker, so the workbook, the saved
// searches and `analyze --workspace` count the same way.
import * as fs from "node:fs";
import * as path from "node:path";
import { EvidenceQueryId, queryDisplayName, readQueryText, withWorkbookTimeRange } from "./kqlCatalog";
import { kqlDirectory } from "./kqlGenerated";

export type WorkbookChartId = "trend" | "bound-share-by-app" | "wouldblock-by-app";
export const workbookChartIds: readonly WorkbookChartId[] = ["trend", "bound-share-by-app", "wouldblock-by-app"];

export const workbookKqlDirectory = path.join(kqlDirectory, "workbook");

export function readWorkbookQueryText(id: WorkbookChartId): string {
    return fs.readFileSync(path.join(workbookKqlDirectory, `${id}.kql`), "utf8");
}

/** The workbook's content as Azure stores it in `serializedData` (before fallbackResourceIds are added). */
export interface WorkbookContent {
    version: "Notebook/1.0";
    items: WorkbookItem[];
    $schema: string;
}

export type WorkbookItem =
    | { type: 1; name: string; content: { json: string } }
    | { type: 9; name: string; content: { version: "KqlParameterItem/1.0"; parameters: TimeRangeParameter[]; style: "pills"; queryType: 0; resourceType: string } }
    | { type: 3; name: string; customWidth?: string; content: QueryContent };

export type WorkbookQueryItem = Extract<WorkbookItem, { type: 3 }>;

interface TimeRangeParameter {
    id: string;
    version: "KqlParameterItem/1.0";
    name: string;
    label: string;
    type: 4;
    isRequired: true;
    value: { durationMs: number };
    typeSettings: { selectableValues: { durationMs: number }[]; allowCustom: true };
}

interface QueryContent {
    version: "KqlItem/1.0";
    query: string;
    size: 0;
    title: string;
    timeContextFromParameter: string;
    queryType: 0;
    resourceType: string;
    visualization: "timechart" | "table";
    noDataMessage: string;
}

const workspaceResourceType = "microsoft.operationalinsights/workspaces";
const day = 86_400_000;
const timeRange = "TimeRange";
/** Parameter ids must be unique and stable (the portal localises by them). */
const timeRangeParameterId = "8c1f5e0a-6f3d-4b7e-9a2c-3d4e5f6a7b8c";

function chart(id: WorkbookChartId, halfWidth: boolean): WorkbookItem {
    const text = readWorkbookQueryText(id);
    return {
        type: 3,
        name: id,
        ...(halfWidth ? { customWidth: "50" } : {}),
        content: queryContent(text, "timechart"),
    };
}

function table(id: EvidenceQueryId): WorkbookItem {
    return { type: 3, name: id, content: queryContent(readQueryText(id), "table") };
}

function queryContent(text: string, visualization: QueryContent["visualization"]): QueryContent {
    return {
        version: "KqlItem/1.0",
        query: withWorkbookTimeRange(text, timeRange),
        size: 0,
        title: queryDisplayName(text).replace(/^Token Protection: /, ""),
        timeContextFromParameter: timeRange,
        queryType: 0,
        resourceType: workspaceResourceType,
        visualization,
        noDataMessage: "No sign-in to a protected resource in this time range (are both sign-in categories flowing to this workspace?)",
    };
}

function header(stack: string): string {
    return [
        `## Token Protection rollout evidence: stack "${stack}"`,
        "Both sign-in tables, the six protected resources, one row per request (deduplicated by Id), the same definitions as `tp-rollout analyze`.",
        "**Bound**: the sign-in session is bound to the device. **WouldBlock**: a report-only Token Protection policy applied and was not satisfied, so enforcement would block the request. **Block**: an enforced one did.",
        "Before enforcing a wave, run `tp-rollout readiness <stack> --workspace <workspace-id>`: it checks this evidence item by item.",
    ].join("\n\n");
}

export function evidenceWorkbook(stack: string): WorkbookContent {
    return {
        version: "Notebook/1.0",
        items: [
            { type: 1, name: "header", content: { json: header(stack) } },
            {
                type: 9,
                name: "parameters",
                content: {
                    version: "KqlParameterItem/1.0",
                    parameters: [
                        {
                            id: timeRangeParameterId,
                            version: "KqlParameterItem/1.0",
                            name: timeRange,
                            label: "Time range",
                            type: 4,
                            isRequired: true,
                            // The guide's minimum report-only soak.
                            value: { durationMs: 14 * day },
                            typeSettings: { selectableValues: [1, 3, 7, 14, 30, 90].map((n) => ({ durationMs: n * day })), allowCustom: true },
                        },
                    ],
                    style: "pills",
                    queryType: 0,
                    resourceType: workspaceResourceType,
                },
            },
            chart("trend", false),
            chart("bound-share-by-app", true),
            chart("wouldblock-by-app", true),
            table("bound-wouldblock-by-app"),
            table("unbound-by-status-code"),
        ],
        $schema: "https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json",
    };
}
