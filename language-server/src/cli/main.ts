/**
 * The `topo` command line. Every failure is one line on stderr and a non-zero exit:
 * 1 when the topology has errors, 2 for usage and input errors. Never a stack trace.
 */
import '../polyfills.js';
import { Command, CommanderError } from 'commander';
import { UsageError } from './errors.js';
import { registerCheck } from './commands/check.js';
import { registerSteps } from './commands/steps.js';
import { registerGraph } from './commands/graph.js';
import { registerApply, registerDestroy, registerPlan } from './commands/adapter.js';

declare const TOPO_VERSION: string | undefined;

export interface CliContext {
    version: string;
    exitCode: number;
    stdout(text: string): void;
    stderr(text: string): void;
    /** The environment the adapters read (keys, credentials); process.env unless given. */
    env: Record<string, string | undefined>;
}

export function createProgram(ctx: CliContext): Command {
    const program = new Command('topo')
        .description('Topo: multi-cloud IPsec VPN topologies - check them, write their console runbooks, apply them')
        .version(ctx.version)
        .configureOutput({
            writeOut: s => ctx.stdout(s),
            writeErr: s => ctx.stderr(s),
            // a usage error is one line too: commander's message, then where to look
            outputError: (s, write) => write(`${s.trim().split(/\s*\n\s*/).join(' ')} (run topo --help for usage)\n`),
        })
        .exitOverride();
    registerCheck(program, ctx);
    registerSteps(program, ctx);
    registerGraph(program, ctx);
    registerPlan(program, ctx);
    registerApply(program, ctx);
    registerDestroy(program, ctx);
    return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], io: Partial<Pick<CliContext, 'stdout' | 'stderr' | 'env'>> = {}): Promise<number> {
    const ctx: CliContext = {
        version: typeof TOPO_VERSION === 'string' ? TOPO_VERSION : '0.1.0',
        exitCode: 0,
        stdout: io.stdout ?? (s => process.stdout.write(s)),
        stderr: io.stderr ?? (s => process.stderr.write(s)),
        env: io.env ?? process.env,
    };
    const program = createProgram(ctx);
    try {
        await program.parseAsync(argv, { from: 'user' });
        return ctx.exitCode;
    } catch (e) {
        if (e instanceof CommanderError) {
            // --help and --version end here with exit code 0; usage errors were already printed.
            return e.exitCode === 0 ? 0 : 2;
        }
        if (e instanceof UsageError) {
            ctx.stderr(`topo: ${e.message}\n`);
            return 2;
        }
        // The message is not printed: it may quote the input, and the input may hold a key.
        ctx.stderr(`topo: internal error (${e instanceof Error ? e.name : typeof e}); please report this with the input\n`);
        return 2;
    }
}

/** Entry point of bin/topo.cjs and `node out/cli.cjs`. */
export function main(): void {
    runCli(process.argv.slice(2)).then(code => { process.exitCode = code; }, () => { process.exitCode = 2; });
}

// `node out/cli.cjs ...` (the CommonJS bundle run directly).
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) main();
