// Counting a request once, by sign-in Id, across every file, in memory that does not grow with the input.
// Ids are held as 128-bit keys in an open-addressing table of typed arrays (16 bytes a key, no per-entry
// objects). When the table reaches its cap, it freezes: later facts whose Id it holds are duplicates, and
// the rest go to partition files on disk by a hash of the Id. Each partition is then deduplicated on its
// own, so memory is bounded by the cap plus one partition, however many rows the input has. The first
// occurrence wins either way, because partition files keep input order.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../errors";
import { factWidth } from "./facts";

function hashWords(a: number, b: number, c: number, d: number): number {
    let h = Math.imul(a ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35) ^ Math.imul(d, 0x27d4eb2f), 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return (h ^ (h >>> 12)) >>> 0;
}

/** A set of 128-bit keys. The all-zero key is tracked apart, since zero marks an empty slot. */
export class IdSet {
    private slots: Int32Array;
    private mask: number;
    private zeroSeen = false;
    size = 0;

    constructor(expected = 1 << 12) {
        let capacity = 1 << 12;
        while (capacity < expected * 2) capacity <<= 1;
        this.slots = new Int32Array(capacity * 4);
        this.mask = capacity - 1;
    }

    /** Bytes the table holds. */
    get bytes(): number {
        return this.slots.byteLength;
    }

    /** Adds the key at ints[at..at+3]; true when it was not there yet. */
    add(ints: Int32Array, at: number): boolean {
        const a = ints[at], b = ints[at + 1], c = ints[at + 2], d = ints[at + 3];
        if ((a | b | c | d) === 0) {
            if (this.zeroSeen) return false;
            this.zeroSeen = true;
            this.size++;
            return true;
        }
        if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.grow();
        return this.insert(a, b, c, d);
    }

    has(ints: Int32Array, at: number): boolean {
        const a = ints[at], b = ints[at + 1], c = ints[at + 2], d = ints[at + 3];
        if ((a | b | c | d) === 0) return this.zeroSeen;
        const slots = this.slots;
        for (let i = hashWords(a, b, c, d) & this.mask; ; i = (i + 1) & this.mask) {
            const s = i * 4;
            if ((slots[s] | slots[s + 1] | slots[s + 2] | slots[s + 3]) === 0) return false;
            if (slots[s] === a && slots[s + 1] === b && slots[s + 2] === c && slots[s + 3] === d) return true;
        }
    }

    private insert(a: number, b: number, c: number, d: number): boolean {
        const slots = this.slots;
        for (let i = hashWords(a, b, c, d) & this.mask; ; i = (i + 1) & this.mask) {
            const s = i * 4;
            if ((slots[s] | slots[s + 1] | slots[s + 2] | slots[s + 3]) === 0) {
                slots[s] = a;
                slots[s + 1] = b;
                slots[s + 2] = c;
                slots[s + 3] = d;
                this.size++;
                return true;
            }
            if (slots[s] === a && slots[s + 1] === b && slots[s + 2] === c && slots[s + 3] === d) return false;
        }
    }

    private grow(): void {
        const old = this.slots;
        this.slots = new Int32Array(old.length * 2);
        this.mask = (this.mask << 1) | 1;
        const zero = this.zeroSeen;
        this.size = zero ? 1 : 0;
        for (let s = 0; s < old.length; s += 4) {
            if ((old[s] | old[s + 1] | old[s + 2] | old[s + 3]) !== 0) this.insert(old[s], old[s + 1], old[s + 2], old[s + 3]);
        }
    }
}

export interface DeduperOptions {
    /** Distinct Ids held in memory before spilling (about 32 bytes each). */
    readonly memoryIds: number;
    readonly partitions: number;
    /** Where partition files go; a fresh directory under it is removed when done. */
    readonly tempDirectory?: string;
}

export const defaultDeduperOptions: DeduperOptions = { memoryIds: 3_000_000, partitions: 64 };

const bytesPerFact = factWidth * 4;

class PartitionWriter {
    private buffer = Buffer.allocUnsafe(1 << 16);
    private used = 0;
    facts = 0;
    private fd: number | undefined;

    constructor(readonly file: string) {}

    write(ints: Int32Array, at: number): void {
        if (this.used + bytesPerFact > this.buffer.length) this.flush();
        Buffer.from(ints.buffer, ints.byteOffset + at * 4, bytesPerFact).copy(this.buffer, this.used);
        this.used += bytesPerFact;
        this.facts++;
    }

    flush(): void {
        if (this.used === 0) return;
        try {
            this.fd ??= fs.openSync(this.file, "a");
            fs.writeSync(this.fd, this.buffer, 0, this.used);
        } catch (err) {
            throw new InputError(`cannot write the sign-in Id spill file ${this.file}: ${(err as Error).message} (set TMPDIR to a disk with room)`);
        }
        this.used = 0;
    }

    close(): void {
        this.flush();
        if (this.fd !== undefined) fs.closeSync(this.fd);
        this.fd = undefined;
    }
}

/** Passes each fact with a new Id to `onFirst`, counts the rest as duplicates. */
export class Deduper {
    private readonly memory: IdSet;
    private partitions: PartitionWriter[] | undefined;
    private directory: string | undefined;
    duplicates = 0;
    spilledFacts = 0;

    constructor(private readonly onFirst: (ints: Int32Array, at: number) => void, private readonly options: DeduperOptions = defaultDeduperOptions) {
        this.memory = new IdSet(Math.min(options.memoryIds, 1 << 16));
    }

    get spilled(): boolean {
        return this.partitions !== undefined;
    }

    add(ints: Int32Array, at: number): void {
        if (this.partitions) {
            if (this.memory.has(ints, at)) {
                this.duplicates++;
                return;
            }
            const p = hashWords(ints[at + 3], ints[at + 2], ints[at + 1], ints[at]) % this.partitions.length;
            this.partitions[p].write(ints, at);
            this.spilledFacts++;
            return;
        }
        if (!this.memory.add(ints, at)) {
            this.duplicates++;
            return;
        }
        this.onFirst(ints, at);
        if (this.memory.size >= this.options.memoryIds) this.startSpilling();
    }

    private startSpilling(): void {
        this.directory = fs.mkdtempSync(path.join(this.options.tempDirectory ?? os.tmpdir(), "tp-analyze-"));
        const dir = this.directory;
        this.partitions = Array.from({ length: this.options.partitions }, (_, i) => new PartitionWriter(path.join(dir, `partition-${i}.facts`)));
    }

    /** Deduplicates the spilled partitions one at a time, then removes them. */
    finish(onProgress?: (partition: number, of: number) => void): void {
        if (!this.partitions || !this.directory) return;
        try {
            this.partitions.forEach((partition, index) => {
                onProgress?.(index + 1, this.partitions!.length);
                partition.close();
                if (partition.facts === 0) return;
                const bytes = fs.readFileSync(partition.file);
                const ints = new Int32Array(bytes.length / 4);
                new Uint8Array(ints.buffer).set(bytes);
                const seen = new IdSet(partition.facts);
                for (let at = 0; at < ints.length; at += factWidth) {
                    if (seen.add(ints, at)) this.onFirst(ints, at);
                    else this.duplicates++;
                }
                fs.rmSync(partition.file);
            });
        } finally {
            fs.rmSync(this.directory, { recursive: true, force: true });
        }
    }

    /** Removes partition files after a failure. */
    abandon(): void {
        this.partitions?.forEach((p) => p.close());
        if (this.directory) fs.rmSync(this.directory, { recursive: true, force: true });
    }
}
