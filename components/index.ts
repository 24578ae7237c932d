export * from "./breakGlass";
export * from "./companionPolicies";
export * from "./config";
export * from "./pilotGroups";
export * from "./policyBodies";
export * from "./signInLogWorkspace";
export * from "./tokenProtectionPolicy";
