// GitHub's own workflow parser (@actions/workflow-parser, the one behind the Actions language service), loaded
// into this CommonJS test run. The package is ESM-only and imports its JSON schema without an import
// attribute, which Node refuses; a load hook serves that one JSON file as a module instead.
import * as fs from "fs";
import Module from "module";
import * as path from "path";
import { fileURLToPath } from "url";
import { projectRoot } from "../../cli/program";

type Parser = typeof import("@actions/workflow-parser");

let parser: Parser | undefined;

/** Undefined when this Node has no synchronous module hooks (before 22.15); CI runs Node 24. */
export function loadWorkflowParser(): Parser | undefined {
    if (parser) {
        return parser;
    }
    const registerHooks = (Module as unknown as { registerHooks?: (hooks: object) => void }).registerHooks;
    if (!registerHooks) {
        return undefined;
    }
    registerHooks({
        load(url: string, context: unknown, next: (url: string, context: unknown) => unknown) {
            if (url.includes("@actions/workflow-parser") && url.endsWith(".min.json")) {
                return { format: "module", source: `export default ${fs.readFileSync(fileURLToPath(url), "utf8")};`, shortCircuit: true };
            }
            return next(url, context);
        },
    });
    parser = require(path.join(projectRoot, "node_modules", "@actions", "workflow-parser", "dist", "index.js")) as Parser;
    return parser;
}

/** Every error GitHub's parser and converter report for a workflow; local reusable workflows are read too. */
export async function workflowErrors(name: string, content: string, workflowsDir: string): Promise<string[]> {
    const wp = loadWorkflowParser()!;
    const parsed = wp.parseWorkflow({ name, content }, new wp.NoOperationTraceWriter());
    const errors = parsed.context.errors.getErrors().map((e) => e.message);
    if (!parsed.value) {
        return errors.length > 0 ? errors : [`${name}: nothing parsed`];
    }
    const fileProvider = {
        getFileContent: async (ref: { path: string; repository?: string }) => {
            if (ref.repository !== undefined) {
                throw new Error(`remote reusable workflow ${ref.path}`);
            }
            const file = path.join(workflowsDir, path.basename(ref.path));
            return { name: path.basename(file), content: fs.readFileSync(file, "utf8") };
        },
    };
    const template = await wp.convertWorkflowTemplate(parsed.context, parsed.value, fileProvider, { fetchReusableWorkflowDepth: 1 });
    return [...new Set([...errors, ...(template.errors ?? []).map((e) => e.Message)])];
}
