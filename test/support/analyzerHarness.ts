// Serves policypack/ the way the Pulumi CLI does and talks to it over gRPC, with no Pulumi CLI installed.
//
// The CLI starts the `pulumi-analyzer-policy` shim with the pack directory as working directory and the
// arguments `<engine-address> .`; the shim runs `node <require.resolve("@pulumi/pulumi/cmd/run-policy-pack")>`
// with them. run-policy-pack registers ts-node (type checking on, ./tsconfig.json), requires the pack,
// and the PolicyPack prints the port of its Analyzer service on stdout. The CLI then calls Handshake,
// GetAnalyzerInfo, Configure (pack config reconciled with the policies' defaults), ConfigureStack,
// Analyze per resource and AnalyzeStack. This harness does the same, against a fake Engine service that
// records any log call back.
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as structPb from "google-protobuf/google/protobuf/struct_pb";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import type { RecordedResource } from "../../cli/program";

// The gRPC library the proto stubs were generated against: @pulumi/pulumi's own dependency.
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [require.resolve("@pulumi/pulumi")] })) as typeof import("@grpc/grpc-js");

export const repoRoot = path.resolve(__dirname, "..", "..");
export const packDir = path.join(repoRoot, "policypack");

/** The engine's wire encoding of values it does not know yet, and of secrets (sdk/go/common/resource/plugin/rpc.go). */
export const unknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const secretSig = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

export function secret(value: unknown): Record<string, unknown> {
    return { ...secretSig, value };
}

const levelNames: Record<number, string> = {
    [analyzerPb.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerPb.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerPb.EnforcementLevel.DISABLED]: "disabled",
    [analyzerPb.EnforcementLevel.REMEDIATE]: "remediate",
};
const levelValues: Record<string, analyzerPb.EnforcementLevel> = {
    advisory: analyzerPb.EnforcementLevel.ADVISORY,
    mandatory: analyzerPb.EnforcementLevel.MANDATORY,
    disabled: analyzerPb.EnforcementLevel.DISABLED,
    remediate: analyzerPb.EnforcementLevel.REMEDIATE,
};

export interface Diagnostic {
    policyName: string;
    enforcementLevel: string;
    message: string;
    urn: string;
}

/** A resource as the engine sends it: recorded by runProgram, props possibly edited by a test. */
export interface EngineResource extends Pick<RecordedResource, "type" | "name" | "urn" | "parent" | "options"> {
    props: Record<string, unknown>;
}

export function engineResource(recorded: RecordedResource): EngineResource {
    const props = JSON.parse(JSON.stringify(recorded.inputs)) as Record<string, unknown>;
    // The dynamic provider's serialized code travels as a secret; the pack must ignore it.
    if (typeof props.__provider === "string") {
        props.__provider = secret(props.__provider);
    }
    return { type: recorded.type, name: recorded.name, urn: recorded.urn, parent: recorded.parent, options: recorded.options, props };
}

function struct(props: Record<string, unknown>): structPb.Struct {
    // Struct cannot carry undefined; the engine leaves such properties out too.
    return structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
}

function options(resource: EngineResource): analyzerPb.AnalyzerResourceOptions {
    const timeouts = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
    return new analyzerPb.AnalyzerResourceOptions()
        .setProtect(resource.options.protect)
        .setIgnorechangesList(resource.options.ignoreChanges)
        .setDeletebeforereplace(resource.options.deleteBeforeReplace)
        .setDeletebeforereplacedefined(false)
        .setAdditionalsecretoutputsList(resource.options.additionalSecretOutputs)
        .setAliasesList(resource.options.aliases)
        .setCustomtimeouts(timeouts)
        .setParent(resource.parent ?? "");
}

function diagnosticsOf(response: analyzerPb.AnalyzeResponse): Diagnostic[] {
    return response.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        enforcementLevel: levelNames[d.getEnforcementlevel()],
        message: d.getMessage(),
        urn: d.getUrn(),
    }));
}

function call<Req, Res>(client: analyzerGrpc.AnalyzerClient, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        (client as unknown as Record<string, (r: Req, cb: (err: Error | null, res: Res) => void) => void>)[method](request, (err, res) => (err ? reject(err) : resolve(res)));
    });
}

export interface PolicyInfo {
    name: string;
    enforcementLevel: string;
    configSchema?: Record<string, Record<string, unknown>>;
}

export interface RunningPack {
    port: number;
    /** Everything the pack wrote on stdout: the port, and nothing else. */
    stdout: () => string;
    stderr: () => string;
    /** Log calls the pack made to the fake engine. */
    engineLogs: string[];
    handshake(): Promise<void>;
    getAnalyzerInfo(): Promise<{ name: string; version: string; policies: PolicyInfo[] }>;
    /** Configure with a pack config file's JSON, reconciled as the CLI does (policy defaults, then "all", then each policy). */
    configure(packConfig: Record<string, unknown>): Promise<void>;
    configureStack(project: string, stack: string): Promise<void>;
    analyze(resource: EngineResource): Promise<Diagnostic[]>;
    analyzeStack(resources: EngineResource[]): Promise<Diagnostic[]>;
    stop(): Promise<void>;
}

