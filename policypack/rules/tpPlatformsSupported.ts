// Token Protection is generally available on Windows only; iOS and macOS are a public preview, rolled out
// as a separate policy that stays report-only. Any other platform (or none set, which means all) is
// either unsupported or blocked outright.
import { isEnforced, listText, quoted, stringsAt } from "./read";
import { PolicyRule } from "./types";

const requirement = "A Token Protection policy must target Windows only, plus iOS and macOS in a policy that is not enforced while the Apple preview is on";
const apple = ["iOS", "macOS"];

export const tpPlatformsSupported: PolicyRule = {
    kind: "policy",
    scope: "tokenProtection",
    name: "tp-platforms-supported",
    description: "Checks whether a Token Protection policy targets only supported device platforms, and keeps the Apple preview platforms out of enforcement.",
    defaultLevel: "mandatory",
    configSchema: {
        applePreview: { type: "boolean", description: "Whether the iOS/macOS preview policy is wanted; defaults to token-protection:applePreview of the stack." },
    },
    check(policy, context) {
        const platforms = stringsAt(policy, "conditions", "platforms", "includePlatforms");
        if (platforms.unknown) {
            return [];
        }
        if (platforms.values.length === 0) {
            return [`${requirement}, but it sets no device platform, so it applies to all of them. Fix: set conditions.platforms.includePlatforms to ["windows"].`];
        }
        const messages: string[] = [];
        const unsupported = platforms.values.filter((p) => p !== "windows" && !apple.includes(p));
        if (unsupported.length > 0) {
            messages.push(`${requirement}, but includePlatforms has ${listText(quoted(unsupported))}. Fix: remove ${unsupported.length === 1 ? "it" : "them"}; the companion policies cover the other platforms.`);
        }
        const applePlatforms = platforms.values.filter((p) => apple.includes(p));
        if (applePlatforms.length > 0 && !context.applePreview) {
            messages.push(`${requirement}, but includePlatforms has ${listText(quoted(applePlatforms))} and the Apple preview is off. Fix: remove ${applePlatforms.length === 1 ? "it" : "them"}, or set token-protection:applePreview: true so the package adds the separate report-only Apple policy.`);
        } else if (applePlatforms.length > 0 && isEnforced(policy)) {
            messages.push(`${requirement}, but this policy includes ${listText(quoted(applePlatforms))} and is enforced while the Apple platforms are in preview. Fix: set its state to enabledForReportingButNotEnforced (report-only); the package never enforces the Apple policy.`);
        }
        return messages;
    },
};
