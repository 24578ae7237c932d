// The streaming parts: the JSON record splitter under any chunking, the scope shortcut against the full check
// (it may keep too much, never too little), the string and byte forms of the shortcut agreeing, and the Id set.
import assert from "node:assert/strict";
import fc from "fast-check";
import { AppIds, protectedAppNames } from "../../model/conditionalAccess";
import { protectedResourceOf } from "../../evidence/definitions";
import { IdSet } from "../../evidence/analyzer/dedupe";
import { writeIdWords } from "../../evidence/analyzer/facts";
import { markCandidateLines, mayNameProtectedResource } from "../../evidence/analyzer/prefilter";
import { firstResourceName } from "../../evidence/analyzer/producer";
import { readSignInFields, text } from "../../evidence/analyzer/recordShapes";
import { JsonRecordScanner } from "../../evidence/input/jsonScanner";

const resourceIds = [...Object.values(AppIds), AppIds.exchangeOnline.toUpperCase(), "00000003-0000-0000-c000-000000000000", "797f4846-ba00-4fd7-ba43-dac1f8f63013", "", "x\\u0030"];
const resourceNames = [...Object.values(protectedAppNames), "Windows Virtual Desktop", "Microsoft Graph", "Azure Resource Manager", "", 'quote "inside"', "office 365 exchange online"];

const recordArb = fc.record({
    shape: fc.constantFrom("logAnalytics", "graph", "diagnostic"),
    resourceId: fc.constantFrom(...resourceIds),
    resourceName: fc.constantFrom(...resourceNames),
    // Keys that look like the resource keys but are not, holding protected values: only the real keys count.
    extra: fc.dictionary(
        fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("xresourceId", "resourceIdx", "ResourceIdentity2", "resourceDisplayNames", "appDisplayName", "Disp")),
        fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null), fc.constantFrom(...resourceIds.slice(0, 6), ...resourceNames.slice(0, 6))),
        { maxKeys: 4 },
    ),
    spaced: fc.boolean(),
});

function recordOf(r: { shape: string; resourceId: string; resourceName: string; extra: Record<string, unknown> }): Record<string, unknown> {
    const rid = r.resourceId.replace("\\u0030", "0");
    if (r.shape === "logAnalytics") return { ...r.extra, TimeGenerated: "2026-03-01T00:00:00Z", Id: "i", ResourceIdentity: rid, ResourceDisplayName: r.resourceName };
    const signIn = { ...r.extra, id: "i", createdDateTime: "2026-03-01T00:00:00Z", resourceId: rid, resourceDisplayName: r.resourceName };
    if (r.shape === "graph") return signIn;
    return { time: "2026-03-01T00:00:00Z", resourceId: "/tenants/t/providers/Microsoft.aadiam", category: "SignInLogs", properties: signIn };
}

