// The guide's pre-enforcement checklist as a gate: twelve items, each pass / fail / needs-attestation with
// its evidence. Plan items come from the policy pack's rules run over the wave's plan *as if enforced*
// (the question is "what if we flipped it today?"); log items from the analyzer's report; attestations
// from the stack config. Pure: the command gathers the inputs.
import { WaveConfig } from "../../components/config";
import { count } from "../../evidence/format/tables";
import { AnalyzeReport, StatusCodeDetail } from "../../evidence/report";
import { CaPolicyBody, isTokenProtectionPolicy, protectedAppNames, stateLabel } from "../../model/conditionalAccess";
import { deviceKindLabels, recogniseDeviceExclusions, UnsupportedDeviceKind } from "../../model/deviceFilter";
import { RuleName, Violation } from "../../policypack/rules/types";

export type ItemStatus = "pass" | "fail" | "needs-attestation";

export interface ReadinessItem {
    number: number;
    title: string;
    status: ItemStatus;
    evidence: string[];
}

export interface ReadinessInput {
    config: WaveConfig;
    /** The wave's policies as they would be deployed enforced. */
    policies: CaPolicyBody[];
    /** The rules' findings on that plan, at the wave's levels. */
    violations: Violation[];
    /** The sign-in log evidence, when logs or a workspace were given. */
    logs?: AnalyzeReport;
    /** The other stacks of the project, for "the privileged pilot went first". */
    otherStacks: { stack: string; wave: string; enforcement: string }[];
    soakDays: number;
    today: Date;
}

export interface ReadinessReport {
    stack: string;
    wave: string;
    ready: boolean;
    items: ReadinessItem[];
}

const dayMs = 86_400_000;

export function assessReadiness(input: ReadinessInput): ReadinessReport {
    const items = [
        fromRules(1, "Scope is the specific protected resources, not the Office 365 group", input, ["tp-resources-specific"], describeApps),
        fromRules(2, 'Client apps are "Mobile apps and desktop clients" only', input, ["tp-client-apps-native-only"], (p) => [`clientAppTypes: ${p.conditions.clientAppTypes.join(", ")}`]),
        fromRules(3, "Device platforms: Windows; macOS and iOS only in the Apple preview", input, ["tp-platforms-supported"], (p) => [`${p.displayName}: ${(p.conditions.platforms?.includePlatforms ?? []).join(", ")}, ${stateLabel(p.state)}`]),
        fromRules(4, "Device filter excludes the unsupported registration types", input, ["tp-unsupported-devices-excluded"], describeDeviceFilter),
        fromRules(5, "Break-glass accounts are excluded from every policy", input, ["ca-break-glass-excluded"], () => [`${count(input.config.breakGlassUserIds.length, "break-glass account")} excluded from ${count(input.policies.length, "policy")}`]),
        exchangePowerShell(input),
        soak(input),
        logsAnalysed(input),
        unboundCategorised(input),
        fromRules(10, "Companion policies (block unknown platforms, require compliance) are deployed and enforced", input, ["tp-companion-policies"], undefined, companionEvidence(input)),
        pilotScope(input),
        rollbackPlan(input),
    ];
    return { stack: input.config.stack, wave: input.config.wave, ready: items.every((i) => i.status === "pass"), items };
}

function tokenProtectionPolicies(input: ReadinessInput): CaPolicyBody[] {
    return input.policies.filter((p) => isTokenProtectionPolicy(p));
}

function findings(input: ReadinessInput, rules: RuleName[]): string[] {
    return input.violations.filter((v) => rules.includes(v.rule)).map((v) => `${v.policy}: ${v.message}`);
}

/** An item decided by rules of the policy pack: it passes when they find nothing. */
function fromRules(number: number, title: string, input: ReadinessInput, rules: RuleName[], describe?: (p: CaPolicyBody) => string[], extra: string[] = []): ReadinessItem {
    const problems = findings(input, rules);
    const evidence = problems.length > 0
        ? problems
        : [...(describe ? tokenProtectionPolicies(input).flatMap(describe) : []), ...extra];
    return { number, title, status: problems.length > 0 ? "fail" : "pass", evidence: evidence.length > 0 ? evidence : [`${rules.join(", ")}: no finding`] };
}

function describeApps(p: CaPolicyBody): string[] {
    return [`${p.displayName}: ${p.conditions.applications.includeApplications.map((id) => protectedAppNames[id] ?? id).join(", ")}`];
}

