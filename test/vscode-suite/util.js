// Helpers shared by the extension tests (run inside VS Code's extension host).
const vscode = require('vscode');

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Polls fn() until it returns something truthy; fails after `ms` with `what`. */
async function waitFor(what, fn, ms = 30000) {
    const end = Date.now() + ms;
    let last;
    for (;;) {
        try { last = await fn(); } catch (e) { last = undefined; }
        if (last) return last;
        if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
        await sleep(100);
    }
}

function workspaceUri(...segments) {
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    if (!folder) throw new Error('the tests need a workspace folder with copies of examples/*.topo');
    return vscode.Uri.joinPath(folder.uri, ...segments);
}

async function read(uri) {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Writes a scratch .topo file (its own topology) into the workspace's scratch/ folder and opens it. */
let scratchCount = 0;
async function scratch(text) {
    const uri = workspaceUri('scratch', `scratch-${process.pid}-${++scratchCount}.topo`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    return doc;
}

/** A copy of an example with its own topology name (copies in one folder would merge into one topology). */
async function scratchCopy(example) {
    const text = await read(workspaceUri(example));
    return scratch(text.replace(/^topology\s+(\S+)/m, (_m, name) => `topology ${name}-copy${++scratchCount}`));
}

function codesOf(diags) {
    return diags.map(d => String(typeof d.code === 'object' ? d.code.value : d.code));
}

/** The document's diagnostics once the server has published some (or, with `none`, an empty set after a change). */
async function diagnostics(uri, pred = ds => ds.length > 0, ms = 30000) {
    return waitFor(`diagnostics of ${uri.path.split('/').pop()}`, () => {
        const ds = vscode.languages.getDiagnostics(uri);
        return pred(ds) ? ds : undefined;
    }, ms);
}

/** Position of the n-th (0-based) occurrence of `needle` in the document, plus `delta` characters. */
function positionOf(doc, needle, n = 0, delta = 0) {
    const text = doc.getText();
    let at = -1;
    for (let i = 0; i <= n; i++) {
        at = text.indexOf(needle, at + 1);
        if (at < 0) throw new Error(`'${needle}' #${n} not in ${doc.uri.path}`);
    }
    return doc.positionAt(at + delta);
}

module.exports = { sleep, waitFor, workspaceUri, read, scratch, scratchCopy, codesOf, diagnostics, positionOf };
