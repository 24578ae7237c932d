/**
 * Input the operator can fix (a file that is not a sign-in export, a truncated file, missing columns).
 * The CLI matches errors by name (cli/errors.ts) and prints the message alone, exit code 2, no stack trace.
 */
export class InputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputError";
    }
}
