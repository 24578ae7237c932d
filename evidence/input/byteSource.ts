// One input file as a stream of byte chunks: gzip detected by its magic bytes and decompressed on the fly,
// the first bytes available for format detection, and the compressed bytes read so far for the progress line.
import * as fs from "node:fs";
import * as zlib from "node:zlib";
import { InputError } from "../errors";

const defaultChunkBytes = 1 << 20;

export interface ByteSource {
    readonly file: string;
    readonly size: number;
    readonly gzip: boolean;
    /** Bytes read from disk so far (compressed bytes for gzip). */
    bytesRead(): number;
    /** At least `bytes` of the (decompressed) start of the input, or all of it when shorter. */
    peek(bytes: number): Promise<Buffer>;
    /** Every (decompressed) chunk, the peeked ones included. */
    chunks(): AsyncGenerator<Buffer>;
    /** Stops reading, when the file is read some other way after detection. */
    close(): void;
}

function describeReadError(file: string, err: NodeJS.ErrnoException): InputError {
    if (err.code === "ENOENT") return new InputError(`${file}: no such file`);
    if (err.code === "EISDIR") return new InputError(`${file}: is a directory, not an export file`);
    if (err.code === "EACCES") return new InputError(`${file}: permission denied`);
    if (err.code === "Z_BUF_ERROR" || /unexpected end of file/i.test(err.message)) {
        return new InputError(`${file}: the gzip data is truncated (the file ends before the compressed stream does)`);
    }
    if (typeof err.code === "string" && err.code.startsWith("Z_")) return new InputError(`${file}: the gzip data is corrupt (${err.message})`);
    return new InputError(`${file}: cannot read: ${err.message}`);
}

/** `chunkBytes` only matters to tests that make records straddle chunk boundaries. */
export async function openByteSource(file: string, chunkBytes = defaultChunkBytes): Promise<ByteSource> {
    let size: number;
    let magic = Buffer.alloc(0);
    try {
        const stat = await fs.promises.stat(file);
        if (stat.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
        size = stat.size;
        const handle = await fs.promises.open(file, "r");
        try {
            const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
            magic = buffer.subarray(0, bytesRead);
        } finally {
            await handle.close();
        }
    } catch (err) {
        throw describeReadError(file, err as NodeJS.ErrnoException);
    }
    if (size === 0) throw new InputError(`${file}: the file is empty`);
    const gzip = magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    const raw = fs.createReadStream(file, { highWaterMark: chunkBytes });
    const stream: NodeJS.ReadableStream = gzip ? raw.pipe(zlib.createGunzip({ chunkSize: Math.max(64, chunkBytes) })) : raw;
    if (gzip) raw.on("error", (err) => (stream as zlib.Gunzip).destroy(err));
    const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const peeked: Buffer[] = [];
    let done = false;

    async function next(): Promise<Buffer | undefined> {
        try {
            const result = await iterator.next();
            if (result.done) {
                done = true;
                return undefined;
            }
            return result.value;
        } catch (err) {
            throw describeReadError(file, err as NodeJS.ErrnoException);
        }
    }

    return {
        file,
        size,
        gzip,
        bytesRead: () => raw.bytesRead,
        async peek(bytes: number): Promise<Buffer> {
            let have = peeked.reduce((n, b) => n + b.length, 0);
            while (have < bytes && !done) {
                const chunk = await next();
                if (!chunk) break;
                peeked.push(chunk);
                have += chunk.length;
            }
            return Buffer.concat(peeked);
        },
        close(): void {
            raw.destroy();
        },
        async *chunks(): AsyncGenerator<Buffer> {
            while (peeked.length > 0) yield peeked.shift()!;
            for (;;) {
                const chunk = await next();
                if (!chunk) return;
                yield chunk;
            }
        },
    };
}
