// Compile-time checks (run by `tsc --noEmit` in npm test, never executed): the Graph resource accepts outputs
// of other resources at any depth of the body, and still rejects values Graph's typings do not allow.
import * as pulumi from "@pulumi/pulumi";
import { GraphConditionalAccessPolicy } from "../../graph/resource";
const groupId: pulumi.Output<string> = pulumi.output("x");
new GraphConditionalAccessPolicy("x", { body: {
  displayName: pulumi.output("TP"), state: "enabled",
  conditions: { users: { includeGroups: [groupId] }, applications: { includeApplications: ["a"] }, clientAppTypes: ["mobileAppsAndDesktopClients"] },
  sessionControls: { secureSignInSession: { isEnabled: true } } } });
// @ts-expect-error an unknown state is rejected
new GraphConditionalAccessPolicy("y", { body: { displayName: "x", state: "on", conditions: { users: {}, applications: { includeApplications: [] }, clientAppTypes: [] } } });
