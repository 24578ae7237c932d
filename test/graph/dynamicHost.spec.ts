// The resource as Pulumi really runs it: Pulumi's own dynamic provider host (a separate Node.js process
// speaking gRPC) is handed the serialized `__provider` that GraphConditionalAccessPolicy produces in the
// real program, and pointed at the emulator through environment variables. It proves the load-at-call-
// time shim finds graph/provider.ts outside the program, and that "gone" reaches Pulumi as an empty id.
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { projectRoot, runProgram } from "../../cli/program";
import { graphPolicyType } from "../../graph/resource";
import { normalizePolicy } from "../../model/normalize";
import { GraphEmulator } from "../support/graphEmulator";
import { assertCounts, testIntervalMs, testToleranceMs, written } from "../support/graphHarness";

type Props = Record<string, unknown>;

function call<Req, Res>(client: ResourceProviderClient, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        (client as unknown as Record<string, (r: Req, cb: (err: Error | null, res: Res) => void) => void>)[method](request, (err, res) => (err ? reject(err) : resolve(res)));
    });
}

/** Starts Pulumi's dynamic provider host; it prints the port it listens on. */
function startHost(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
    const host = path.join(projectRoot, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");
    // The engine address argument is required but unused by the host until it logs; any value will do.
    const child = spawn(process.execPath, [host, "127.0.0.1:0"], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
    return new Promise((resolve, reject) => {
        child.stdout!.once("data", (chunk) => resolve({ child, port: Number(String(chunk).trim()), stderr: () => stderr }));
        child.once("exit", (code) => reject(new Error(`dynamic provider host exited with ${code}: ${stderr}`)));
    });
}

describe("graph resource in Pulumi's dynamic provider host", () => {
    let emulator: GraphEmulator;
    let child: ChildProcess | undefined;
    let client: ResourceProviderClient | undefined;

    after(async () => {
        client?.close();
        if (child?.pid !== undefined && child.exitCode === null) child.kill();
        await emulator?.close();
    });

    it("creates, diffs, reads, updates and deletes through the serialized provider, and reports a deleted policy as gone", async () => {
        const run = await runProgram("pilot");
        const resource = run.resources.find((r) => r.type === graphPolicyType)!;
        const providerString = resource.inputs.__provider;
        assert.equal(typeof providerString, "string");
        const body = resource.inputs.body as Props;
        const urn = resource.urn;

        emulator = await GraphEmulator.start({ rateLimit: { requests: 1, intervalMs: testIntervalMs, toleranceMs: testToleranceMs } });
        const host = await startHost({
            TP_GRAPH_BASE_URL: emulator.baseUrl,
            TP_GRAPH_TEST_TOKEN: "emulator-host-token",
            TP_GRAPH_MIN_INTERVAL_MS: String(testIntervalMs),
        });
        child = host.child;
        client = new ResourceProviderClient(`127.0.0.1:${host.port}`, grpc.credentials.createInsecure());
        const struct = (value: Props) => Struct.fromJavaScript(value as never);
        const inputs = { body, __provider: providerString };

        const check = new proto.CheckRequest().setUrn(urn).setOlds(struct({})).setNews(struct(inputs));
        const checked = await call<proto.CheckRequest, proto.CheckResponse>(client, "check", check);
        assert.deepEqual(checked.getFailuresList(), []);

        const created = await call<proto.CreateRequest, proto.CreateResponse>(client, "create", new proto.CreateRequest().setUrn(urn).setProperties(struct(inputs)));
        const id = created.getId();
        const outputs = created.getProperties()!.toJavaScript() as Props;
        assertCounts(emulator, { GET: 1, POST: 1 });
        assert.equal(emulator.stored().length, 1);
        assert.deepEqual(written(emulator.stored()[0]), body);
        assert.deepEqual(outputs, { body: normalizePolicy(body), policyId: id, __provider: providerString });
        assert.ok(emulator.requests.every((r) => r.hadAuth));

        const diff = await call<proto.DiffRequest, proto.DiffResponse>(client, "diff", new proto.DiffRequest().setId(id).setUrn(urn).setOlds(struct(outputs)).setNews(struct(inputs)));
        assert.equal(diff.getChanges(), proto.DiffResponse.DiffChanges.DIFF_NONE);

        emulator.clearLog();
        const read = await call<proto.ReadRequest, proto.ReadResponse>(client, "read", new proto.ReadRequest().setId(id).setUrn(urn).setProperties(struct(outputs)));
        assert.equal(read.getId(), id);
        assert.deepEqual(read.getProperties()!.toJavaScript(), outputs);
        assert.deepEqual(read.getInputs()!.toJavaScript(), outputs);
        assertCounts(emulator, { GET: 1 });

        // The pilot wave is enforced; the flip is the rollback to report-only.
        assert.equal(body.state, "enabled");
        const flipped = { ...inputs, body: { ...body, state: "enabledForReportingButNotEnforced" } };
        const flipDiff = await call<proto.DiffRequest, proto.DiffResponse>(client, "diff", new proto.DiffRequest().setId(id).setUrn(urn).setOlds(struct(outputs)).setNews(struct(flipped)));
        assert.equal(flipDiff.getChanges(), proto.DiffResponse.DiffChanges.DIFF_SOME);
        assert.deepEqual(flipDiff.getReplacesList(), []);
        emulator.clearLog();
        await call(client, "update", new proto.UpdateRequest().setId(id).setUrn(urn).setOlds(struct(outputs)).setNews(struct(flipped)));
        assert.deepEqual(emulator.requests.map((r) => [r.method, r.body]), [["PATCH", { state: "enabledForReportingButNotEnforced" }]]);

        emulator.clearLog();
        await call(client, "delete", new proto.DeleteRequest().setId(id).setUrn(urn).setProperties(struct(outputs)));
        assertCounts(emulator, { DELETE: 1 });
        assert.equal(emulator.stored().length, 0);

        const gone = await call<proto.ReadRequest, proto.ReadResponse>(client, "read", new proto.ReadRequest().setId(id).setUrn(urn).setProperties(struct(outputs)));
        assert.equal(gone.getId(), "");
        assert.equal(host.stderr().includes("emulator-host-token"), false);
    });
});
