import { unknownContext } from "../../policypack/context";
import { tpReportOnlySoak } from "../../policypack/rules/tpReportOnlySoak";
import { assertNotApplicable, assertViolations, runResourcePolicy } from "../support/analyzerArgs";
import { appleBody, context, crossGuardOf, graphPolicyType, graphProps, mutate, today, windowsBody } from "./fixtures";

const requirement = "An enforced Token Protection policy needs at least 14 days of report-only soak (28 recommended)";

describe("tp-report-only-soak", () => {
    // The fixtures' pilot soak began on 2026-10-19; the clock says 2026-12-04.
    const policy = crossGuardOf(tpReportOnlySoak);
    const run = (config: Record<string, unknown> = {}, body: unknown = windowsBody()) => runResourcePolicy(policy, graphPolicyType, graphProps(body), { config });

    it("passes an enforced policy after 46 days of soak", async () => {
        assertViolations(await run(), []);
    });

    it("passes on the 14th day exactly", async () => {
        assertViolations(await run({ reportOnlySince: "2026-11-20" }), []);
    });

    it("fails when the soak began 3 days ago", async () => {
        assertViolations(await run({ reportOnlySince: "2026-12-01" }), [
            `${requirement}, but the soak began on 2026-12-01, 3 days ago. Fix: keep token-protection:enforcement at reportOnly until 2026-12-15.`,
        ]);
    });

    it("fails when the soak began yesterday", async () => {
        assertViolations(await run({ reportOnlySince: "2026-12-03" }), [
            `${requirement}, but the soak began on 2026-12-03, 1 day ago. Fix: keep token-protection:enforcement at reportOnly until 2026-12-17.`,
        ]);
    });

    it("fails a 24-day soak when pack config asks for the recommended 28 days", async () => {
        assertViolations(await run({ soakDays: 28, reportOnlySince: "2026-11-10" }), [
            "An enforced Token Protection policy needs at least 28 days of report-only soak, but the soak began on 2026-11-10, 24 days ago. Fix: keep token-protection:enforcement at reportOnly until 2026-12-08.",
        ]);
    });

    it("fails when the soak date is in the future", async () => {
        assertViolations(await run({ reportOnlySince: "2026-12-10" }), [
            `${requirement}, but the soak began on 2026-12-10, which is in the future. Fix: keep token-protection:enforcement at reportOnly until 2026-12-24.`,
        ]);
    });

    it("fails when the stack config sets no reportOnlySince (a body enforced behind the config's back)", async () => {
        const reportOnly = crossGuardOf(tpReportOnlySoak, context({ enforcement: "reportOnly", reportOnlySince: undefined }));
        assertViolations(await runResourcePolicy(reportOnly, graphPolicyType, graphProps(windowsBody())), [
            `${requirement}, but token-protection:reportOnlySince is not set. Fix: set it to the date (YYYY-MM-DD) this population's report-only soak began, and enforce once 14 days have passed.`,
        ]);
    });

    it("fails when reportOnlySince is not a date", async () => {
        assertViolations(await run({ reportOnlySince: "19 Oct" }), [
            `${requirement}, but reportOnlySince is "19 Oct", not a date. Fix: set token-protection:reportOnlySince to the date (YYYY-MM-DD) the soak began.`,
        ]);
        // Date.parse would roll it over to 3 March; the stack config refuses it, so the pack config must too.
        assertViolations(await run({ reportOnlySince: "2026-02-31" }), [
            `${requirement}, but reportOnlySince is "2026-02-31", not a date. Fix: set token-protection:reportOnlySince to the date (YYYY-MM-DD) the soak began.`,
        ]);
    });

    it("does not apply to a report-only policy", async () => {
        assertNotApplicable(await run({ reportOnlySince: "2026-12-01" }, appleBody()), "the policy is not enforced");
    });

    it("does not apply when the soak start is not known (a tenant export)", async () => {
        const blind = crossGuardOf(tpReportOnlySoak, unknownContext(today));
        assertNotApplicable(await runResourcePolicy(blind, graphPolicyType, graphProps(windowsBody())), "the report-only start date is not known (no stack config)");
    });

    it("does not apply to a policy without Token Protection", async () => {
        assertNotApplicable(await run({}, mutate(windowsBody(), (b) => delete b.sessionControls)), "not a Token Protection policy (sessionControls.secureSignInSession is not enabled)");
    });
});
