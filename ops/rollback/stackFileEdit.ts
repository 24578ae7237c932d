// The config change a rollback makes: `token-protection:enforcement` to `reportOnly`, and any companion
// override that is `enforced` to `reportOnly`, in the stack file. The edit is surgical: the YAML Document
// API locates each value and only those characters change, so comments, key order, quoting and line
// wrapping survive byte for byte (re-serialising the document would re-flow all of them).
import * as fs from "fs";
import * as path from "path";
import { Document, isMap, isScalar, parse, parseDocument, YAMLMap } from "yaml";
import { Enforcement } from "../../model/conditionalAccess";
import { configNamespace, WaveConfig } from "../../components/config";
import { loadWaveConfig, ProjectFiles, readStackConfig, StackConfigError, stackConfigFile, waveConfigFromRaw } from "../../components/stackConfig";

export const companionKeys = ["blockUnknownPlatforms", "requireCompliance"] as const;
type CompanionKey = (typeof companionKeys)[number];

export interface ConfigChange {
    /** `token-protection:enforcement` or `token-protection:companions.requireCompliance`. */
    key: string;
    before: Enforcement;
    after: Enforcement;
}

export interface RollbackEdit {
    file: string;
    /** The stack file relative to the project directory, as git and the operator name it. */
    relativePath: string;
    before: string;
    after: string;
    changes: ConfigChange[];
    /** Why a value that could look relevant does not change. */
    notes: string[];
    waveBefore: WaveConfig;
    /** The raw config after the edit, as the program receives it. */
    rawAfter: Record<string, string>;
}

const enforcementKey = `${configNamespace}:enforcement`;
const companionsKey = `${configNamespace}:companions`;

/** Computes the edit; writes nothing. */
export function planRollbackEdit(project: ProjectFiles, stack: string, today?: Date): RollbackEdit {
    const file = stackConfigFile(project, stack);
    const waveBefore = loadWaveConfig(project, stack, today);
    const rawBefore = readStackConfig(project, stack);
    const text = fs.readFileSync(file, "utf8");
    const changes: ConfigChange[] = [];
    const notes: string[] = [];
    const edits: { path: string[]; value: Enforcement }[] = [];

    if (waveBefore.enforcement === "enforced") {
        changes.push({ key: enforcementKey, before: "enforced", after: "reportOnly" });
        edits.push({ path: ["config", enforcementKey], value: "reportOnly" });
    } else if (waveBefore.enforcement === "off") {
        notes.push(`${enforcementKey} stays off: a rollback takes enforcement away and never switches on a policy that is off.`);
    }
    const explicit = companionOverrides(rawBefore[companionsKey]);
    for (const companion of companionKeys) {
        const key = `${companionsKey}.${companion}`;
        const value = explicit[companion];
        if (value === "enforced") {
            changes.push({ key, before: "enforced", after: "reportOnly" });
            edits.push({ path: ["config", companionsKey, companion], value: "reportOnly" });
        } else if (value === "off") {
            notes.push(`${key} stays off: a rollback takes enforcement away and never switches on a policy that is off.`);
        } else if (value === undefined && waveBefore.companions[companion] === "enforced") {
            notes.push(`${key} is not set: the companion follows ${enforcementKey} and goes to report-only with it.`);
        }
    }

    const after = edits.length > 0 ? applyEdits(text, edits, explicit) : text;
    const rawAfter = { ...rawBefore };
    if (edits.some((e) => e.path[1] === enforcementKey)) {
        rawAfter[enforcementKey] = "reportOnly";
    }
    if (edits.some((e) => e.path[1] === companionsKey)) {
        rawAfter[companionsKey] = JSON.stringify(Object.fromEntries(Object.entries(explicit).map(([k, v]) => [k, rolledBack(v)])));
    }
    verify(file, text, after, rawAfter, stack);
    return { file, relativePath: path.relative(project.projectDir, file).split(path.sep).join("/"), before: text, after, changes, notes, waveBefore, rawAfter };
}

function companionOverrides(raw: string | undefined): Partial<Record<CompanionKey, Enforcement>> {
    if (raw === undefined) {
        return {};
    }
    const parsed = JSON.parse(raw) as Partial<Record<CompanionKey, Enforcement>>;
    return Object.fromEntries(companionKeys.filter((k) => parsed[k] !== undefined).map((k) => [k, parsed[k]]));
}

/**
 * Replaces each value in place; inserts a missing key as a new line in its block map. Only when the
 * file's shape leaves no safe place to write (a flow map to extend, no `config:` block) does it fall
 * back to re-serialising the document, which keeps comments but may re-flow lines.
 */
function applyEdits(text: string, edits: { path: string[]; value: Enforcement }[], companions: Partial<Record<CompanionKey, Enforcement>>): string {
    let current = text;
    for (const edit of edits) {
        const doc = parseDocument(current);
        current = replaceScalar(current, doc, edit.path, edit.value)
            ?? insertPair(current, doc, edit.path, edit.value, companions)
            ?? reserialise(current, edit.path, edit.value, companions);
    }
    return current;
}

