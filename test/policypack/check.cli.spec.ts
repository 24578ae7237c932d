// `tp-rollout check` end to end: the real bin, its exact output and exit codes (0 no mandatory violation,
// 1 at least one, 2 unreadable or malformed input).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parsePolicyExport } from "../../cli/check";
import { runBin, runInProcess } from "../support/cli";

const repoRoot = path.resolve(__dirname, "..", "..");
const exportFile = "test/policypack/fixtures/tenant-export.json";
const breakGlass = "3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f,9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

const exo = "Office 365 Exchange Online (00000002-0000-0ff1-ce00-000000000000)";
const spo = "Office 365 SharePoint Online (00000003-0000-0ff1-ce00-000000000000)";
const teams = "Microsoft Teams Services (cc15fd57-2c6c-4117-a88c-83b1d56b4bbe)";
const office365 = `A Token Protection policy must target ${exo}, ${spo} and ${teams}, plus Azure Virtual Desktop, Windows 365 and Windows Cloud Login only where the Windows App is deployed, and nothing else, but includeApplications has "Office365", which also covers workloads Token Protection cannot protect and blocks them. Fix: replace "Office365" with the resources above (token-protection:windowsApp adds the Windows App ones).`;
const breakGlassMissing = "Every Conditional Access policy must exclude every break-glass account, so that a misconfigured policy cannot lock the tenant out, but this one does not exclude 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d. Fix: add it to conditions.users.excludeUsers (the package does so from token-protection:breakGlassUserIds), or exclude a group that holds it and list that group in the pack config's breakGlassGroupIds.";
const pilotAllUsers = 'In the pilot wave an enforced Token Protection policy must target privileged roles or a pilot group, never all users, but includeUsers has "All". Fix: scope the pilot with token-protection:scope.roleTemplateIds or a pilot group, and widen the population only in an expansion wave.';
const guests = 'B2B guests should be out of scope of enforced Token Protection, or have a documented troubleshooting path: a guest whose home-tenant device does not qualify is blocked with an error that names no cause, but it includes "All" users and excludes no guests. Fix: set token-protection:scope.excludeGuests: true, or document the guest troubleshooting path before enforcing.';
const pilotName = "TP [pilot] Require token protection for sign-in sessions (Windows)";

