import { strict as assert } from "assert";
import { defaultMarkdownBudget, escapeMarkdown, formatDiffMarkdown, githubCommentLimit } from "../../ops/diffMarkdown";
import { DiffReport } from "../../ops/diffText";
import { StackDiff } from "../../ops/planDiff";

const rerun = (stack: string) => `npx tp-rollout diff --base origin/main --stack ${stack}`;

/** A stack whose Token Protection policy gains `groups` groups and which adds `resources` resources. */
function bigStack(stack: string, groups: number, resources: number): StackDiff {
    return {
        title: stack,
        stack,
        status: "changed",
        enforcement: [{ displayName: `TP [${stack}] Require token protection for sign-in sessions (Windows)`, before: "report-only", after: "enforced" }],
        policies: [{
            change: "changed",
            kind: "tokenProtection",
            name: "token-protection-windows",
            displayName: `TP [${stack}] Require token protection for sign-in sessions (Windows)`,
            fields: [
                { field: "state", op: "->", before: "report-only", after: "enforced", enforcement: true },
                ...Array.from({ length: groups }, (_, i) => ({ field: "includeGroups", op: "+" as const, value: `Group ${i} (${String(i).padStart(8, "0")}-0000-4000-8000-000000000000)` })),
            ],
        }],
        resources: { added: Array.from({ length: resources }, (_, i) => ({ type: "azuread:index/groupMember:GroupMember", name: `wave-population-member-${i}` })), removed: [] },
    };
}

const balanced = (text: string) => (text.match(/<details>/g) ?? []).length === (text.match(/<\/details>/g) ?? []).length;

describe("ops: diff as a GitHub comment", () => {
    it("escapes markup in names so placeholders and brackets show as written", () => {
        assert.equal(escapeMarkdown("<id of group \"TP [pilot] wave population\"> *a_b*|`c`"), "\\<id of group \"TP \\[pilot\\] wave population\"\\> \\*a\\_b\\*\\|\\`c\\`");
    });

    it("folds a long field list into <details> and keeps everything when it fits", () => {
        const text = formatDiffMarkdown({ heading: "origin/main (1234567) -> working tree", stacks: [bigStack("pilot", 20, 2)], rerun });
        assert.ok(text.length < defaultMarkdownBudget);
        assert.ok(text.includes("<details><summary>21 changes</summary>"));
        assert.ok(text.includes("- includeGroups: + Group 19 (00000019-0000-4000-8000-000000000000)"));
        assert.ok(!text.includes("cut to keep this comment"));
        assert.ok(balanced(text));
    });

    it("cuts long lists to fit under 65,536 characters, says what it cut, and never cuts the enforcement changes", () => {
        const report: DiffReport = { heading: "origin/main (1234567) -> working tree", stacks: [bigStack("pilot", 3000, 3000), bigStack("expansion", 3000, 10)], rerun };
        const text = formatDiffMarkdown(report);
        assert.ok(text.length <= defaultMarkdownBudget && text.length < githubCommentLimit, `length ${text.length}`);
        for (const stack of ["pilot", "expansion"]) {
            assert.ok(text.includes(`> - TP \\[${stack}\\] Require token protection for sign-in sessions (Windows): report-only → enforced`), stack);
            assert.ok(text.includes(`#### ${stack}`), stack);
        }
        const notes = text.split("\n").filter((l) => l.includes("cut to keep this comment"));
        // The pilot field list is cut first, then everything after it: the resources and expansion's lists.
        assert.deepEqual(notes.map((n) => n.replace(/\d[\d,]* more lines/, "N more lines")), [
            "- … N more lines cut to keep this comment under GitHub's 65,536-character limit; `npx tp-rollout diff --base origin/main --stack pilot` prints them all.",
            "- … N more lines cut to keep this comment under GitHub's 65,536-character limit; `npx tp-rollout diff --base origin/main --stack pilot` prints them all.",
            "- … N more lines cut to keep this comment under GitHub's 65,536-character limit; `npx tp-rollout diff --base origin/main --stack expansion` prints them all.",
            "- … N more lines cut to keep this comment under GitHub's 65,536-character limit; `npx tp-rollout diff --base origin/main --stack expansion` prints them all.",
        ]);
        // Every line is either shown or counted in a note.
        const shown = text.split("\n").filter((l) => /^- (⚠️ )?(state|includeGroups)|^- ➕/.test(l)).length;
        const counted = notes.reduce((n, note) => n + Number(/(\d[\d,]*) more lines/.exec(note)![1].replace(/,/g, "")), 0);
        assert.equal(shown + counted, 2 * 3001 + 3000 + 10);
        assert.ok(balanced(text));
    });

    it("still fits when the parts that are never cut are too big on their own", () => {
        const stacks = Array.from({ length: 400 }, (_, i) => bigStack(`wave-${i}-${"x".repeat(100)}`, 1, 0));
        const text = formatDiffMarkdown({ heading: "origin/main (1234567) -> working tree", stacks, rerun });
        assert.ok(text.length <= defaultMarkdownBudget, `length ${text.length}`);
        assert.ok(text.endsWith("_… the rest of this diff is cut to keep the comment under GitHub's 65,536-character limit; run `npx tp-rollout diff` locally for all of it._"));
        assert.ok(balanced(text));
    });
});
