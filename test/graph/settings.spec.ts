// What can point the client away from Microsoft Graph, and what it refuses.
import assert from "node:assert/strict";
import { ConditionalAccessClient } from "../../graph/client";
import { validateBaseUrl } from "../../graph/settings";
import { CountingTestCredential } from "../support/graphHarness";

const allowed = "allowed: an https:// URL, or http:// on a loopback host (127.0.0.1, ::1, localhost)";

describe("graph client settings", () => {
    it("defaults to https://graph.microsoft.com", () => {
        assert.equal(new ConditionalAccessClient({ env: {}, credential: new CountingTestCredential() }).baseUrl, "https://graph.microsoft.com");
    });

    it("accepts https anywhere and http on loopback hosts only", () => {
        assert.equal(validateBaseUrl("https://graph.microsoft.us/", "x"), "https://graph.microsoft.us");
        assert.equal(validateBaseUrl("http://127.0.0.1:8080", "x"), "http://127.0.0.1:8080");
        assert.equal(validateBaseUrl("http://[::1]:8080/", "x"), "http://[::1]:8080");
        assert.equal(validateBaseUrl("http://LOCALHOST:1234", "x"), "http://localhost:1234");
    });

    for (const refused of ["http://graph.microsoft.com", "http://10.0.0.5:8080", "http://127.0.0.2", "ftp://127.0.0.1", "not a url", "https://user:secret@graph.microsoft.com", "https://graph.microsoft.com/?x=1"]) {
        it(`refuses ${refused}`, () => {
            assert.throws(() => validateBaseUrl(refused, "TP_GRAPH_BASE_URL"), {
                name: "ConfigError",
                message: `TP_GRAPH_BASE_URL is ${JSON.stringify(refused)}; ${allowed}`,
            });
        });
    }

    it("reads TP_GRAPH_BASE_URL and names it in the refusal", () => {
        assert.equal(new ConditionalAccessClient({ env: { TP_GRAPH_BASE_URL: "http://127.0.0.1:9" }, credential: new CountingTestCredential() }).baseUrl, "http://127.0.0.1:9");
        assert.throws(() => new ConditionalAccessClient({ env: { TP_GRAPH_BASE_URL: "http://evil.example" } }), {
            name: "ConfigError",
            message: `TP_GRAPH_BASE_URL is "http://evil.example"; ${allowed}`,
        });
    });

    it("prefers the option over the environment, and checks it the same way", () => {
        assert.throws(() => new ConditionalAccessClient({ baseUrl: "http://evil.example", env: { TP_GRAPH_BASE_URL: "http://127.0.0.1:9" } }), {
            message: `the Graph base URL is "http://evil.example"; ${allowed}`,
        });
    });

    it("accepts the emulator's test token only with a loopback base URL", () => {
        assert.doesNotThrow(() => new ConditionalAccessClient({ env: { TP_GRAPH_BASE_URL: "http://127.0.0.1:9", TP_GRAPH_TEST_TOKEN: "emulator-token" } }));
        assert.throws(() => new ConditionalAccessClient({ env: { TP_GRAPH_TEST_TOKEN: "emulator-token" } }), {
            name: "ConfigError",
            message: "TP_GRAPH_TEST_TOKEN is set but the Graph base URL is https://graph.microsoft.com; the test token is only sent to a loopback emulator",
        });
    });

    it("paces faster than Graph's 1 request per second only against a loopback emulator", () => {
        assert.equal(new ConditionalAccessClient({ env: {}, credential: new CountingTestCredential() }).minIntervalMs, 1000);
        assert.equal(new ConditionalAccessClient({ env: { TP_GRAPH_BASE_URL: "http://127.0.0.1:9", TP_GRAPH_MIN_INTERVAL_MS: "20" }, credential: new CountingTestCredential() }).minIntervalMs, 20);
        assert.throws(() => new ConditionalAccessClient({ env: { TP_GRAPH_MIN_INTERVAL_MS: "20" }, credential: new CountingTestCredential() }), {
            name: "ConfigError",
            message: "TP_GRAPH_MIN_INTERVAL_MS is 20 ms; Graph allows 1 request per second for Conditional Access, so below 1000 ms is only for a loopback emulator",
        });
    });

    it("bounds each call at 5 minutes unless told otherwise", () => {
        assert.equal(new ConditionalAccessClient({ env: {}, credential: new CountingTestCredential() }).maxTotalMs, 300_000);
        assert.equal(new ConditionalAccessClient({ env: { TP_GRAPH_MAX_WAIT_SECONDS: "90" }, credential: new CountingTestCredential() }).maxTotalMs, 90_000);
        assert.throws(() => new ConditionalAccessClient({ env: { TP_GRAPH_MAX_WAIT_SECONDS: "soon" } }), {
            message: 'TP_GRAPH_MAX_WAIT_SECONDS is "soon"; allowed: a number of seconds greater than 0',
        });
    });
});
