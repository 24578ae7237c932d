/** Input the user can fix (a bad flag, an unreadable file): printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** Errors whose message is the whole story for the operator. Matched by name: the program may load its own copies. */
const operatorErrorNames = new Set(["UsageError", "ConfigError", "StackConfigError", "GraphError", "InputError"]);

export function isOperatorError(err: unknown): err is Error {
    return err instanceof Error && operatorErrorNames.has(err.name);
}
