import { unknownContext } from "../../policypack/context";
import { tpRollbackOwner } from "../../policypack/rules/tpRollbackOwner";
import { assertNotApplicable, assertViolations, runResourcePolicy } from "../support/analyzerArgs";
import { appleBody, context, crossGuardOf, graphPolicyType, graphProps, today, windowsBody } from "./fixtures";

const requirement = "An enforced wave needs a rollback owner and trigger (who flips it back to report-only, and when)";

describe("tp-rollback-owner", () => {
    const run = (ctx = context(), config: Record<string, unknown> = {}, body: unknown = windowsBody()) =>
        runResourcePolicy(crossGuardOf(tpRollbackOwner, ctx), graphPolicyType, graphProps(body), { config });

    it("passes an enforced wave with an owner and a trigger", async () => {
        assertViolations(await run(), []);
    });

    it("warns when the stack config has no rollback plan", async () => {
        assertViolations(await run(context({ rollback: undefined })), [
            `${requirement}, but token-protection:rollback.owner and token-protection:rollback.trigger are not set. Fix: set token-protection:rollback.owner and token-protection:rollback.trigger in the stack config, and rehearse the rollback.`,
        ]);
    });

    it("warns when the owner is missing", async () => {
        assertViolations(await run(context({ rollback: { trigger: "Any blocked break-glass drill" } })), [
            `${requirement}, but token-protection:rollback.owner is not set. Fix: set token-protection:rollback.owner in the stack config, and rehearse the rollback.`,
        ]);
    });

    it("warns when pack config gives a plan without a trigger", async () => {
        assertViolations(await run(context(), { rollback: { owner: "Identity on-call" } }), [
            `${requirement}, but token-protection:rollback.trigger is not set. Fix: set token-protection:rollback.trigger in the stack config, and rehearse the rollback.`,
        ]);
    });

    it("does not apply to a report-only policy", async () => {
        assertNotApplicable(await run(context({ rollback: undefined }), {}, appleBody()), "the policy is not enforced");
    });

    it("does not apply when the plan is not known (a tenant export)", async () => {
        assertNotApplicable(await run(unknownContext(today)), "the rollback plan is not known (no stack config)");
    });
});
