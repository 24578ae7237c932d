// A unified diff of two small texts (stack files), in the format `git diff` and `patch` read: what
// `rollback --dry-run` shows an operator before anything is written.

type Op = { kind: " " | "-" | "+"; line: string };

/** Line operations by longest common subsequence; stack files are small, so O(n*m) is fine. */
function lineOps(a: string[], b: string[]): Op[] {
    const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
            lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
    }
    const ops: Op[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        if (i < a.length && j < b.length && a[i] === b[j]) {
            ops.push({ kind: " ", line: a[i++] });
            j++;
        } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
            ops.push({ kind: "+", line: b[j++] });
        } else {
            ops.push({ kind: "-", line: a[i++] });
        }
    }
    // Within a run of changes, removals read best before additions.
    for (let k = 0; k < ops.length; k++) {
        if (ops[k].kind === " ") continue;
        let end = k;
        while (end < ops.length && ops[end].kind !== " ") end++;
        const run = ops.slice(k, end);
        ops.splice(k, run.length, ...run.filter((o) => o.kind === "-"), ...run.filter((o) => o.kind === "+"));
        k = end - 1;
    }
    return ops;
}

function splitLines(text: string): string[] {
    const lines = text.split("\n");
    return text.endsWith("\n") ? lines.slice(0, -1) : lines;
}

/** `--- a/<path>` / `+++ b/<path>` and hunks with `context` lines around each change; "" when equal. */
export function unifiedDiff(before: string, after: string, filePath: string, context = 3): string {
    const ops = lineOps(splitLines(before), splitLines(after));
    const changed = ops.map((op, index) => (op.kind === " " ? -1 : index)).filter((index) => index >= 0);
    if (changed.length === 0) {
        return "";
    }
    // Group changes whose context windows touch into one hunk.
    const hunks: [number, number][] = [];
    for (const index of changed) {
        const start = Math.max(0, index - context);
        const end = Math.min(ops.length - 1, index + context);
        const last = hunks[hunks.length - 1];
        if (last && start <= last[1] + 1) {
            last[1] = end;
        } else {
            hunks.push([start, end]);
        }
    }
    const out = [`--- a/${filePath}`, `+++ b/${filePath}`];
    for (const [start, end] of hunks) {
        const before = ops.slice(0, start);
        const oldStart = before.filter((o) => o.kind !== "+").length + 1;
        const newStart = before.filter((o) => o.kind !== "-").length + 1;
        const body = ops.slice(start, end + 1);
        const oldCount = body.filter((o) => o.kind !== "+").length;
        const newCount = body.filter((o) => o.kind !== "-").length;
        out.push(`@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@`);
        out.push(...body.map((o) => `${o.kind}${o.line}`));
    }
    return out.join("\n");
}