function startEngine(logs: string[]): Promise<{ server: import("@grpc/grpc-js").Server; port: number }> {
    const server = new grpc.Server();
    server.addService(engineGrpc.EngineService, {
        log: (callRef: { request: enginePb.LogRequest }, cb: (err: null, res: emptyPb.Empty) => void) => {
            logs.push(callRef.request.getMessage());
            cb(null, new emptyPb.Empty());
        },
        getRootResource: (_: unknown, cb: (err: null, res: enginePb.GetRootResourceResponse) => void) => cb(null, new enginePb.GetRootResourceResponse()),
        setRootResource: (_: unknown, cb: (err: null, res: enginePb.SetRootResourceResponse) => void) => cb(null, new enginePb.SetRootResourceResponse()),
        startDebugging: (_: unknown, cb: (err: null, res: emptyPb.Empty) => void) => cb(null, new emptyPb.Empty()),
    });
    return new Promise((resolve, reject) => {
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve({ server, port })));
    });
}

/**
 * Starts the pack as the CLI does: working directory `policypack/`, program `.`. `env` is what the CLI
 * adds for the stack (PULUMI_STACK, PULUMI_PROJECT, PULUMI_CONFIG, PULUMI_DRY_RUN).
 */
export async function startPolicyPack(env: Record<string, string> = {}, cwd: string = packDir, program = "."): Promise<RunningPack> {
    const engineLogs: string[] = [];
    const engine = await startEngine(engineLogs);
    const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [cwd] });
    const child: ChildProcess = spawn(process.execPath, [runPolicyPack, `127.0.0.1:${engine.port}`, program], {
        cwd,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const port = await new Promise<number>((resolve, reject) => {
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            const line = /^(\d+)\n/.exec(stdout);
            if (line) resolve(Number(line[1]));
        });
        child.on("exit", (code) => reject(new Error(`the policy pack exited with code ${code} before printing its port:\n${stderr}`)));
    });
    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    let info: PolicyInfo[] = [];

    return {
        port,
        stdout: () => stdout,
        stderr: () => stderr,
        engineLogs,
        async handshake() {
            const request = new analyzerPb.AnalyzerHandshakeRequest().setEngineAddress(`127.0.0.1:${engine.port}`).setRootDirectory(cwd).setProgramDirectory(cwd);
            await call(client, "handshake", request);
        },
        async getAnalyzerInfo() {
            const response = await call<emptyPb.Empty, analyzerPb.AnalyzerInfo>(client, "getAnalyzerInfo", new emptyPb.Empty());
            info = response.getPoliciesList().map((p) => ({
                name: p.getName(),
                enforcementLevel: levelNames[p.getEnforcementlevel()],
                configSchema: p.getConfigschema()?.getProperties()?.toJavaScript() as PolicyInfo["configSchema"],
            }));
            return { name: response.getName(), version: response.getVersion(), policies: info };
        },
        async configure(packConfig) {
            const request = new analyzerPb.ConfigureAnalyzerRequest();
            const all = packConfig.all as string | undefined;
            for (const policy of info) {
                const given = packConfig[policy.name];
                const properties: Record<string, unknown> = {};
                for (const [key, schema] of Object.entries(policy.configSchema ?? {})) {
                    if ("default" in schema) properties[key] = schema.default;
                }
                let level = all ?? policy.enforcementLevel;
                if (typeof given === "string") {
                    level = given;
                } else if (given && typeof given === "object") {
                    const { enforcementLevel, ...rest } = given as Record<string, unknown>;
                    level = (enforcementLevel as string | undefined) ?? level;
                    Object.assign(properties, rest);
                }
                request.getPolicyconfigMap().set(policy.name, new analyzerPb.PolicyConfig().setEnforcementlevel(levelValues[level]).setProperties(struct(properties)));
            }
            await call(client, "configure", request);
        },
        async configureStack(project, stack) {
            await call(client, "configureStack", new analyzerPb.AnalyzerStackConfigureRequest().setProject(project).setStack(stack).setDryRun(true));
        },
        async analyze(resource) {
            const request = new analyzerPb.AnalyzeRequest()
                .setUrn(resource.urn).setType(resource.type).setName(resource.name)
                .setProperties(struct(resource.props)).setOptions(options(resource));
            return diagnosticsOf(await call(client, "analyze", request));
        },
        async analyzeStack(resources) {
            const request = new analyzerPb.AnalyzeStackRequest().setResourcesList(resources.map((resource) => new analyzerPb.AnalyzerResource()
                .setUrn(resource.urn).setType(resource.type).setName(resource.name)
                .setProperties(struct(resource.props)).setOptions(options(resource))
                .setParent(resource.parent ?? "").setDependenciesList(resource.options.dependencies)));
            return diagnosticsOf(await call(client, "analyzeStack", request));
        },
        async stop() {
            client.close();
            const exited = new Promise((resolve) => child.once("exit", resolve));
            child.kill();
            await exited;
            await new Promise((resolve) => engine.server.tryShutdown(resolve));
        },
    };
}

/** Analyze for every custom resource, then AnalyzeStack: one `pulumi preview` with the pack. */
export async function previewWithPack(pack: RunningPack, resources: EngineResource[]): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    for (const resource of resources) {
        // A resource policy reports no URN; the engine attributes the diagnostic to the resource it analyzed.
        diagnostics.push(...(await pack.analyze(resource)).map((d) => ({ ...d, urn: d.urn || resource.urn })));
    }
    diagnostics.push(...await pack.analyzeStack(resources));
    return diagnostics;
}
