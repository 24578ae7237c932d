// The commands as an operator runs them: `npx tp-rollout ...` in a child process, for exit codes and the
// split between stdout and stderr. Only read-only invocations run here: they use the shared checkout.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../../cli/program";
import { runBin } from "../support/cli";

describe("ops: diff and rollback on the command line", function () {
    this.timeout(120_000);

    it("diff <stackA> <stackB> exits 0 and prints the diff", () => {
        const { code, stdout, stderr } = runBin("diff", "report-only", "pilot");
        assert.equal(stderr, "");
        assert.equal(code, 0);
        assert.deepEqual(stdout.split("\n").slice(0, 1), ["Policy diff: stack \"report-only\" -> stack \"pilot\" (working tree)"]);
        assert.ok(stdout.includes("\n  ! TP [pilot] Require token protection for sign-in sessions (Windows): report-only -> enforced\n"));
    });

    it("diff with bad arguments exits 2 with one line on stderr", () => {
        assert.deepEqual(runBin("diff", "pilot"), { code: 2, stdout: "", stderr: "tp-rollout: diff needs --base <git-ref>, or two stacks: tp-rollout diff <stackA> <stackB>\n" });
        assert.deepEqual(runBin("diff", "--base", "no-such-ref"), {
            code: 2, stdout: "", stderr: "tp-rollout: --base \"no-such-ref\" is not a commit in this repository (in CI, fetch it first: actions/checkout with fetch-depth: 0)\n",
        });
    });

    it("rollback --dry-run exits 0 and leaves the stack file alone; an unknown stack exits 2", () => {
        const file = path.join(projectRoot, "stacks", "Pulumi.pilot.yaml");
        const before = fs.readFileSync(file, "utf8");
        const dry = runBin("rollback", "pilot", "--dry-run");
        assert.equal(dry.code, 0);
        assert.equal(dry.stderr, "");
        assert.equal(dry.stdout.split("\n")[0], "Rollback of stack \"pilot\" to report-only, through Pulumi: dry run, nothing is written or run.");
        assert.equal(fs.readFileSync(file, "utf8"), before);
        const unknown = runBin("rollback", "nope");
        assert.equal(unknown.code, 2);
        assert.equal(unknown.stdout, "");
        assert.equal(unknown.stderr, "tp-rollout: stack \"nope\" has no config file stacks/Pulumi.nope.yaml; stacks: expansion, pilot, report-only\n");
    });
});