function formatLike(source: string, value: string): string {
    return source.startsWith("\"") ? JSON.stringify(value) : source.startsWith("'") ? `'${value}'` : value;
}

function replaceScalar(text: string, doc: Document, keyPath: string[], value: string): string | undefined {
    const node = doc.getIn(keyPath, true);
    if (!isScalar(node) || !node.range) {
        return undefined;
    }
    const [start, end] = node.range;
    return text.slice(0, start) + formatLike(text.slice(start, end), value) + text.slice(end);
}

function isBlockMap(node: unknown): node is YAMLMap {
    return isMap(node) && !node.flow && node.items.length > 0;
}

/** A new `key: value` line at the end of the block map that should hold it. */
function insertPair(text: string, doc: Document, keyPath: string[], value: string, companions: Partial<Record<CompanionKey, Enforcement>>): string | undefined {
    const config = doc.getIn(["config"], true);
    if (keyPath.length === 2) {
        return isBlockMap(config) ? appendToMap(text, config, `${keyPath[1]}: ${value}`) : undefined;
    }
    const companionsNode = doc.getIn(keyPath.slice(0, 2), true);
    if (companionsNode === undefined) {
        // The overrides come from Pulumi.yaml. A stack-level map replaces that one whole, so it carries every key.
        return isBlockMap(config) ? appendToMap(text, config, companionsBlock(text, config, companions)) : undefined;
    }
    return isBlockMap(companionsNode) ? appendToMap(text, companionsNode, `${keyPath[2]}: ${value}`) : undefined;
}

function companionsBlock(text: string, config: YAMLMap, companions: Partial<Record<CompanionKey, Enforcement>>): string {
    const indent = childIndent(text, config);
    const entries = companionKeys.filter((k) => companions[k] !== undefined).map((k) => `${indent}  ${k}: ${rolledBack(companions[k]!)}`);
    return [`${companionsKey}:`, ...entries].join("\n");
}

function rolledBack(value: Enforcement): Enforcement {
    return value === "enforced" ? "reportOnly" : value;
}

/** The indentation of a block map's keys, read from its first key's line. */
function childIndent(text: string, map: YAMLMap): string {
    const first = map.items[0].key as { range?: [number, number, number] };
    const offset = first.range?.[0] ?? 0;
    const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
    return text.slice(lineStart, offset);
}

function appendToMap(text: string, map: YAMLMap, entry: string): string | undefined {
    const indent = childIndent(text, map);
    const last = map.items[map.items.length - 1];
    const lastNode = (last.value ?? last.key) as { range?: [number, number, number] } | null;
    if (!/^ *$/.test(indent) || !lastNode?.range) {
        return undefined;
    }
    const valueEnd = lastNode.range[1];
    // After the line the last value ends on (its trailing comment included).
    const newline = text[valueEnd - 1] === "\n" ? valueEnd - 1 : text.indexOf("\n", valueEnd);
    const insertAt = newline === -1 ? text.length : newline + 1;
    const prefix = newline === -1 ? "\n" : "";
    return `${text.slice(0, insertAt)}${prefix}${indent}${entry}\n${text.slice(insertAt)}`;
}

function reserialise(text: string, keyPath: string[], value: string, companions: Partial<Record<CompanionKey, Enforcement>>): string {
    const doc = parseDocument(text);
    if (keyPath[1] === companionsKey && !doc.hasIn(keyPath.slice(0, 2))) {
        doc.setIn(keyPath.slice(0, 2), doc.createNode(Object.fromEntries(Object.entries({ ...companions, [keyPath[2]]: value }).map(([k, v]) => [k, rolledBack(v)]))));
    } else {
        doc.setIn(keyPath, value);
    }
    return doc.toString({ lineWidth: 0 });
}

/**
 * The edited file must mean exactly the intended config: the same document with only the rolled-back
 * values changed, and the program's own parser must accept it.
 */
function verify(file: string, before: string, after: string, rawAfter: Record<string, string>, stack: string): void {
    const expected = parse(before) as { config?: Record<string, unknown> } | null ?? {};
    const actual = parse(after) as { config?: Record<string, unknown> } | null ?? {};
    const config = { ...(expected.config ?? {}) };
    if (rawAfter[enforcementKey] === "reportOnly" && (config[enforcementKey] !== undefined || actual.config?.[enforcementKey] !== undefined)) {
        config[enforcementKey] = "reportOnly";
    }
    if (actual.config?.[companionsKey] !== undefined) {
        config[companionsKey] = JSON.parse(rawAfter[companionsKey]);
    }
    if (canonicalJson({ ...expected, config }) !== canonicalJson(actual)) {
        throw new StackConfigError(`${file}: the rollback edit did not produce the intended config; the file is left unchanged. Edit ${enforcementKey} by hand.`);
    }
    waveConfigFromRaw(stack, rawAfter);
}

function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
        : v));
}