describe("tp-rollout check", function () {
    this.timeout(60_000);

    describe("<stack>", () => {
        it("passes the pilot stack: exit 0, no violations in JSON", () => {
            assert.deepStrictEqual(runBin("check", "pilot", "--json"), { code: 0, stdout: '{\n  "violations": []\n}\n', stderr: "" });
        });

        it("prints a change-ticket summary for the report-only stack", () => {
            assert.deepStrictEqual(runBin("check", "report-only"), {
                code: 0,
                stdout: [
                    'Token Protection check of stack "report-only" (wave report-only): its offline plan under Pulumi mocks, levels from policypack/config/report-only.json',
                    "4 Conditional Access policies, 12 rules.",
                    "",
                    "No violations.",
                    "",
                    "Result: PASS (0 mandatory, 0 advisory).",
                    "",
                ].join("\n"),
                stderr: "",
            });
        });

        // Spawned: in-process, runProgram would stay marked "running" after this error (cli/program.ts).
        it("exits 2 for a stack without config", () => {
            assert.deepStrictEqual(runBin("check", "staging"), { code: 2, stdout: "", stderr: "tp-rollout: stack \"staging\" has no config file stacks/Pulumi.staging.yaml; stacks: expansion, pilot, report-only\n" });
        });
    });

    describe("--policies <file>", () => {
        it("lints a Graph export with the break-glass IDs: exit 1, exact JSON", () => {
            const result = runBin("check", "--policies", exportFile, "--break-glass", breakGlass, "--json");
            assert.deepStrictEqual([result.code, result.stderr], [1, ""]);
            assert.deepStrictEqual(JSON.parse(result.stdout), {
                violations: [
                    { rule: "tp-resources-specific", policy: "CA010 Require token protection for sign-in sessions", level: "mandatory", message: office365 },
                    { rule: "ca-break-glass-excluded", policy: "CA021 Require device compliance for known platforms", level: "mandatory", message: breakGlassMissing },
                    { rule: "tp-pilot-scope", policy: pilotName, level: "mandatory", message: pilotAllUsers },
                    { rule: "tp-guest-users", policy: pilotName, level: "advisory", message: guests },
                ],
            });
        });

        it("prints the same findings for a change ticket", async () => {
            assert.deepStrictEqual(await runInProcess("check", "--policies", exportFile, "--break-glass", breakGlass), {
                code: 1,
                stdout: [
                    `Token Protection check of ${exportFile}, exported from a tenant: enforcement-wave levels, waves read from "TP [<wave>] ..." names, 2 break-glass IDs from --break-glass`,
                    "5 Conditional Access policies, 12 rules.",
                    "",
                    "MANDATORY tp-resources-specific  CA010 Require token protection for sign-in sessions",
                    `  ${office365}`,
                    "",
                    "MANDATORY ca-break-glass-excluded  CA021 Require device compliance for known platforms",
                    `  ${breakGlassMissing}`,
                    "",
                    `MANDATORY tp-pilot-scope  ${pilotName}`,
                    `  ${pilotAllUsers}`,
                    "",
                    `ADVISORY  tp-guest-users  ${pilotName}`,
                    `  ${guests}`,
                    "",
                    "Result: FAIL (3 mandatory, 1 advisory).",
                    "",
                ].join("\n"),
                stderr: "",
            });
        });

        it("without --break-glass, a policy that excludes anyone passes the break-glass rule", async () => {
            const result = await runInProcess("check", "--policies", exportFile, "--json");
            assert.deepStrictEqual(JSON.parse(result.stdout).violations.map((v: { rule: string }) => v.rule), ["tp-resources-specific", "tp-pilot-scope", "tp-guest-users"]);
        });

        it("exits 0 when only advisories remain (a bare array)", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-check-"));
            const [, block, compliance, , pilot] = JSON.parse(fs.readFileSync(path.join(repoRoot, exportFile), "utf8")).value;
            const file = path.join(dir, "advisory-only.json");
            // The all-users Token Protection policy renamed out of the pilot, with both companions: only guests remain.
            fs.writeFileSync(file, JSON.stringify([block, compliance, { ...pilot, displayName: "CA011 Token Protection for everyone" }]));
            const result = await runInProcess("check", "--policies", file, "--json");
            assert.deepStrictEqual([result.code, JSON.parse(result.stdout)], [0, { violations: [{ rule: "tp-guest-users", policy: "CA011 Token Protection for everyone", level: "advisory", message: guests }] }]);
        });
    });

    describe("bad input: exit 2 and one line naming the problem", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-check-"));
        const write = (name: string, text: string) => {
            const file = path.join(dir, name);
            fs.writeFileSync(file, text);
            return file;
        };
        const cases: [string, () => string[], string][] = [
            ["a missing file", () => ["--policies", path.join(dir, "absent.json")], `tp-rollout: cannot read ${path.join(dir, "absent.json")}: no such file\n`],
            ["malformed JSON", () => ["--policies", write("broken.json", '{ "value": [ { "displayName": "x" ')], `tp-rollout: ${path.join(dir, "broken.json")} is not valid JSON: Expected ',' or '}' after property value in JSON at position 34 (line 1 column 35)\n`],
            ["JSON that holds no policy", () => ["--policies", write("other.json", '{ "items": [] }')], `tp-rollout: ${path.join(dir, "other.json")} holds no Conditional Access policy: expected { "value": [...] } (the body of GET /beta/identity/conditionalAccess/policies), an array of policies, or one policy\n`],
            ["a list entry that is not a policy", () => ["--policies", write("mixed.json", '{ "value": [ { "displayName": "x" }, 42 ] }')], `tp-rollout: ${path.join(dir, "mixed.json")}: value[1] is 42, not a policy object\n`],
            ["a break-glass ID that is not a GUID", () => ["--policies", exportFile, "--break-glass", "bg-1"], 'tp-rollout: --break-glass is "bg-1"; allowed: comma-separated object IDs (GUIDs) of the break-glass accounts or of a group that holds them\n'],
            ["both a stack and --policies", () => ["pilot", "--policies", exportFile], "tp-rollout: check needs either a stack or --policies <file>, not both\n"],
            ["neither", () => [], "tp-rollout: check needs either a stack or --policies <file>, not both\n"],
            ["--break-glass with a stack", () => ["pilot", "--break-glass", breakGlass], "tp-rollout: --break-glass goes with --policies; a stack's break-glass accounts come from token-protection:breakGlassUserIds\n"],
        ];
        for (const [title, args, stderr] of cases) {
            it(title, async () => {
                assert.deepStrictEqual(await runInProcess("check", ...args()), { code: 2, stdout: "", stderr });
            });
        }
    });

    describe("parsePolicyExport", () => {
        it("accepts Graph's list answer, a bare array and one policy", () => {
            const policy = { displayName: "x", conditions: {} };
            assert.deepStrictEqual(parsePolicyExport(JSON.stringify({ value: [policy] }), "f"), [policy]);
            assert.deepStrictEqual(parsePolicyExport(JSON.stringify([policy, policy]), "f"), [policy, policy]);
            assert.deepStrictEqual(parsePolicyExport(JSON.stringify(policy), "f"), [policy]);
            assert.deepStrictEqual(parsePolicyExport('{ "value": [] }', "f"), []);
        });

        it("rejects a value that is not a list", () => {
            assert.throws(() => parsePolicyExport('{ "value": {} }', "f.json"), { name: "InputError", message: 'f.json: "value" is not a list of policies' });
        });
    });
});
