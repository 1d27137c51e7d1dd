/**
 * Files an adapter writes on behalf of root (configurations holding keys, state records, locks),
 * written so that nobody else who can reach the work folder can redirect or read them:
 *
 * - every folder Topo writes into is created by Topo (mode 0700) or verified: a real directory
 *   (not a symbolic link), owned by the current user, not writable by group or others; each of
 *   its ancestors is owned by root or the current user and, when others may write to it, sticky
 *   (like /tmp);
 * - a file is written to a fresh name with O_CREAT|O_EXCL|O_NOFOLLOW (a planted link or file
 *   makes the open fail, it is never followed), then renamed over the target in one step
 *   (rename replaces a link at the target; it does not write through it);
 * - files are read with O_NOFOLLOW and removed with unlink (which never follows a link).
 *
 * Anything else is refused with one line (`UnsafePathError`), before anything changes.
 * Used by every adapter (strongSwan today, the cloud adapters next).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A folder or file Topo refuses to use. The message is one line and names the path and the reason. */
export class UnsafePathError extends Error {
    override readonly name = 'UnsafePathError';
}

const { O_WRONLY, O_RDONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;

const uid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

function errnoOf(e: unknown): string {
    return (e as NodeJS.ErrnoException)?.code ?? 'error';
}

const REASONS: Record<string, string> = {
    EROFS: 'read-only file system', EACCES: 'permission denied', EPERM: 'operation not permitted', ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded', ELOOP: 'it is a symbolic link', EISDIR: 'it is a directory', ENOTDIR: 'a part of the path is not a directory',
    EEXIST: 'something is already there', ENOENT: 'no such file or directory',
};

/** One line for a failed file operation (no message of the error itself: it could quote anything). */
export function fileErrorLine(what: string, target: string, e: unknown): string {
    const code = errnoOf(e);
    return `cannot ${what} ${target}: ${REASONS[code] ?? code}`;
}

/** Checks one existing directory (without following a link at `dir` itself). */
function verifyDirectory(dir: string): void {
    let st: fs.Stats;
    try { st = fs.lstatSync(dir); } catch (e) { throw new UnsafePathError(fileErrorLine('use', dir, e)); }
    if (st.isSymbolicLink()) throw new UnsafePathError(`refusing to use ${dir}: it is a symbolic link (Topo writes only into folders it created or verified)`);
    if (!st.isDirectory()) throw new UnsafePathError(`refusing to use ${dir}: it is not a directory`);
    const me = uid();
    if (me !== undefined && st.uid !== me) throw new UnsafePathError(`refusing to use ${dir}: it is owned by uid ${st.uid}, not by the user running Topo (uid ${me})`);
    if (st.mode & 0o022) throw new UnsafePathError(`refusing to use ${dir}: group or others may write to it (mode ${(st.mode & 0o7777).toString(8)}); run chmod go-w ${dir}`);
}

/** The ancestors of `dir`: owned by root or the current user; writable by others only when sticky. */
function verifyAncestors(dir: string): void {
    const me = uid();
    for (let p = path.dirname(dir); ; p = path.dirname(p)) {
        let st: fs.Stats;
        try { st = fs.statSync(p); } catch (e) { throw new UnsafePathError(fileErrorLine('use', p, e)); }
        if (me !== undefined && st.uid !== 0 && st.uid !== me) throw new UnsafePathError(`refusing to use ${dir}: its parent folder ${p} is owned by uid ${st.uid}, who could replace it`);
        if ((st.mode & 0o022) && !(st.mode & 0o1000)) throw new UnsafePathError(`refusing to use ${dir}: its parent folder ${p} may be written by group or others and is not sticky (mode ${(st.mode & 0o7777).toString(8)})`);
        if (path.dirname(p) === p) break;
    }
}

/**
 * Creates `dir` (and missing parents, mode 0700) or verifies it and its ancestors as described
 * above. Throws `UnsafePathError` (one line) when it must not be used.
 */
export function ensureSafeDir(dir: string): void {
    const abs = path.resolve(dir);
    try {
        fs.mkdirSync(abs, { recursive: true, mode: 0o700 });
    } catch (e) {
        if (errnoOf(e) !== 'EEXIST') throw new UnsafePathError(fileErrorLine('create the folder', abs, e));
    }
    verifyAncestors(abs);
    verifyDirectory(abs);
}

/** Like `ensureSafeDir` but creates nothing: for plans (dry runs). Undefined when usable or not there yet, else the reason. */
export function safeDirProblem(dir: string): string | undefined {
    const abs = path.resolve(dir);
    const exists = (p: string) => { try { fs.lstatSync(p); return true; } catch { return false; } };
    let existing = abs;
    while (!exists(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
    try {
        if (existing === abs) { verifyAncestors(abs); verifyDirectory(abs); } else verifyAncestors(path.join(existing, 'x'));
        return undefined;
    } catch (e) {
        return e instanceof UnsafePathError ? e.message : fileErrorLine('use', abs, e);
    }
}

/**
 * Writes `content` to `dir/name` (mode `mode`, default 0600) atomically: a fresh file created
 * exclusively without following links, flushed, then renamed over the target. `dir` is verified
 * first (see `ensureSafeDir`).
 */
export function writeFileSafely(dir: string, name: string, content: string | Buffer, mode = 0o600): string {
    ensureSafeDir(dir);
    const target = path.join(dir, name);
    const tmp = path.join(dir, `.${name}.${randomBytes(8).toString('hex')}.tmp`);
    let fd: number;
    try { fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode); } catch (e) { throw new UnsafePathError(fileErrorLine('write', target, e)); }
    try {
        fs.fchmodSync(fd, mode);
        fs.writeFileSync(fd, content);
        fs.fsyncSync(fd);
    } catch (e) {
        fs.closeSync(fd);
        fs.rmSync(tmp, { force: true });
        throw new UnsafePathError(fileErrorLine('write', target, e));
    }
    fs.closeSync(fd);
    try {
        fs.renameSync(tmp, target);
    } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw new UnsafePathError(fileErrorLine('write', target, e));
    }
    return target;
}

/** Creates `dir/name` only if nothing is there (no link followed). Returns false when something already is. */
export function createFileExclusively(dir: string, name: string, content: string, mode = 0o600): boolean {
    ensureSafeDir(dir);
    const target = path.join(dir, name);
    let fd: number;
    try {
        fd = fs.openSync(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
    } catch (e) {
        if (errnoOf(e) === 'EEXIST') return false;
        throw new UnsafePathError(fileErrorLine('create', target, e));
    }
    try { fs.writeFileSync(fd, content); } finally { fs.closeSync(fd); }
    return true;
}

/** The text of `dir/name`, or undefined when there is none. A link there is refused, never followed. */
export function readFileSafely(dir: string, name: string): string | undefined {
    const target = path.join(dir, name);
    let fd: number;
    try {
        fd = fs.openSync(target, O_RDONLY | O_NOFOLLOW);
    } catch (e) {
        const code = errnoOf(e);
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        if (code === 'ELOOP') throw new UnsafePathError(`refusing to read ${target}: it is a symbolic link`);
        throw new UnsafePathError(fileErrorLine('read', target, e));
    }
    try {
        if (!fs.fstatSync(fd).isFile()) throw new UnsafePathError(`refusing to read ${target}: not a regular file`);
        return fs.readFileSync(fd, 'utf8');
    } catch (e) {
        if (e instanceof UnsafePathError) throw e;
        throw new UnsafePathError(fileErrorLine('read', target, e));
    } finally {
        fs.closeSync(fd);
    }
}

/** Removes `dir/name` if present: a file or link is unlinked (a link's target is untouched). */
export function removeFileSafely(dir: string, name: string): void {
    const target = path.join(dir, name);
    try { fs.unlinkSync(target); } catch (e) {
        if (errnoOf(e) === 'ENOENT') return;
        throw new UnsafePathError(fileErrorLine('remove', target, e));
    }
}

/**
 * Proves that Topo can write into `dir` before it changes anything (a read-only or full file
 * system would otherwise stop an apply or destroy half way): creates and removes a probe file.
 */
export function assertWritable(dir: string): void {
    ensureSafeDir(dir);
    const probe = `.topo-probe-${randomBytes(6).toString('hex')}`;
    let fd: number;
    try { fd = fs.openSync(path.join(dir, probe), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600); } catch (e) {
        throw new UnsafePathError(`${fileErrorLine('write into', dir, e)}; nothing changed`);
    }
    fs.closeSync(fd);
    removeFileSafely(dir, probe);
}
