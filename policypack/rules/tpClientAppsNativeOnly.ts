// Trap 2: with the client-apps condition unset, or "browser" ticked, the policy reaches MSAL.js browser apps
// (Teams Web) that Token Protection cannot protect, and blocks them.
import { stringsAt } from "./read";
import { PolicyRule } from "./types";

const requirement = 'clientAppTypes must be exactly ["mobileAppsAndDesktopClients"]: Token Protection supports native apps only, and browser, legacy-authentication or "all" clients in scope get blocked';
const fix = 'Fix: set clientAppTypes to ["mobileAppsAndDesktopClients"] (portal: Client apps > Mobile apps and desktop clients, nothing else).';

export const tpClientAppsNativeOnly: PolicyRule = {
    kind: "policy",
    scope: "tokenProtection",
    name: "tp-client-apps-native-only",
    description: "Checks whether a Token Protection policy applies to native clients (mobile apps and desktop clients) only.",
    defaultLevel: "mandatory",
    configSchema: {},
    check(policy) {
        const clients = stringsAt(policy, "conditions", "clientAppTypes");
        if (clients.unknown) {
            return [];
        }
        if (!clients.isSet) {
            return [`${requirement}, but it is not set, so every client type is in scope. ${fix}`];
        }
        const exact = clients.values.length === 1 && clients.values[0] === "mobileAppsAndDesktopClients";
        return exact ? [] : [`${requirement}, but it is ${JSON.stringify(clients.values)}. ${fix}`];
    },
};
