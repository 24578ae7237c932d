// Words an identity admin reads for the values inside a Conditional Access policy: app, role, platform,
// client-app and grant names as the Entra admin center shows them, the group a stack creates, and the
// comments operators already write beside object IDs in the stack files.
import * as fs from "fs";
import { isAlias, isScalar, parseDocument, visit } from "yaml";
import { isGuid, protectedAppNames, RoleTemplateIds } from "../model/conditionalAccess";
import { listStacks, ProjectFiles, stackConfigFile } from "../components/stackConfig";

const roleNames: Readonly<Record<string, string>> = {
    [RoleTemplateIds.globalAdministrator]: "Global Administrator",
    [RoleTemplateIds.conditionalAccessAdministrator]: "Conditional Access Administrator",
    [RoleTemplateIds.securityAdministrator]: "Security Administrator",
    [RoleTemplateIds.directorySynchronizationAccounts]: "Directory Synchronization Accounts",
};

// The special values Graph accepts in the users and applications conditions.
const specialValues: Readonly<Record<string, string>> = {
    All: "All",
    None: "None",
    GuestsOrExternalUsers: "Guests or external users",
    Office365: "Office 365 (app group)",
    MicrosoftAdminPortals: "Microsoft Admin Portals",
};

const platformNames: Readonly<Record<string, string>> = {
    all: "Any device",
    android: "Android",
    iOS: "iOS",
    windows: "Windows",
    windowsPhone: "Windows Phone",
    macOS: "macOS",
    linux: "Linux",
};

const clientAppNames: Readonly<Record<string, string>> = {
    all: "All client apps",
    browser: "Browser",
    mobileAppsAndDesktopClients: "Mobile apps and desktop clients",
    exchangeActiveSync: "Exchange ActiveSync clients",
    easSupported: "Exchange ActiveSync clients",
    other: "Other clients (legacy authentication)",
};

const grantNames: Readonly<Record<string, string>> = {
    block: "Block access",
    mfa: "Require multifactor authentication",
    compliantDevice: "Require device to be marked as compliant",
    domainJoinedDevice: "Require Microsoft Entra hybrid joined device",
    approvedApplication: "Require approved client app",
    compliantApplication: "Require app protection policy",
    passwordChange: "Require password change",
};

/** The kind of list a value sits in, which decides how it is named. */
export type ValueDomain = "users" | "groups" | "roles" | "applications" | "platforms" | "clientApps" | "grant";

export class Labeller {
    /** @param idLabels object ID (lower case) to the words an operator wrote beside it. */
    constructor(private readonly idLabels: ReadonlyMap<string, string> = new Map()) {}

    label(domain: ValueDomain, value: string): string {
        const fixed = domain === "platforms" ? platformNames[value]
            : domain === "clientApps" ? clientAppNames[value]
                : domain === "grant" ? grantNames[value]
                    : undefined;
        if (fixed) {
            return fixed;
        }
        if (domain === "users" && value === "All") {
            return "All users";
        }
        if (domain === "applications" && value === "All") {
            return "All cloud apps";
        }
        if (specialValues[value]) {
            return specialValues[value];
        }
        // `<id of group "TP [pilot] wave population">`: a group the stack creates; its ID is known only after deploy.
        const created = /^<id of group "(.+)">$/.exec(value);
        if (created) {
            return `group "${created[1]}" (created by the stack)`;
        }
        if (isGuid(value)) {
            const id = value.toLowerCase();
            const name = (domain === "roles" ? roleNames[id] : undefined)
                ?? (domain === "applications" ? protectedAppNames[id] : undefined)
                ?? this.idLabels.get(id);
            return name ? `${name} (${id})` : id;
        }
        return value;
    }
}

/**
 * The comments written beside object IDs in the stack files of a project (`- 62e9...   # Global
 * Administrator`): the only place the repository names existing groups, users and roles. The files of
 * `preferStack` are read first, so its own comment wins when two stacks describe an ID differently.
 */
export function idLabelsFromStackFiles(projects: ProjectFiles[], preferStack?: string): Map<string, string> {
    const labels = new Map<string, string>();
    const stackFiles = projects.filter((p) => fs.existsSync(p.stackConfigDir)).flatMap((p) => listStacks(p).map((stack) => ({ stack, file: stackConfigFile(p, stack) })));
    const preferred = (stack: string) => (stack === preferStack ? 0 : 1);
    for (const { file } of [...stackFiles].sort((a, b) => preferred(a.stack) - preferred(b.stack))) {
        if (!fs.existsSync(file)) continue;
        visit(parseDocument(fs.readFileSync(file, "utf8")), {
            Scalar(_key, node) {
                if (isScalar(node) && !isAlias(node) && typeof node.value === "string" && isGuid(node.value) && node.comment?.trim()) {
                    const id = node.value.toLowerCase();
                    if (!labels.has(id)) {
                        labels.set(id, node.comment.trim());
                    }
                }
            },
        });
    }
    return labels;
}
