// Microsoft's Kusto language service (@kusto/language-service-next, the Bridge.NET build of Kusto.Language)
// loaded once, with a database holding the two sign-in tables of test/support/signinLogSchema.ts, and a
// check that returns every diagnostic of a query, plus one the service does not raise itself: comparing a
// string with a number (Microsoft's sample `tostring(code) == 1003` parses, analyses clean, and never matches).
import { tableSchemas } from "./signinLogSchema";

// The Bridge.NET build exposes a global namespace with no usable typings, so it is typed loosely here.
require("@kusto/language-service-next/bridge.js");
require("@kusto/language-service-next");
const K: any = (globalThis as any).Kusto.Language;

function schemaText(columns: readonly [string, string][]): string {
    return `(${columns.map(([name, type]) => `${name}:${type}`).join(", ")})`;
}

const tables = Object.entries(tableSchemas).map(([name, columns]) => new K.Symbols.TableSymbol.$ctor7(name, schemaText(columns), null));
const globals = K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.$ctor3("workspace", null, tables, false));

export interface KqlDiagnostic {
    severity: string;
    code: string;
    message: string;
    /** The text the diagnostic points at. */
    at: string;
}

const comparisons = new Set(["==", "!=", "<", ">", "<=", ">="]);
const numericTypes = new Set(["long", "int", "real", "decimal"]);

export function kqlDiagnostics(query: string): KqlDiagnostic[] {
    const code = K.KustoCode.ParseAndAnalyze(query, globals);
    const found: KqlDiagnostic[] = [];
    const list = code.GetDiagnostics();
    for (let i = 0; i < list.Count; i++) {
        const d = list.getItem(i);
        found.push({ severity: String(d.Severity), code: d.Code, message: d.Message, at: query.substr(d.Start, Math.max(d.Length, 1)) });
    }
    code.Syntax.WalkNodes((node: any) => {
        if (!(node instanceof K.Syntax.BinaryExpression) || !comparisons.has(node.Operator.Text)) return;
        const left = node.Left.ResultType?.Name;
        const right = node.Right.ResultType?.Name;
        if ((left === "string" && numericTypes.has(right)) || (right === "string" && numericTypes.has(left))) {
            found.push({ severity: "Error", code: "TP001", message: `comparing ${left} with ${right} never matches`, at: node.toString().trim() });
        }
    });
    return found;
}

/** The output columns of a query, as the language service infers them: name and type. */
export function kqlResultColumns(query: string): [string, string][] {
    const code = K.KustoCode.ParseAndAnalyze(query, globals);
    const type = code.ResultType;
    if (!type || !type.Columns) return [];
    const columns: [string, string][] = [];
    for (let i = 0; i < type.Columns.Count; i++) {
        const column = type.Columns.getItem(i);
        columns.push([column.Name, column.Type.Name]);
    }
    return columns;
}
