// Runs the real Pulumi program (index.ts) for one stack under Pulumi's mocks: no CLI, no credentials, no
// network. It records every resource registration exactly as the engine would receive it (type, name,
// URN, parent, inputs, options), which `plan`, `check`, `diff` and the policy-pack tests all read.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { readProject, readStackConfig } from "../components/stackConfig";

export interface RecordedResource {
    type: string;
    name: string;
    urn: string;
    parent?: string;
    custom: boolean;
    /** Inputs as the engine receives them; values not known offline are readable placeholders. */
    inputs: Record<string, unknown>;
    options: {
        protect: boolean;
        ignoreChanges: string[];
        deleteBeforeReplace: boolean;
        dependencies: string[];
        additionalSecretOutputs: string[];
        aliases: string[];
    };
}

export interface ProgramRun {
    project: string;
    stack: string;
    resources: RecordedResource[];
    warnings: string[];
}

// Pulumi's own "drain the RPC queue" (used by `disconnect`); marked internal, so not in the typings.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };

export const projectRoot = path.resolve(__dirname, "..");

/** Placeholder for a value only a real deployment knows. Readable, so plans and diffs stay legible. */
function placeholder(what: string, name: string): string {
    return `<${what} of ${name}>`;
}

/** What the mocked engine answers for each resource: its inputs plus the outputs the program reads. */
function mockState(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, unknown> } {
    switch (type) {
        case "azuread:index/group:Group":
            return { id: placeholder("id", `group "${inputs.displayName}"`), state: { ...inputs, objectId: placeholder("id", `group "${inputs.displayName}"`) } };
        case "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy":
            return { id: placeholder("id", `policy "${inputs.displayName}"`), state: { ...inputs, objectId: placeholder("id", `policy "${inputs.displayName}"`) } };
        case "pulumi-nodejs:dynamic/token-protection:ConditionalAccessPolicy": {
            const displayName = (inputs.body as { displayName?: string } | undefined)?.displayName ?? name;
            return { id: placeholder("id", `policy "${displayName}"`), state: { ...inputs, policyId: placeholder("id", `policy "${displayName}"`) } };
        }
        case "azure-native:operationalinsights:Workspace": {
            const workspaceName = inputs.workspaceName ?? name;
            const id = `/subscriptions/<subscription-id>/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/${workspaceName}`;
            return { id, state: { ...inputs, name: workspaceName, customerId: placeholder("customer id", `workspace ${workspaceName}`) } };
        }
        default:
            return { id: placeholder("id", name), state: { ...inputs, id: placeholder("id", name) } };
    }
}

let running = false;

/**
 * Runs index.ts for `stack` with the stack's committed config (or `config`, when given) and returns what
 * it registered. Runs are serialised: Pulumi's runtime state is process-wide.
 */
export async function runProgram(
    stack: string,
    options: { projectDir?: string; config?: Record<string, string>; record?: RecordedResource[] } = {},
): Promise<ProgramRun> {
    if (running) {
        throw new Error("runProgram is already running in this process");
    }
    const projectDir = options.projectDir ?? projectRoot;
    // Read the config before taking the lock: a bad stack name must not leave the harness locked.
    const project = readProject(projectDir);
    const config = options.config ?? readStackConfig(project, stack);
    running = true;
    // Callers may pass their own list to see what was registered even when the program fails.
    const resources: RecordedResource[] = options.record ?? [];
    const warnings: string[] = [];
    const failures: unknown[] = [];
    const onRejection = (err: unknown) => failures.push(err);
    const originalWarn = console.warn;
    process.on("unhandledRejection", onRejection);
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(" ").replace(/^warning: \[runtime\] /, ""));
    try {
        await pulumi.runtime.setMocks({
            newResource: (args) => mockState(args.type, args.name, args.inputs),
            call: (args) => args.inputs,
        }, project.projectName, stack, false);
        pulumi.runtime.setAllConfig(config);
        recordRegistrations(resources);
        loadProgramFresh(projectDir);
        await waitForRPCs();
        if (failures.length > 0) {
            throw failures[0];
        }
        return { project: project.projectName, stack, resources, warnings };
    } finally {
        process.off("unhandledRejection", onRejection);
        console.warn = originalWarn;
        running = false;
    }
}

/** Wraps the mock monitor's RegisterResource so every request is recorded with its options. */
function recordRegistrations(resources: RecordedResource[]): void {
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource: (req: any, callback: (err: unknown, resp: any) => void) => void;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        register(req, (err, resp) => {
            if (!err && resp) {
                resources.push(recordedResource(req, resp.getUrn()));
            }
            callback(err, resp);
        });
    };
}

function recordedResource(req: any, urn: string): RecordedResource {
    const inputs = pulumi.runtime.deserializeProperties(req.getObject()) as Record<string, unknown>;
    return {
        type: req.getType(),
        name: req.getName(),
        urn,
        parent: req.getParent() || undefined,
        custom: req.getCustom(),
        inputs,
        options: {
            protect: Boolean(req.getProtect?.()),
            ignoreChanges: req.getIgnorechangesList?.() ?? [],
            deleteBeforeReplace: Boolean(req.getDeletebeforereplace?.()),
            dependencies: req.getDependenciesList?.() ?? [],
            additionalSecretOutputs: req.getAdditionalsecretoutputsList?.() ?? [],
            aliases: (req.getAliasesList?.() ?? []).map((alias: any) => alias.getUrn?.() ?? "").filter(Boolean),
        },
    };
}

/** Requires index.ts afresh, so each run reads its own stack's config (components hold no state). */
function loadProgramFresh(projectDir: string): void {
    const entry = require.resolve(path.join(projectDir, "index.ts"));
    delete require.cache[entry];
    require(entry);
}
