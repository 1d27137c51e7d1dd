/** A problem with how `topo` was called or with its input: one line on stderr, exit code 2. */
export class UsageError extends Error {
    readonly exitCode = 2;
}