function describeDeviceFilter(p: CaPolicyBody): string[] {
    if (!p.conditions.platforms?.includePlatforms.includes("windows")) {
        return [];
    }
    const rule = p.conditions.devices?.deviceFilter.rule;
    if (!rule) {
        return [`${p.displayName}: no device filter (the config says the tenant has none of the unsupported kinds)`];
    }
    const { kinds, autopilotProfileNames } = recogniseDeviceExclusions(rule);
    const named = [...kinds.map((k) => deviceKindLabels[k]), ...autopilotProfileNames.map((n) => `Autopilot profile "${n}"`)];
    return [`${p.displayName}: excludes ${named.join(", ")}`];
}

function companionEvidence(input: ReadinessInput): string[] {
    return input.policies.filter((p) => !isTokenProtectionPolicy(p)).map((p) => `${p.displayName}: ${stateLabel(p.state)} when the wave is enforced`);
}

function exchangePowerShell(input: ReadinessInput): ReadinessItem {
    const title = "Exchange Online PowerShell is 3.7.0 or later on every management endpoint";
    const problems = findings(input, ["tp-exo-powershell-version"]);
    const inventory = input.config.exoPowerShellInventory;
    if (problems.length > 0) {
        return { number: 6, title, status: "fail", evidence: problems };
    }
    if (inventory.length === 0) {
        return { number: 6, title, status: "needs-attestation", evidence: ["No inventory: list each management endpoint and its ExchangeOnlineManagement version in token-protection:exoPowerShellInventory."] };
    }
    return { number: 6, title, status: "pass", evidence: inventory.map((e) => `${e.endpoint}: ${e.version}`) };
}

function soak(input: ReadinessInput): ReadinessItem {
    const title = `Report-only has run for at least ${input.soakDays} days (28 is safer)`;
    const since = input.config.reportOnlySince;
    if (!since) {
        return { number: 7, title, status: "fail", evidence: ["token-protection:reportOnlySince is not set: record the day this population's report-only soak began."] };
    }
    const days = Math.floor((input.today.getTime() - Date.parse(`${since}T00:00:00Z`)) / dayMs);
    const evidence = [`Report-only since ${since}: ${count(days, "day")}.`];
    let ok = days >= input.soakDays;
    if (!ok) {
        evidence.push(`Wait until ${new Date(Date.parse(`${since}T00:00:00Z`) + input.soakDays * dayMs).toISOString().slice(0, 10)} before enforcing.`);
    }
    if (input.logs) {
        for (const [table, coverage] of Object.entries(input.logs.tables)) {
            const span = coverage.firstDay && coverage.lastDay ? (Date.parse(coverage.lastDay) - Date.parse(coverage.firstDay)) / dayMs + 1 : 0;
            evidence.push(`${table}: ${coverage.present ? `${count(span, "day")} of sign-ins (${coverage.firstDay ?? "-"} to ${coverage.lastDay ?? "-"})` : "absent"}.`);
            ok = ok && span >= input.soakDays;
        }
    } else {
        ok = false;
        evidence.push("No sign-in logs given: pass --logs <file...> or --workspace <id> to show the soak in the logs.");
    }
    return { number: 7, title, status: ok ? "pass" : "fail", evidence };
}

function logsAnalysed(input: ReadinessInput): ReadinessItem {
    const title = "Interactive and non-interactive sign-ins are analysed: Bound vs WouldBlock";
    const logs = input.logs;
    if (!logs) {
        return { number: 8, title, status: "fail", evidence: ["No sign-in logs given: pass --logs <file...> (both SigninLogs and AADNonInteractiveUserSignInLogs exports) or --workspace <id>."] };
    }
    const evidence: string[] = [];
    let ok = true;
    for (const [table, coverage] of Object.entries(logs.tables)) {
        if (!coverage.present || coverage.requests === 0) {
            ok = false;
            evidence.push(`${table}: no sign-ins to the protected resources. Export this table too: it ${table === "SigninLogs" ? "holds the interactive sign-ins" : "carries the silent token refreshes, about half of the traffic"}.`);
        } else {
            evidence.push(`${table}: ${coverage.requests} requests, ${coverage.bound} bound, ${coverage.unbound} unbound.`);
        }
    }
    const t = logs.totals;
    const evaluated = t.allow + t.wouldBlock + t.block;
    if (evaluated === 0) {
        ok = false;
        evidence.push("No request was evaluated by a Token Protection policy: deploy the report-only wave first and let it run.");
    } else {
        evidence.push(`Token Protection policy applied to ${evaluated} requests: ${t.allow} allowed, ${t.wouldBlock} would be blocked, ${t.block} blocked.`);
    }
    return { number: 8, title, status: ok ? "pass" : "fail", evidence };
}

