/**
 * One rule for where the adapters keep their files (adapters/folders.ts): VS Code's apply passes
 * these folders to the command line, and the hover and the diagram read the live state from the
 * same ones. Before, a relative `topo.cloud.stateDir` was read against three different folders.
 */
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { adapterFolders, DEFAULT_STATE_DIR, DEFAULT_WORKDIR, workspaceFolderOf } from '../../language-server/src/adapters/folders.js';

const root = path.resolve('/home/me/vpn');
const nested = path.join(root, 'prod');
const file = path.join(nested, 'star.topo');

test('the innermost workspace folder that holds the file is the base; outside every folder, the file\'s own folder', () => {
    expect(workspaceFolderOf(file, [root, nested])).toBe(nested);
    expect(workspaceFolderOf(file, [root])).toBe(root);
    // a folder whose name only starts like the file's folder does not hold it
    expect(workspaceFolderOf(file, [path.join(root, 'pr')])).toBe(nested);
    expect(workspaceFolderOf(path.resolve('/tmp/x.topo'), [root])).toBe(path.resolve('/tmp'));
});

test('unset settings give the command line\'s defaults in the base folder; relative settings are read against it; absolute ones are kept', () => {
    expect(adapterFolders(file, [root])).toEqual({ base: root, workdir: path.join(root, DEFAULT_WORKDIR), stateDir: path.join(root, DEFAULT_STATE_DIR) });
    expect(adapterFolders(file, [root], { workdir: '', stateDir: '  ' }).stateDir).toBe(path.join(root, '.topo', 'cloud'));
    expect(adapterFolders(file, [root], { stateDir: 'state' }).stateDir).toBe(path.join(root, 'state'));
    expect(adapterFolders(file, [root], { workdir: '/srv/gw' }).workdir).toBe(path.resolve('/srv/gw'));
    expect(adapterFolders(file, [root], { stateDir: 42 }).stateDir).toBe(path.join(root, DEFAULT_STATE_DIR));
});
