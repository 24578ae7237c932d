// The Entra diagnostic categories of the user sign-in logs, and the Log Analytics table each lands in: the
// workspace component ships them, the policy pack checks they are shipped, the analyzer reads them back.
export const signInLogTables = { SignInLogs: "SigninLogs", NonInteractiveUserSignInLogs: "AADNonInteractiveUserSignInLogs" } as const;

export type SignInLogCategory = keyof typeof signInLogTables;
export type SignInLogTable = (typeof signInLogTables)[SignInLogCategory];