function serialise(record: Record<string, unknown>, spaced: boolean, escapeId: boolean): string {
    let t = spaced ? JSON.stringify(record).replace(/":/g, '": ').replace(/,"/g, ', "') : JSON.stringify(record);
    if (escapeId) t = t.replace(/"(ResourceIdentity|resourceId)":\s*"0/, '"$1":"\\u0030');
    return t;
}

/** Runs the byte-level scope shortcut over lines laid out as one NDJSON buffer. */
function markLines(lines: string[]): { marks: Uint8Array; names: (string | undefined)[] } {
    const buffer = Buffer.from(lines.join("\n") + "\n", "utf8");
    const starts = new Int32Array(lines.length);
    const ends = new Int32Array(lines.length);
    let at = 0;
    lines.forEach((line, i) => {
        starts[i] = at;
        ends[i] = at + Buffer.byteLength(line);
        at = ends[i] + 1;
    });
    const marks = new Uint8Array(lines.length);
    const names: (string | undefined)[] = new Array(lines.length);
    markCandidateLines(buffer, starts, ends, lines.length, marks, names);
    return { marks, names };
}

describe("evidence readers", () => {
    it("the scope shortcut never sets aside a record the full check counts, and both forms agree", () => {
        fc.assert(
            fc.property(fc.array(recordArb, { minLength: 1, maxLength: 8 }), (records) => {
                const lines = records.map((r) => serialise(recordOf(r), r.spaced, r.resourceId.includes("\\u0030")));
                const { marks } = markLines(lines);
                lines.forEach((line, i) => {
                    const fields = readSignInFields(JSON.parse(line))!;
                    const inScope = protectedResourceOf(text(fields.resourceId), text(fields.resourceDisplayName)) !== undefined;
                    const kept = mayNameProtectedResource(line);
                    assert.equal(marks[i] === 1, kept, `byte and string forms disagree on ${line}`);
                    if (inScope) assert.ok(kept, `set aside a protected record: ${line}`);
                    if (!inScope && !line.includes("\\")) assert.ok(!kept, `kept an out-of-scope record it could read: ${line}`);
                });
            }),
            { numRuns: 300 },
        );
    });

    it("the byte form compares protected values as the string form does: any case, any non-ASCII, several keys a line", () => {
        // Each character of a protected value kept, upper- or lower-cased, or swapped for a look-alike beyond
        // ASCII (the Kelvin sign lower-cases to "k", "İ" to "i̇"); the byte form reads values as Latin-1.
        const change = fc.oneof({ arbitrary: fc.constant("keep"), weight: 30 }, { arbitrary: fc.constantFrom("upper", "lower"), weight: 4 }, { arbitrary: fc.constantFrom("K", "İ", "é", "É"), weight: 1 });
        const mangled = fc
            .tuple(fc.constantFrom(...resourceIds.slice(0, 7), ...resourceNames.slice(0, 8)), fc.array(change, { minLength: 40, maxLength: 40 }))
            .map(([value, how]) => [...value].map((c, i) => (how[i] === "keep" ? c : how[i] === "upper" ? c.toUpperCase() : how[i] === "lower" ? c.toLowerCase() : how[i])).join(""));
        const seen = new Set<number>();
        const lineArb = fc.array(fc.tuple(fc.constantFrom("resourceId", "ResourceIdentity", "resourceDisplayName", "ResourceDisplayName", "userId", "appDisplayName"), mangled), { minLength: 1, maxLength: 4 });
        fc.assert(
            fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), (specs) => {
                const lines = specs.map((fields) => `{${fields.map(([key, value], i) => `"${i === 0 ? "" : "n"}${"x".repeat(i)}":0,"${key}":${JSON.stringify(value)}`).join(",")}}`);
                const { marks, names } = markLines(lines);
                lines.forEach((line, i) => {
                    assert.equal(marks[i] === 1, mayNameProtectedResource(line), `byte and string forms disagree on ${line}`);
                    if (marks[i] === 0) assert.equal(names[i], firstResourceName(line), `first display name of ${line}`);
                    seen.add(marks[i]);
                });
            }),
            { numRuns: 400 },
        );
        assert.deepEqual([...seen].sort(), [0, 1], "both kept and set-aside lines were generated");
    });

    it("splits JSON into the same records however the text is chunked", () => {
        const recordsArb = fc.array(fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }))), { minLength: 1, maxLength: 6 });
        fc.assert(
            fc.property(recordsArb, fc.constantFrom("array", "value", "records", "concatenated"), fc.array(fc.nat(), { maxLength: 6 }), (records, layout, cuts) => {
                const text =
                    layout === "array" ? JSON.stringify(records, null, 2)
                    : layout === "concatenated" ? records.map((r) => JSON.stringify(r, null, 1)).join("\n")
                    : JSON.stringify({ "@odata.context": "x[{", [layout]: records, "@odata.nextLink": "y" });
                const positions = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
                const found: string[] = [];
                const scanner = new JsonRecordScanner("f", (r) => found.push(r.text));
                let from = 0;
                for (const p of [...positions, text.length]) {
                    scanner.push(text.slice(from, p));
                    from = p;
                }
                scanner.end();
                assert.deepEqual(found.map((t) => JSON.parse(t)), JSON.parse(JSON.stringify(records)));
            }),
            { numRuns: 300 },
        );
    });

    it("the Id set holds exactly the distinct Ids, GUID or not, through growth", () => {
        fc.assert(
            fc.property(fc.array(fc.oneof(fc.uuid(), fc.string({ maxLength: 10 }), fc.constant("00000000-0000-0000-0000-000000000000")), { maxLength: 400 }), (ids) => {
                const set = new IdSet(4);
                const ints = new Int32Array(4);
                const seen = new Set<string>();
                for (const id of ids) {
                    writeIdWords(id, ints, 0);
                    assert.equal(set.add(ints, 0), !seen.has(id), id);
                    seen.add(id);
                    assert.ok(set.has(ints, 0));
                }
                assert.equal(set.size, seen.size);
            }),
            { numRuns: 100 },
        );
    });
});
