// Wiring for the Graph specs and the benchmark: an emulator, the real client pointed at it with a test
// credential (the only fake), and the real provider on top.
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { createDefaultHttpClient, HttpClient } from "@azure/core-rest-pipeline";
import { ConditionalAccessClient, GraphClientOptions } from "../../graph/client";
import { createConditionalAccessPolicyProvider, PolicyInputs, PolicyOutputs, ProviderOptions } from "../../graph/provider";
import type { dynamic } from "@pulumi/pulumi";
import { parseWaveConfig } from "../../components/config";
import { tokenProtectionBody } from "../../components/policyBodies";
import { CaPolicyBody, RoleTemplateIds } from "../../model/conditionalAccess";
import { EmulatorOptions, GraphEmulator } from "./graphEmulator";

/** Issues a new, recognisable token on every call, and counts the calls. */
export class CountingTestCredential implements TokenCredential {
    calls = 0;
    readonly issued: string[] = [];

    async getToken(): Promise<AccessToken> {
        this.calls++;
        const token = `emulator-secret-token-${this.calls}-${Math.random().toString(36).slice(2, 10)}`;
        this.issued.push(token);
        return { token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 };
    }
}

/** The scaled interval: the client paces at it and the emulator throttles at it. */
export const testIntervalMs = 40;
/**
 * How far under the interval an arrival may come before the emulator throttles it. The emulator shares
 * the test's event loop, so a stall on a busy machine delays one arrival and shortens the next gap; an
 * unpaced client still gets its 429s (its gaps are ~0 ms). Pacing itself is measured at the client.
 */
export const testToleranceMs = 30;

export interface Harness {
    emulator: GraphEmulator;
    client: ConditionalAccessClient;
    credential: CountingTestCredential;
    provider: dynamic.ResourceProvider<PolicyInputs, PolicyOutputs>;
    warnings: string[];
    close(): Promise<void>;
}

export async function startHarness(options: { emulator?: EmulatorOptions; client?: Partial<GraphClientOptions>; provider?: ProviderOptions } = {}): Promise<Harness> {
    const emulator = await GraphEmulator.start({
        rateLimit: { requests: 1, intervalMs: testIntervalMs, toleranceMs: testToleranceMs },
        ...options.emulator,
    });
    const credential = new CountingTestCredential();
    const client = new ConditionalAccessClient({
        baseUrl: emulator.baseUrl,
        credential,
        minIntervalMs: testIntervalMs,
        maxTotalMs: 10_000,
        attemptTimeoutMs: 2_000,
        env: {},
        ...options.client,
    });
    const warnings: string[] = [];
    const provider = createConditionalAccessPolicyProvider(() => client, { settleMs: testIntervalMs, warn: (m) => warnings.push(m), ...options.provider });
    return { emulator, client, credential, provider, warnings, close: () => emulator.close() };
}

export const groupIds = ["6F1C2B3A-0D4E-4F5A-9B8C-7D6E5F4A3B2C", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"];
export const breakGlassIds = ["11111111-2222-4333-8444-555555555555", "66666666-7777-4888-9999-aaaaaaaaaaaa"];

/**
 * A pilot wave's Token Protection policy, report-only, built by the package's own builder
 * (components/policyBodies.ts) from a pilot config: test groups (one ID upper-case, so comparisons must be
 * case-blind), two roles, guests excluded, the Windows App resources.
 */
export function pilotBody(overrides: Partial<CaPolicyBody> = {}): CaPolicyBody {
    const roles = [RoleTemplateIds.globalAdministrator, RoleTemplateIds.conditionalAccessAdministrator];
    const config = parseWaveConfig("pilot", {
        wave: "pilot",
        enforcement: "reportOnly",
        windowsApp: "true",
        breakGlassUserIds: JSON.stringify(breakGlassIds),
        scope: JSON.stringify({ groupIds, roleTemplateIds: roles, excludeGuests: true }),
    });
    return { ...tokenProtectionBody(config, { includeUsers: [], includeGroups: [...groupIds], includeRoles: roles }), ...overrides };
}

/** A stored policy without what the server adds: what the package wrote, for exact comparisons. */
export function written(stored: Record<string, unknown>): Record<string, unknown> {
    const { id: _id, createdDateTime: _c, modifiedDateTime: _m, ...rest } = stored;
    return rest;
}

/** Requests by method, with the emulator's log in the failure message when they differ. */
export function assertCounts(emulator: GraphEmulator, expected: Record<string, number>): void {
    const log = emulator.requests.map((r) => `${r.method} ${r.path} -> ${r.outcome}${r.throttled ? " (throttled)" : ""}${r.fault ? ` [${r.fault}]` : ""}`);
    assert.deepEqual(emulator.counts(), expected, `requests sent:\n  ${log.join("\n  ")}`);
}

/** The default HTTP client, noting when each request leaves the pipeline (after pacing). */
export function timedHttpClient(): { httpClient: HttpClient; sentAt: number[] } {
    const inner = createDefaultHttpClient();
    const sentAt: number[] = [];
    return {
        sentAt,
        httpClient: {
            sendRequest: (request) => {
                sentAt.push(performance.now());
                return inner.sendRequest(request);
            },
        },
    };
}
