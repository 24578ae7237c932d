// The parts of kql/*.kql that restate the package's model: the shared prelude (time window, the Token
// Protection definitions of evidence/definitions.ts, the protected resources of model/), the status-code
// table and the 1003 device hints. They sit between `// <generated:NAME>` markers in the .kql files, which
// stay readable and pasteable on their own; test/evidence/kql.spec.ts fails when a file drifts from what
// this module generates, and `npx ts-node evidence/kqlGenerated.ts --write` brings the files back in line.
import * as fs from "node:fs";
import * as path from "node:path";
import { deviceExclusionClause, UnsupportedDeviceKind } from "../model/deviceFilter";
import { AppIds, protectedAppNames } from "../model/conditionalAccess";
import { failedResults, notAppliedResults, resourceNameByDisplayName, signInTables, tokenProtectionControls } from "./definitions";
import { deviceNameHints, trustTypeLogValues } from "./deviceKinds";
import { statusCodeCheatSheet } from "./statusCodes";

export const kqlDirectory = path.join(__dirname, "..", "kql");

/** A KQL string literal. KQL's double-quoted strings take the same backslash escapes as JSON. */
const str = (value: string) => JSON.stringify(value);
const list = (values: readonly string[]) => `dynamic([${values.map(str).join(", ")}])`;

// Only the columns the queries read, so each table's projection has the same names and types on both sides
// of the union (a union of same-named columns of different types would suffix them).
function normalisedTable(table: string): string {
    return [
        `let ${table === "SigninLogs" ? "InteractiveSignIns" : "NonInteractiveSignIns"} = ${table}`,
        "    | where TimeGenerated between (StartTime .. EndTime)",
        `    | project TimeGenerated, Id, SignInTable = ${str(table)}, UserId, UserPrincipalName, AppDisplayName, ResourceIdentity, ResourceDisplayName,`,
        "        IPAddress, ResultType,",
        "        TokenProtection = todynamic(tostring(TokenProtectionStatusDetails)),",
        "        Policies = todynamic(tostring(ConditionalAccessPolicies)),",
        "        Device = todynamic(tostring(DeviceDetail));",
    ].join("\n");
}

function protectedResourceCase(): string {
    const byId = Object.values(AppIds).map((id) => `        ResourceIdentity =~ ${str(id)}, ${str(protectedAppNames[id])},`);
    const byName = [...resourceNameByDisplayName].map(([displayName, name]) => `        ResourceDisplayName == ${str(displayName)}, ${str(name)},`);
    return ["    | extend Resource = case(", ...byId, ...byName, '        "")'].join("\n");
}

export function preludeBlock(): string {
    return [
        "// The window, and which policies count as the Token Protection policy: an empty list means every policy",
        "// whose enforced session controls include the control (tp-rollout analyze --workspace fills these in).",
        "let StartTime = ago(14d);",
        "let EndTime = now();",
        "let TokenProtectionPolicyIds = dynamic([]);",
        "// SignInTokenProtection, and Binding before late June 2023.",
        `let TokenProtectionControls = ${list(tokenProtectionControls)};`,
        `let NotAppliedResults = ${list(notAppliedResults)};`,
        `let FailedResults = ${list(failedResults)};`,
        "let NamesTokenProtection = (controls: dynamic) { coalesce(array_length(set_intersect(controls, TokenProtectionControls)), 0) > 0 };",
        "// Each table normalised on its own: nested columns are dynamic in SigninLogs and JSON text in",
        "// AADNonInteractiveUserSignInLogs; todynamic(tostring()) reads both.",
        ...signInTables.map(normalisedTable),
        "// Every protected resource, by resource app ID first and display name second: Exchange Online,",
        "// SharePoint Online, Teams Services, Azure Virtual Desktop, Windows 365, Windows Cloud Login.",
        "let ScopedSignIns = union InteractiveSignIns, NonInteractiveSignIns",
        protectedResourceCase() + ";",
        "// One row per request (dedupe by Id), with the Token Protection status as recorded.",
        "let SignIns = materialize(ScopedSignIns",
        "    | where isnotempty(Resource) and isnotempty(Id)",
        "    | summarize arg_max(TimeGenerated, *) by Id",
        "    | extend UserKey = iff(isnotempty(UserId), UserId, tolower(UserPrincipalName)),",
        "        TokenProtectionStatus = tolower(tostring(TokenProtection.signInSessionStatus)),",
        "        StatusCode = toint(TokenProtection.signInSessionStatusCode),",
        '        Day = format_datetime(TimeGenerated, "yyyy-MM-dd"),',
        "        DeviceId = tostring(Device.deviceId), DeviceName = tostring(Device.displayName),",
        "        OperatingSystem = tostring(Device.operatingSystem), TrustType = tostring(Device.trustType)",
        "    | extend DeviceKey = iff(isnotempty(DeviceId), DeviceId, tolower(DeviceName)));",
        "// What the applied Token Protection policies did: Block (an enforced one not satisfied), WouldBlock",
        "// (a report-only one not satisfied), Allow (all satisfied), None (no Token Protection policy applied).",
        "let TokenProtectionOutcomes = SignIns",
        "    | mv-expand Policy = Policies",
        "    | extend PolicyResult = tostring(Policy.result)",
        "    | where NamesTokenProtection(Policy.enforcedSessionControls) and PolicyResult !in (NotAppliedResults)",
        "        and (array_length(TokenProtectionPolicyIds) == 0 or tostring(Policy.id) in~ (TokenProtectionPolicyIds))",
        "    | extend NotSatisfied = NamesTokenProtection(Policy.sessionControlsNotSatisfied) or PolicyResult in (FailedResults),",
        '        ReportOnly = PolicyResult startswith "reportOnly"',
        "    | summarize Blocks = countif(NotSatisfied and not(ReportOnly)), WouldBlocks = countif(NotSatisfied and ReportOnly) by Id;",
        "let Requests = SignIns",
        "    | join kind=leftouter TokenProtectionOutcomes on Id",
        "    | project-away Id1",
        '    | extend Outcome = case(Blocks > 0, "Block", WouldBlocks > 0, "WouldBlock", isnotnull(Blocks), "Allow", "None"),',
        '        IsBound = TokenProtectionStatus == "bound", IsUnbound = TokenProtectionStatus == "unbound";',
    ].join("\n");
}

