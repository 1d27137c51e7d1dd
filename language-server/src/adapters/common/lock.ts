/**
 * One apply or destroy at a time per work folder: a lock file `<workdir>/.topo.lock`, created
 * exclusively (O_EXCL, no link followed) in a verified folder, holding who took it (pid, host,
 * command, since when). A second run waits for it (bounded) and then says who holds it. A lock
 * left by a process that no longer runs on this host is taken over.
 *
 * (Hand-written rather than e.g. proper-lockfile: that library works with mkdir and mtimes and
 * cannot say who holds the lock; this is the O_EXCL file the rest of safe-files.ts already uses.)
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { UnsafePathError, createFileExclusively, readFileSafely, removeFileSafely } from './safe-files.js';

export const LOCK_FILE = '.topo.lock';

export interface LockOwner { pid: number; host: string; command: string; since: string }

export class LockHeldError extends Error {
    override readonly name = 'LockHeldError';
    constructor(readonly dir: string, readonly owner: LockOwner | undefined) {
        super(`${dir} is in use by ${owner ? `${owner.command} (pid ${owner.pid} on ${owner.host}, since ${owner.since})` : 'another topo run (its lock file is unreadable)'}; wait for it to finish, or remove ${path.join(dir, LOCK_FILE)} if that process is gone`);
    }
}

export interface LockOptions {
    /** What this run is, for the message a second run prints (e.g. `topo apply star.topo`). */
    command: string;
    /** How long to wait for another run to finish (default 0: fail at once). */
    waitMs?: number;
    /** Called once when this run starts waiting. */
    onWait?: (owner: LockOwner | undefined) => void;
}

function readOwner(dir: string): LockOwner | undefined {
    try {
        const o = JSON.parse(readFileSafely(dir, LOCK_FILE) ?? 'null') as LockOwner | null;
        return o && typeof o.pid === 'number' ? o : undefined;
    } catch (e) {
        if (e instanceof UnsafePathError) throw e;
        return undefined;
    }
}

function alive(pid: number): boolean {
    try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Takes the lock of `dir` (a verified folder, created if missing). Resolves to the function that releases it. */
export async function acquireLock(dir: string, options: LockOptions): Promise<() => void> {
    const me: LockOwner = { pid: process.pid, host: os.hostname(), command: options.command, since: new Date().toISOString() };
    const text = JSON.stringify(me) + '\n';
    const deadline = Date.now() + (options.waitMs ?? 0);
    let warned = false;
    for (;;) {
        if (createFileExclusively(dir, LOCK_FILE, text)) {
            return () => {
                const owner = readOwner(dir);
                if (owner?.pid === me.pid && owner.since === me.since) removeFileSafely(dir, LOCK_FILE);
            };
        }
        const owner = readOwner(dir);
        if (owner && owner.host === me.host && !alive(owner.pid)) {
            removeFileSafely(dir, LOCK_FILE); // left by a run that died
            continue;
        }
        if (Date.now() >= deadline) throw new LockHeldError(dir, owner);
        if (!warned) { warned = true; options.onWait?.(owner); }
        await new Promise(r => setTimeout(r, 100));
    }
}
