// The evidence workbook (Azure Monitor Workbooks, schema Notebook/1.0): the report-only soak's Bound /
// WouldBlock trend per day and per application, and the tables an admin checks and acts on, in the workspace's
// Workbooks gallery. Every query is a .kql file of the repo (kql/workbook/ for the charts, the saved searches
// for the tables) with its window bound to the workbook's time range picker, so the workbook, the saved
// searches and `analyze --workspace` count the same way.
import { EvidenceQueryId, queryDisplayName, readKql, readQueryText, withWorkbookTimeRange } from "./kqlCatalog";

export type WorkbookChartId = "trend" | "bound-share-by-app" | "wouldblock-by-app";
export const workbookChartIds: readonly WorkbookChartId[] = ["trend", "bound-share-by-app", "wouldblock-by-app"];

export function readWorkbookQueryText(id: WorkbookChartId): string {
    return readKql(`workbook/${id}`);
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

// What an empty result means differs by item: no traffic at all, or (WouldBlock, unbound, 1003) the good news.
const noSignIns = "No sign-in to a protected resource in this time range: check that both sign-in categories reach this workspace.";

function chart(id: WorkbookChartId, halfWidth: boolean, noDataMessage: string): WorkbookItem {
    return {
        type: 3,
        name: id,
        ...(halfWidth ? { customWidth: "50" } : {}),
        content: queryContent(readWorkbookQueryText(id), "timechart", noDataMessage),
    };
}

function table(id: EvidenceQueryId, noDataMessage: string): WorkbookItem {
    return { type: 3, name: id, content: queryContent(readQueryText(id), "table", noDataMessage) };
}

function queryContent(text: string, visualization: QueryContent["visualization"], noDataMessage: string): QueryContent {
    const title = queryDisplayName(text).replace(/^Token Protection: /, "");
    return {
        version: "KqlItem/1.0",
        query: withWorkbookTimeRange(text, timeRange),
        size: 0,
        title: title.charAt(0).toUpperCase() + title.slice(1),
        timeContextFromParameter: timeRange,
        queryType: 0,
        resourceType: workspaceResourceType,
        visualization,
        noDataMessage,
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
            chart("trend", false, noSignIns),
            chart("bound-share-by-app", true, noSignIns),
            chart("wouldblock-by-app", true, "No WouldBlock request in this time range: no applied Token Protection policy went unsatisfied."),
            table("coverage", noSignIns),
            table("bound-wouldblock-by-app", noSignIns),
            table("unbound-by-status-code", "No unbound request in this time range: every request to a protected resource was bound or carried no status."),
            table("devices-behind-1003", "No request with status code 1003 in this time range: no device needs an exclusion or a new registration."),
        ],
        $schema: "https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json",
    };
}