export function statusCodesBlock(): string {
    const rows = statusCodeCheatSheet.map((e) => `    ${e.code}, ${str(e.meaning)}, ${str(e.likelyCause)}, ${str(e.action)},`);
    return ["let StatusCodes = datatable(StatusCode: int, Meaning: string, LikelyCause: string, Action: string) [", ...rows, "];"].join("\n");
}

export function deviceHintsBlock(): string {
    const trust = (t: "AzureAD" | "ServerAD" | "Workplace") => `        TrustType in~ (${trustTypeLogValues(t).map(str).join(", ")}), ${str(t)},`;
    const hints = deviceNameHints.map((h) => `        DeviceName startswith ${str(h.prefix)}, ${str(h.kind)},`);
    const kinds = [...new Set(deviceNameHints.map((h) => h.kind))] as UnsupportedDeviceKind[];
    const clauses = kinds.map((k) => `        TrustTypeNormalised == "AzureAD" and DeviceKindHint == ${str(k)}, ${str(deviceExclusionClause(k))},`);
    return [
        "| extend TrustTypeNormalised = case(",
        trust("AzureAD"),
        trust("ServerAD"),
        trust("Workplace"),
        '        "")',
        "| extend DeviceKindHint = case(",
        ...hints,
        '        "")',
        "| extend SuggestedExclusion = case(",
        ...clauses,
        '        "")',
    ].join("\n");
}

export const generatedBlocks: Readonly<Record<string, () => string>> = {
    prelude: preludeBlock,
    "status-codes": statusCodesBlock,
    "device-hints": deviceHintsBlock,
};

const blockPattern = /(\/\/ <generated:([a-z-]+)>\n)([\s\S]*?\n)?(\/\/ <\/generated:\2>)/g;

/** The file's text with every generated block replaced by what this module generates now. */
export function regenerate(text: string): string {
    return text.replace(blockPattern, (_all, open: string, name: string, _body: string | undefined, close: string) => {
        const generate = generatedBlocks[name];
        if (!generate) throw new Error(`unknown generated block "${name}"`);
        return open + generate() + "\n" + close;
    });
}

/** The generated blocks a file contains, as found in the file. */
export function generatedBlocksIn(text: string): { name: string; body: string }[] {
    return [...text.matchAll(blockPattern)].map((m) => ({ name: m[2], body: (m[3] ?? "").replace(/\n$/, "") }));
}

if (require.main === module && process.argv.includes("--write")) {
    // The evidence queries, and the workbook's charts in kql/workbook/.
    const files = fs.readdirSync(kqlDirectory, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".kql"));
    for (const file of files) {
        const full = path.join(kqlDirectory, file);
        const before = fs.readFileSync(full, "utf8");
        const after = regenerate(before);
        if (after !== before) {
            fs.writeFileSync(full, after);
            process.stdout.write(`regenerated ${file}\n`);
        }
    }
}
