// A one-line progress indicator on stderr for long runs, only when stderr is a terminal (never in pipes,
// CI logs or --json captures). Redrawn at most five times a second; cleared when done.

export interface Progress {
    update(bytesDone: number, bytesTotal: number, rows: number): void;
    note(text: string): void;
    done(): void;
}

export const silentProgress: Progress = { update() {}, note() {}, done() {} };

function size(bytes: number): string {
    return bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(2)} GiB` : `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
    if (!stream.isTTY) return silentProgress;
    const started = Date.now();
    let last = 0;
    let drawn = false;
    const draw = (text: string) => {
        stream.write(`\r\x1b[2K${text}`);
        drawn = true;
    };
    return {
        update(bytesDone, bytesTotal, rows) {
            const now = Date.now();
            if (now - last < 200) return;
            last = now;
            const seconds = Math.max((now - started) / 1000, 0.001);
            const pct = bytesTotal > 0 ? Math.min(100, (100 * bytesDone) / bytesTotal) : 0;
            const width = 24;
            const filled = Math.round((pct / 100) * width);
            draw(`analyze [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${pct.toFixed(0)}% ${size(bytesDone)} of ${size(bytesTotal)}, ${(rows / 1e6).toFixed(2)} M rows, ${Math.round(rows / seconds / 1000)} k rows/s`);
        },
        note(text) {
            draw(`analyze: ${text}`);
        },
        done() {
            if (drawn) stream.write("\r\x1b[2K");
        },
    };
}
