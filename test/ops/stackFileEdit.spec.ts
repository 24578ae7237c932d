import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readProject } from "../../components/stackConfig";
import { planRollbackEdit } from "../../ops/rollback/stackFileEdit";
import { unifiedDiff } from "../../ops/unifiedDiff";
import { copyProject, ProjectCopy } from "./projectCopy";

describe("ops: rollback's stack-file edit", () => {
    let copy: ProjectCopy;
    beforeEach(() => {
        copy = copyProject();
    });
    afterEach(() => copy.dispose());

    const edit = (stack: string) => planRollbackEdit(readProject(copy.dir), stack);

    it("changes only the enforcement value of pilot: every comment, key and line kept byte for byte", () => {
        const result = edit("pilot");
        assert.equal(result.after, copy.read("stacks/Pulumi.pilot.yaml").replace("  token-protection:enforcement: enforced\n", "  token-protection:enforcement: reportOnly\n"));
        assert.deepEqual(result.changes, [{ key: "token-protection:enforcement", before: "enforced", after: "reportOnly" }]);
        assert.deepEqual(result.notes, [
            "token-protection:companions.blockUnknownPlatforms is not set: the companion follows token-protection:enforcement and goes to report-only with it.",
            "token-protection:companions.requireCompliance is not set: the companion follows token-protection:enforcement and goes to report-only with it.",
        ]);
        assert.equal(result.rawAfter["token-protection:enforcement"], "reportOnly");
        // Nothing is written by planning the edit.
        assert.equal(fs.readFileSync(result.file, "utf8"), result.before);
    });

    it("keeps quoting and a trailing comment, rolls back an enforced companion and leaves an off one off", () => {
        copy.write("stacks/Pulumi.wave-3.yaml", [
            "# Wave 3",
            "config:",
            "  token-protection:wave: expansion",
            "  token-protection:enforcement: \"enforced\"   # flipped 2026-11-20 after the soak",
            "  token-protection:reportOnlySince: \"2026-10-19\"",
            "  token-protection:scope: { groupIds: [2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b] }",
            "  token-protection:breakGlassUserIds:",
            "    - 3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f",
            "  token-protection:companions:",
            "    requireCompliance: off     # compliance not ready",
            "    blockUnknownPlatforms: enforced",
            "  token-protection:rollback:",
            "    owner: Identity on-call",
            "    trigger: A trigger long enough that a YAML library re-serialising the document would fold it over two lines",
            "",
        ].join("\n"));
        const result = edit("wave-3");
        assert.equal(result.after, result.before
            .replace("enforcement: \"enforced\"   # flipped", "enforcement: \"reportOnly\"   # flipped")
            .replace("    blockUnknownPlatforms: enforced\n", "    blockUnknownPlatforms: reportOnly\n"));
        assert.deepEqual(result.changes, [
            { key: "token-protection:enforcement", before: "enforced", after: "reportOnly" },
            { key: "token-protection:companions.blockUnknownPlatforms", before: "enforced", after: "reportOnly" },
        ]);
        assert.deepEqual(result.notes, ["token-protection:companions.requireCompliance stays off: a rollback takes enforcement away and never switches on a policy that is off."]);
        assert.equal(result.rawAfter["token-protection:companions"], "{\"blockUnknownPlatforms\":\"reportOnly\",\"requireCompliance\":\"off\"}");
    });

    it("adds the key when the enforcement comes from Pulumi.yaml, and a whole companions map when the overrides do", () => {
        copy.write("Pulumi.yaml", copy.read("Pulumi.yaml")
            .replace("    default: reportOnly\n", "    default: enforced\n")
            .replace("  deviceExclusions:\n", "  companions:\n    value:\n      requireCompliance: enforced\n      blockUnknownPlatforms: off\n  deviceExclusions:\n"));
        const text = [
            "config:",
            "  token-protection:wave: expansion",
            "  token-protection:reportOnlySince: \"2026-10-19\"",
            "  token-protection:scope:",
            "    groupIds: [2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b]",
            "  token-protection:breakGlassUserIds: [3f0d2c1e-8b7a-4c6d-9e5f-1a2b3c4d5e6f]   # emergency access 1",
            "",
        ].join("\n");
        copy.write("stacks/Pulumi.wave-4.yaml", text);
        const result = edit("wave-4");
        assert.equal(result.after, `${text}  token-protection:enforcement: reportOnly\n  token-protection:companions:\n    blockUnknownPlatforms: off\n    requireCompliance: reportOnly\n`);
        assert.deepEqual(result.changes.map((c) => c.key), ["token-protection:enforcement", "token-protection:companions.requireCompliance"]);
    });

    it("changes nothing where no policy is enforced", () => {
        const reportOnly = edit("report-only");
        assert.deepEqual(reportOnly.changes, []);
        assert.equal(reportOnly.after, reportOnly.before);
        copy.write("stacks/Pulumi.pilot.yaml", copy.read("stacks/Pulumi.pilot.yaml").replace("enforcement: enforced", "enforcement: off"));
        const off = edit("pilot");
        assert.deepEqual(off.changes, []);
        assert.deepEqual(off.notes, ["token-protection:enforcement stays off: a rollback takes enforcement away and never switches on a policy that is off."]);
    });

    it("refuses an unknown stack with the stacks there are", () => {
        assert.throws(() => edit("nope"), { name: "StackConfigError", message: /^stack "nope" has no config file .*Pulumi\.nope\.yaml; stacks: expansion, pilot, report-only$/ });
    });
});

describe("ops: unified diff", () => {
    it("prints hunks with three lines of context that git apply accepts", () => {
        const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
        const after = before.replace("line 2\n", "line two\n").replace("line 15\n", "").replace("line 20\n", "line 20\nline 21\n");
        const diff = unifiedDiff(before, after, "stacks/Pulumi.x.yaml");
        assert.equal(diff, [
            "--- a/stacks/Pulumi.x.yaml",
            "+++ b/stacks/Pulumi.x.yaml",
            "@@ -1,5 +1,5 @@",
            " line 1",
            "-line 2",
            "+line two",
            " line 3",
            " line 4",
            " line 5",
            "@@ -12,9 +12,9 @@",
            " line 12",
            " line 13",
            " line 14",
            "-line 15",
            " line 16",
            " line 17",
            " line 18",
            " line 19",
            " line 20",
            "+line 21",
        ].join("\n"));
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-rollout-patch-"));
        try {
            fs.mkdirSync(path.join(dir, "stacks"));
            fs.writeFileSync(path.join(dir, "stacks/Pulumi.x.yaml"), before);
            fs.writeFileSync(path.join(dir, "change.patch"), diff + "\n");
            execFileSync("git", ["apply", "change.patch"], { cwd: dir, stdio: "pipe" });
            assert.equal(fs.readFileSync(path.join(dir, "stacks/Pulumi.x.yaml"), "utf8"), after);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.equal(unifiedDiff(before, before, "x"), "");
    });
});
