/**
 * Where the adapters keep their files for a topology file: the strongSwan adapter's work folder
 * (one sub-folder per site) and the cloud adapters' state folder (the journal). One rule for the
 * command line's defaults, VS Code's Plan / Apply / Destroy, the tunnel hover and the diagram, so
 * the editor reads the state where apply wrote it: a configured folder is taken relative to the
 * file's workspace folder (the innermost one that holds it, else the file's own folder); an
 * unconfigured one is `.topo/strongswan` / `.topo/cloud` there.
 */
import * as path from 'node:path';

/** The command line's defaults, relative to the folder it runs in. */
export const DEFAULT_WORKDIR = '.topo/strongswan';
export const DEFAULT_STATE_DIR = '.topo/cloud';

export interface AdapterFolders {
    /** The folder relative settings are read against, and the command line's working folder. */
    base: string;
    workdir: string;
    stateDir: string;
}

/** The innermost of `workspaceFolders` (file system paths) that holds `file`, else the file's own folder. */
export function workspaceFolderOf(file: string, workspaceFolders: readonly string[]): string {
    const inside = workspaceFolders.filter(f => file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
    return inside.sort((a, b) => b.length - a.length)[0] ?? path.dirname(file);
}

/** The two folders for `file`, from the `topo.strongswan.workdir` and `topo.cloud.stateDir` settings (empty or not a string: the default). */
export function adapterFolders(file: string, workspaceFolders: readonly string[], settings: { workdir?: unknown; stateDir?: unknown } = {}): AdapterFolders {
    const base = workspaceFolderOf(file, workspaceFolders);
    const pick = (configured: unknown, fallback: string) => path.resolve(base, typeof configured === 'string' && configured.trim() ? configured : fallback);
    return { base, workdir: pick(settings.workdir, DEFAULT_WORKDIR), stateDir: pick(settings.stateDir, DEFAULT_STATE_DIR) };
}
