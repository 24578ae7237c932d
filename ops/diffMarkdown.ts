// `tp-rollout diff --markdown`: the same report as a GitHub pull-request comment. GitHub refuses comment
// bodies over 65,536 characters (pulumi/actions#482), so long lists are folded and, when the whole still
// does not fit, cut with a note saying what was cut and how to see it; the enforcement changes are
// never cut. Rendering never fails for size.
import { DiffReport, offlineNote, policyHeadline, stackNote, stackStatusLine } from "./diffText";
import { FieldChange } from "./policyChanges";
import { StackDiff } from "./planDiff";

/** GitHub's limit for a comment body. */
export const githubCommentLimit = 65_536;
/** What the report may use: room is left for the marker a sticky-comment action adds. */
export const defaultMarkdownBudget = 60_000;
/** Lists longer than this are folded into <details>. */
const foldAfterLines = 12;

interface Block {
    lines: string[];
    /** Folded under this summary. */
    fold?: string;
    /** Lines may be cut to fit; the note names the stack whose full diff has them. */
    cuttable?: { stack: string };
}

/** Markdown-escapes text: every ASCII punctuation character that could start markup. */
export function escapeMarkdown(text: string): string {
    return text.replace(/[\\`*_[\]<>|~#]/g, "\\$&");
}

/** An escaped " -> " reads better as an arrow. */
function arrows(escaped: string): string {
    return escaped.replace(/ -\\> /g, " → ");
}

function code(text: string): string {
    const fence = text.includes("`") ? "``" : "`";
    return `${fence}${text.includes("`") ? ` ${text} ` : text}${fence}`;
}

function fieldLine(change: FieldChange): string {
    const field = escapeMarkdown(change.field);
    const text = change.op === "->"
        ? `${field}: ${escapeMarkdown(change.before)} → ${escapeMarkdown(change.after)}`
        : `${field}: ${change.op} ${escapeMarkdown(change.value)}`;
    return `- ${change.enforcement ? "⚠️ " : ""}${text}`;
}

function enforcementItem(change: { displayName: string; before?: string; after?: string }): string {
    const name = escapeMarkdown(change.displayName);
    if (change.before === undefined) {
        return `> - ${name}: new policy, ${change.after}`;
    }
    if (change.after === undefined) {
        return `> - ${name}: removed (was ${change.before})`;
    }
    return `> - ${name}: ${change.before} → ${change.after}`;
}

function stackBlocks(diff: StackDiff): Block[] {
    const status = stackStatusLine(diff);
    const note = stackNote(diff);
    const blocks: Block[] = [{ lines: ["", `#### ${arrows(escapeMarkdown(diff.title))}${status ? `: ${escapeMarkdown(status)}` : ""}`, ...(note ? ["", note] : [])] }];
    if (diff.error) {
        blocks.push({ lines: ["", "```", ...diff.error.replace(/```/g, "'''").split("\n"), "```"] });
    }
    if (diff.enforcement.length > 0) {
        blocks.push({
            lines: ["", "> [!WARNING]", "> **Enforcement changes**", ...diff.enforcement.map(enforcementItem)],
        });
    }
    for (const policy of diff.policies) {
        const mark = { added: "➕", removed: "➖", changed: "✏️" }[policy.change];
        blocks.push({ lines: ["", `${mark} **${escapeMarkdown(policyHeadline(policy))}**`] });
        if (policy.change === "changed" && policy.fields.length > 0) {
            blocks.push({
                lines: policy.fields.map(fieldLine),
                fold: policy.fields.length > foldAfterLines ? `${policy.fields.length} changes` : undefined,
                cuttable: { stack: diff.stack },
            });
        }
    }
    const { added, removed } = diff.resources;
    if (added.length + removed.length > 0) {
        blocks.push({
            lines: [...removed.map((r) => `- ➖ ${code(r.type)} ${code(r.name)}`), ...added.map((r) => `- ➕ ${code(r.type)} ${code(r.name)}`)],
            fold: `Other resources: ${added.length} added, ${removed.length} removed`,
            cuttable: { stack: diff.stack },
        });
    }
    return blocks;
}

function summaryTable(report: DiffReport): string[] {
    const rows = report.stacks.map((d) => {
        const enforcement = d.enforcement.length > 0 ? `⚠️ ${d.enforcement.length}` : "none";
        const counts = (["added", "changed", "removed"] as const).map((c) => [c, d.policies.filter((p) => p.change === c).length] as const).filter(([, n]) => n > 0);
        const policies = d.status === "failed" ? "plan failed" : counts.length > 0 ? counts.map(([c, n]) => `${n} ${c}`).join(", ") : "none";
        const { added, removed } = d.resources;
        const resources = added.length + removed.length > 0 ? `${added.length} added, ${removed.length} removed` : "none";
        return `| ${arrows(escapeMarkdown(d.title))} | ${enforcement} | ${policies} | ${resources} |`;
    });
    return ["| Stack | Enforcement changes | Policies | Other resources |", "|---|---|---|---|", ...rows];
}

export function formatDiffMarkdown(report: DiffReport, budget = defaultMarkdownBudget): string {
    const blocks: Block[] = [{
        lines: ["### Token Protection: Conditional Access policy diff", "", `${arrows(escapeMarkdown(report.heading))}. ${offlineNote}`, "", ...summaryTable(report)],
    }];
    for (const diff of report.stacks.filter((d) => d.status !== "unchanged")) {
        blocks.push(...stackBlocks(diff));
    }
    if (report.stacks.every((d) => d.status === "unchanged")) {
        blocks.push({ lines: ["", "No Conditional Access policy or resource changes in any stack."] });
    }
    return fit(blocks, budget, report);
}

function render(block: Block, lines = block.lines, note?: string): string[] {
    const body = note ? [...lines, note] : lines;
    return block.fold ? ["", `<details><summary>${escapeMarkdown(block.fold)}</summary>`, "", ...body, "", "</details>"] : body;
}

const size = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0);

function cutNote(count: number, stack: string, report: DiffReport): string {
    return `- … ${count} more line${count === 1 ? "" : "s"} cut to keep this comment under GitHub's ${githubCommentLimit.toLocaleString("en-US")}-character limit; \`${report.rerun(stack)}\` prints them all.`;
}

/**
 * Everything, when it fits. Otherwise the fixed parts stay whole and the cuttable lists get what is left,
 * in order, each cut list ending with a note; a last resort cuts at a line boundary.
 */
function fit(blocks: Block[], budget: number, report: DiffReport): string {
    const whole = blocks.flatMap((b) => render(b));
    if (size(whole) <= budget) {
        return whole.join("\n");
    }
    const noteReserve = (b: Block) => cutNote(Number.MAX_SAFE_INTEGER, b.cuttable!.stack, report).length + 1;
    const fixed = blocks.reduce((n, b) => n + (b.cuttable ? size(render(b, [])) + noteReserve(b) : size(render(b))), 0);
    let room = budget - fixed;
    const out: string[] = [];
    for (const block of blocks) {
        if (!block.cuttable) {
            out.push(...render(block));
            continue;
        }
        const kept: string[] = [];
        for (const line of block.lines) {
            if (line.length + 1 > room) {
                break;
            }
            kept.push(line);
            room -= line.length + 1;
        }
        const cut = block.lines.length - kept.length;
        out.push(...render(block, kept, cut > 0 ? cutNote(cut, block.cuttable.stack, report) : undefined));
    }
    return lastResort(out, budget);
}

function lastResort(lines: string[], budget: number): string {
    if (size(lines) <= budget) {
        return lines.join("\n");
    }
    const note = `_… the rest of this diff is cut to keep the comment under GitHub's ${githubCommentLimit.toLocaleString("en-US")}-character limit; run \`npx tp-rollout diff\` locally for all of it._`;
    const kept: string[] = [];
    let used = note.length + 2;
    for (const line of lines) {
        const piece = line.length > budget / 4 ? `${line.slice(0, Math.floor(budget / 4))}…` : line;
        if (used + piece.length + 1 > budget) {
            break;
        }
        kept.push(piece);
        used += piece.length + 1;
    }
    // An unclosed <details> would swallow the note.
    const open = kept.filter((l) => l.startsWith("<details>")).length - kept.filter((l) => l === "</details>").length;
    return [...kept, ...(open > 0 ? ["", "</details>"] : []), "", note].join("\n");
}
