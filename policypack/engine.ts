// One pass of every rule over a set of policies or a stack, with levels from a pack config: what
// `tp-rollout check` prints. The CrossGuard pack runs the same rules one by one (crossguard.ts) and lets
// Pulumi apply the levels.
import { withOverrides } from "./context";
import { PackConfig } from "./packConfig";
import { ResourceInput, stackViewOf } from "./resources";
import { rules } from "./rules";
import { displayNameOf, whyNotApplicable } from "./rules/read";
import { PolicyRule, RuleContext, StackRule, StackView, Violation } from "./rules/types";

const policyRules = rules.filter((rule): rule is PolicyRule => rule.kind === "policy");
const stackRules = rules.filter((rule): rule is StackRule => rule.kind === "stack");

/** The violations of one policy against every policy rule. */
export function checkPolicy(policy: unknown, context: RuleContext, config: PackConfig): Violation[] {
    const violations: Violation[] = [];
    for (const rule of policyRules) {
        const { level, properties } = config[rule.name];
        const ruleContext = withOverrides(context, properties);
        if (level === "disabled" || whyNotApplicable(rule, policy, ruleContext) !== undefined) {
            continue;
        }
        for (const message of rule.check(policy, ruleContext)) {
            violations.push({ rule: rule.name, policy: displayNameOf(policy), level, message });
        }
    }
    return violations;
}

/** The violations of a whole stack against every stack rule. */
export function checkStackView(stack: StackView, context: RuleContext, config: PackConfig): Violation[] {
    const violations: Violation[] = [];
    for (const rule of stackRules) {
        const { level, properties } = config[rule.name];
        const ruleContext = withOverrides(context, properties);
        if (level === "disabled" || rule.notApplicable(stack, ruleContext) !== undefined) {
            continue;
        }
        for (const finding of rule.check(stack, ruleContext)) {
            violations.push({ rule: rule.name, policy: finding.policy, level, message: finding.message });
        }
    }
    return violations;
}

/** Everything CrossGuard would report for a stack: each policy resource, then the stack rules. */
export function checkResources(resources: readonly ResourceInput[], context: RuleContext, config: PackConfig): Violation[] {
    const view = stackViewOf(resources);
    const perPolicy = view.policies.flatMap((policy) => checkPolicy(policy.body, context, config));
    return sortViolations([...perPolicy, ...checkStackView(view, context, config)]);
}

/** Mandatory first, then in rule order, then by policy: stable output for tickets and diffs. */
export function sortViolations(violations: Violation[]): Violation[] {
    const rank = (v: Violation) => rules.findIndex((r) => r.name === v.rule);
    return [...violations].sort((a, b) => (a.level === b.level ? 0 : a.level === "mandatory" ? -1 : 1)
        || rank(a) - rank(b) || a.policy.localeCompare(b.policy) || a.message.localeCompare(b.message));
}