/** Every 1003 is covered by the device filter or an accepted exception; every other code is accepted by someone. */
function unboundCategorised(input: ReadinessInput): ReadinessItem {
    const title = "Unbound status codes are categorised: every 1003 excluded or remediated, every 1008 explained";
    if (!input.logs) {
        return { number: 9, title, status: "fail", evidence: ["No sign-in logs given: the unbound status codes cannot be categorised."] };
    }
    const exceptions = input.config.unboundExceptions;
    const excluded = input.config.deviceExclusions;
    let status: ItemStatus = "pass";
    const evidence: string[] = [];
    const worsen = (to: ItemStatus) => {
        status = status === "fail" || to === "pass" ? status : to;
    };
    for (const detail of input.logs.statusCodeDetails) {
        const accepted = exceptions.filter((e) => e.code === detail.code);
        const acceptedText = accepted.map((e) => `${e.app ? `${e.app}: ` : ""}${e.reason}`).join("; ");
        const head = `${detail.code ?? "no code"} (${detail.meaning}): ${count(detail.requests, "request")}, ${count(detail.users, "user")}`;
        if (detail.code === 1003) {
            for (const kind of uncoveredKinds(detail, excluded)) {
                if (accepted.length > 0) {
                    evidence.push(`${head}; ${kind.label}: accepted (${acceptedText}).`);
                } else {
                    worsen("fail");
                    const fix = kind.exclusion ? `add to the device filter: ${kind.exclusion}` : (kind.remediation ?? "re-register the devices").replace(/\.$/, "");
                    evidence.push(`${head}; ${count(kind.devices, "device")} ${kind.label}: ${fix}; or accept them in token-protection:unboundExceptions.`);
                }
            }
            for (const kind of (detail.deviceKinds ?? []).filter((k) => k.kind && excluded[k.kind as UnsupportedDeviceKind])) {
                evidence.push(`${head}; ${count(kind.devices, "device")} ${kind.label}: excluded by the device filter.`);
            }
        } else if (accepted.length > 0) {
            evidence.push(`${head}: accepted (${acceptedText}).`);
        } else {
            worsen("needs-attestation");
            evidence.push(`${head}: ${detail.action} Then record it in token-protection:unboundExceptions ({ code: ${detail.code ?? "?"}, reason }).`);
        }
    }
    if (evidence.length === 0) {
        evidence.push("No unbound requests to the protected resources.");
    }
    return { number: 9, title, status, evidence };
}

function uncoveredKinds(detail: StatusCodeDetail, excluded: WaveConfig["deviceExclusions"]) {
    return (detail.deviceKinds ?? []).filter((k) => !(k.kind && excluded[k.kind as UnsupportedDeviceKind]));
}

function pilotScope(input: ReadinessInput): ReadinessItem {
    const title = "The first enforced wave is privileged users on managed Windows endpoints";
    const { config } = input;
    if (config.wave === "pilot") {
        const problems = findings(input, ["tp-pilot-scope"]);
        if (problems.length > 0) {
            return { number: 11, title, status: "fail", evidence: problems };
        }
        const s = config.scope;
        return {
            number: 11, title, status: "pass",
            evidence: [`Pilot population: ${count(s.roleTemplateIds.length, "directory role")}, ${count(s.groupIds.length + (s.memberUserIds.length > 0 ? 1 : 0), "group")}, ${count(s.userIds.length, "user")}; not all users.`],
        };
    }
    const pilots = input.otherStacks.filter((s) => s.wave === "pilot");
    const enforcedPilots = pilots.filter((s) => s.enforcement === "enforced");
    if (enforcedPilots.length > 0) {
        return { number: 11, title, status: "pass", evidence: enforcedPilots.map((s) => `The privileged pilot (stack ${s.stack}) is enforced before this ${config.wave} wave.`) };
    }
    return {
        number: 11, title, status: "fail",
        evidence: [pilots.length > 0 ? `The pilot (stack ${pilots.map((s) => s.stack).join(", ")}) is not enforced yet: enforce the privileged pilot before knowledge workers.` : "No pilot stack: enforce a privileged pilot before this wave."],
    };
}

function rollbackPlan(input: ReadinessInput): ReadinessItem {
    const title = "Rollback plan: who flips the wave back, on what trigger";
    const rollback = input.config.rollback;
    if (!rollback?.owner || !rollback.trigger) {
        return { number: 12, title, status: "needs-attestation", evidence: ["Set token-protection:rollback { owner, trigger }, and rehearse: tp-rollout rollback <stack> --dry-run."] };
    }
    return {
        number: 12, title, status: "pass",
        evidence: [`Owner: ${rollback.owner}.`, `Trigger: ${rollback.trigger}.`, `Command: npx tp-rollout rollback ${input.config.stack} (rehearse with --dry-run; it prints what changes and how Entra propagates it).`],
    };
}
