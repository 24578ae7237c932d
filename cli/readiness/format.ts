import { ItemStatus, ReadinessReport } from "./assess";

const statusWord: Record<ItemStatus, string> = { pass: "PASS", fail: "FAIL", "needs-attestation": "NEEDS ATTESTATION" };

function verdict(report: ReadinessReport): string {
    const counts = (s: ItemStatus) => report.items.filter((i) => i.status === s).length;
    return report.ready
        ? "READY: every checklist item passes"
        : `NOT READY: ${counts("fail")} failing, ${counts("needs-attestation")} awaiting attestation, ${counts("pass")} passing`;
}

function header(report: ReadinessReport, source: string, today: Date): string[] {
    return [
        `Readiness of stack "${report.stack}" (wave ${report.wave}) for enforcement, ${today.toISOString().slice(0, 10)}: ${verdict(report)}`,
        `Plan items: the wave's policies as they would deploy enforced, through the policy pack's rules. Log items: ${source}.`,
    ];
}

export function renderReadinessText(report: ReadinessReport, source: string, today: Date): string {
    const lines = [...header(report, source, today), ""];
    for (const item of report.items) {
        lines.push(`${String(item.number).padStart(2)}. [${statusWord[item.status]}] ${item.title}`, ...item.evidence.map((e) => `      ${e}`));
    }
    return lines.join("\n") + "\n";
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderReadinessMarkdown(report: ReadinessReport, source: string, today: Date): string {
    const [title, subtitle] = header(report, source, today);
    const lines = [
        `### ${cell(title)}`,
        "",
        subtitle,
        "",
        "| # | Checklist item | Status | Evidence |",
        "|---|---|---|---|",
        ...report.items.map((i) => `| ${i.number} | ${cell(i.title)} | ${statusWord[i.status]} | ${i.evidence.map(cell).join("<br>")} |`),
    ];
    return lines.join("\n") + "\n";
}
