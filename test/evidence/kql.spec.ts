// Every evidence query, parsed and semantically checked by Microsoft's Kusto language service against the
// real columns and types of both sign-in tables, plus the fixes to Microsoft's samples (facts file 4.4).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { breakGlassSignInQuery } from "../../components/breakGlass";
import { AppIds, protectedAppNames } from "../../model/conditionalAccess";
import { evidenceQueries, evidenceQueryIds, readQueryText, withParameters } from "../../evidence/kqlCatalog";
import { generatedBlocks, generatedBlocksIn, kqlDirectory } from "../../evidence/kqlGenerated";
import { kqlDiagnostics, kqlResultColumns } from "../support/signinKusto";

const breakGlassIds = ["3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"];
const policyId = "6b1d3b0e-2a4f-4c8e-9d7a-0f1e2d3c4b5a";

describe("evidence KQL", () => {
    it("the catalog holds exactly the .kql files, each titled for the workspace's query list", () => {
        const files = fs.readdirSync(kqlDirectory).filter((f) => f.endsWith(".kql")).map((f) => f.replace(/\.kql$/, "")).sort();
        assert.deepEqual(files, [...evidenceQueryIds].sort());
        assert.deepEqual(evidenceQueries().map((q) => q.displayName), [
            "Token Protection: Bound vs WouldBlock per application and resource",
            "Token Protection: Bound vs WouldBlock per user, application and resource",
            "Token Protection: unbound requests by status code, with meaning, likely cause and action",
            "Token Protection: the devices behind status code 1003, what they probably are, and the filter that excludes them",
            "Token Protection: the daily Bound / Unbound / WouldBlock trend, per table",
            "Token Protection: what the evidence covers, per sign-in table",
            "Token Protection: break-glass (emergency access) sign-ins, interactive and non-interactive, to any resource",
        ]);
    });

    for (const id of evidenceQueryIds) {
        it(`${id}: zero diagnostics against both tables, as saved and with every parameter filled in`, () => {
            const text = readQueryText(id);
            assert.deepEqual(kqlDiagnostics(text), []);
            const filled = withParameters(text, { start: new Date("2026-01-05T00:00:00Z"), policyIds: [policyId], breakGlassUserIds: breakGlassIds });
            assert.notEqual(filled, text);
            assert.deepEqual(kqlDiagnostics(filled), []);
            assert.deepEqual(kqlDiagnostics(withParameters(text, { start: { days: 30 } })), []);
        });

        it(`${id}: its generated blocks are what the model generates today`, () => {
            const blocks = generatedBlocksIn(readQueryText(id));
            assert.ok(blocks.some((b) => b.name === "prelude"), "every query carries the shared prelude");
            for (const block of blocks) {
                assert.equal(block.body, generatedBlocks[block.name](), `kql/${id}.kql block "${block.name}" drifted: run npx ts-node evidence/kqlGenerated.ts --write`);
            }
        });
    }

    it("fills parameters in where the queries declare them, and refuses a query without the line", () => {
        const filled = withParameters(readQueryText("coverage"), { start: new Date("2026-01-05T00:00:00Z"), policyIds: [policyId] });
        assert.match(filled, /^let StartTime = datetime\(2026-01-05T00:00:00\.000Z\);$/m);
        assert.match(filled, new RegExp(`^let TokenProtectionPolicyIds = dynamic\\(\\["${policyId}"\\]\\);$`, "m"));
        assert.match(withParameters(readQueryText("coverage"), { start: { days: 30 } }), /^let StartTime = ago\(30d\);$/m);
        assert.throws(() => withParameters("SigninLogs | take 1", { start: { days: 3 } }), /no "let StartTime = \.\.\.;" line/);
    });

    describe("the fixes to Microsoft's samples (facts file 4.4)", () => {
        const prelude = generatedBlocks.prelude();

        it("matches both SignInTokenProtection and the pre-2023 Binding, in enforced and not-satisfied controls", () => {
            assert.match(prelude, /let TokenProtectionControls = dynamic\(\["SignInTokenProtection", "Binding"\]\);/);
            assert.match(prelude, /NamesTokenProtection\(Policy\.enforcedSessionControls\)/);
            assert.match(prelude, /NamesTokenProtection\(Policy\.sessionControlsNotSatisfied\)/);
        });

        it("keeps all six protected resources, Teams and the Windows App ones included, by ID and by name", () => {
            for (const id of Object.values(AppIds)) {
                assert.ok(prelude.includes(`ResourceIdentity =~ "${id}", "${protectedAppNames[id]}"`), id);
                assert.ok(prelude.includes(`ResourceDisplayName == "${protectedAppNames[id]}"`), protectedAppNames[id]);
            }
            assert.equal((prelude.match(/where ResourceDisplayName/g) ?? []).length, 0, "no chained resource filter narrows the list");
        });

        it("reads the status code with toint(), never a string compared with a number", () => {
            assert.match(prelude, /StatusCode = toint\(TokenProtection\.signInSessionStatusCode\)/);
            assert.match(readQueryText("devices-behind-1003"), /StatusCode == 1003/);
        });

        it("reads both tables, each normalised before the union, and counts a request once", () => {
            assert.match(prelude, /let InteractiveSignIns = SigninLogs\n/);
            assert.match(prelude, /let NonInteractiveSignIns = AADNonInteractiveUserSignInLogs\n/);
            assert.equal((prelude.match(/TokenProtection = todynamic\(tostring\(TokenProtectionStatusDetails\)\)/g) ?? []).length, 2);
            assert.match(prelude, /union InteractiveSignIns, NonInteractiveSignIns/);
            assert.match(prelude, /summarize arg_max\(TimeGenerated, \*\) by Id/);
        });
    });

    describe("the checks can fail", () => {
        it("a wrong column name is an error", () => {
            const broken = readQueryText("daily-trend").replace("by Day, SignInTable", "by Day, SignInTabel");
            // The misspelt group-by column, then the `order by` that no longer finds the real one.
            assert.deepEqual(kqlDiagnostics(broken).map((d) => [d.code, d.at]), [["KS142", "SignInTabel"], ["KS142", "SignInTable"]]);
        });

        it("reading the non-interactive table's JSON text as dynamic is an error", () => {
            assert.deepEqual(kqlDiagnostics("AADNonInteractiveUserSignInLogs | mv-expand ConditionalAccessPolicies").map((d) => d.code), ["KS141"]);
            assert.deepEqual(kqlDiagnostics("AADNonInteractiveUserSignInLogs | extend s = TokenProtectionStatusDetails.signInSessionStatus").map((d) => d.code), ["KS142"]);
            assert.deepEqual(kqlDiagnostics("SigninLogs | extend s = TokenProtectionStatusDetails.signInSessionStatus"), []);
        });

        it("Microsoft's Windows sample comparison tostring(code) == 1003 is flagged", () => {
            const sample = 'AADNonInteractiveUserSignInLogs | extend d = parse_json(TokenProtectionStatusDetails) | where tostring(d.signInSessionStatusCode) == 1003';
            assert.deepEqual(kqlDiagnostics(sample).map((d) => [d.code, d.at]), [["TP001", "tostring(d.signInSessionStatusCode) == 1003"]]);
        });

        it("the facts file's draft rewrite, a plain union of differently typed columns, does not resolve", () => {
            const draft = [
                "union withsource=SrcTable SigninLogs, AADNonInteractiveUserSignInLogs",
                "| extend tp = parse_json(tostring(TokenProtectionStatusDetails))",
                "| mv-expand cap = todynamic(tostring(ConditionalAccessPolicies))",
            ].join("\n");
            assert.deepEqual(kqlDiagnostics(draft).map((d) => [d.code, d.at]), [
                ["KS142", "TokenProtectionStatusDetails"],
                ["KS142", "ConditionalAccessPolicies"],
            ]);
        });
    });

    it("break-glass: the same accounts and row filter as the BreakGlass alert", () => {
        const alert = breakGlassSignInQuery(breakGlassIds).split("\n");
        const ours = evidenceQueries({ breakGlassUserIds: breakGlassIds }).find((q) => q.id === "break-glass-sign-ins")!.query;
        assert.ok(ours.split("\n").includes(alert[0]), "the account list is written exactly as the alert writes it");
        assert.ok(alert.includes("| where UserId in (breakGlassAccounts)"));
        assert.ok(ours.includes("| where UserId in (breakGlassAccounts)"));
        const alertColumns = ["TimeGenerated", "UserPrincipalName", "UserId", "AppDisplayName", "ResourceDisplayName", "IPAddress", "ResultType", "Type"];
        assert.deepEqual(kqlResultColumns(ours).slice(0, alertColumns.length).map(([name]) => name), alertColumns);
        assert.deepEqual(kqlDiagnostics(breakGlassSignInQuery(breakGlassIds)), [], "the alert's own query is valid against both tables too");
    });
});
