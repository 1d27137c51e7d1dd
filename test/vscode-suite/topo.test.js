// The Topo extension inside a real VS Code extension host, asserted through the VS Code API:
// activation, diagnostics on the QingCloud guide's star, quick fix, completion, definition,
// references, rename, document symbols, hover, and the extension's commands.
// The workspace holds copies of examples/*.topo (test/e2e/run.sh and .vscode-test.mjs make it).
const assert = require('assert');
const vscode = require('vscode');
const { sleep, waitFor, workspaceUri, read, scratch, scratchCopy, codesOf, diagnostics, positionOf } = require('./util');

const SEED = 'qingcloud-star-as-printed.topo';
const GD2_PEK3_LINE = 16;   // tunnel gd2-pek3 gd2 -> pek3 < local 172.26.0.0/24 remote 192.168.0.0/24, 172.26.0.0/24 >
const SEED_CODES = ['selector-self-overlap', 'selector-mismatch', 'missing-route'];
const E = vscode.DiagnosticSeverity.Error;

// what the language server offers (VS Code adds the snippets, whose prefixes are site, host, tunnel...)
const labels = list => (list.items || list).filter(i => i.kind !== vscode.CompletionItemKind.Snippet)
    .map(i => (typeof i.label === 'string' ? i.label : i.label.label));
const describe = ds => ds.map(d => `${d.range.start.line}:${d.range.start.character} ${d.code && (d.code.value || d.code)} ${d.message}`).join('\n  ');

suite('Topo extension', function () {
    let seed;

    suiteSetup(async function () {
        this.timeout(90000);
        seed = await vscode.workspace.openTextDocument(workspaceUri(SEED));
        await vscode.window.showTextDocument(seed);
        const ext = vscode.extensions.all.find(e => e.packageJSON.name === 'topo-vpn');
        assert.ok(ext, 'the Topo extension is loaded');
        await waitFor('activation', () => ext.isActive, 30000);
    });

    suiteTeardown(async () => {
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.workspace.fs.delete(workspaceUri('scratch'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    });

    test('the seed star: selector-self-overlap, selector-mismatch and missing-route, errors on the gd2-pek3 line', async () => {
        const ds = await diagnostics(seed.uri, ds => SEED_CODES.every(c => codesOf(ds).includes(c)), 45000)
            .catch(e => { throw new Error(`${e.message}\n  got:\n  ${describe(vscode.languages.getDiagnostics(seed.uri))}`); });
        for (const code of SEED_CODES) {
            const d = ds.find(d => codesOf([d])[0] === code);
            assert.strictEqual(d.severity, E, `${code} is an error`);
            assert.strictEqual(d.source, 'topo', `${code} comes from topo`);
        }
        const onLine = ds.filter(d => d.severity === E && d.range.start.line === GD2_PEK3_LINE);
        assert.ok(onLine.length > 0, `an error on line ${GD2_PEK3_LINE + 1} (gd2-pek3):\n  ${describe(ds)}`);
    });

    test('the corrected star has no errors', async () => {
        // The seed's diagnostics are in, so the workspace build that checks every file is done.
        await diagnostics(seed.uri);
        const uri = workspaceUri('qingcloud-star.topo');
        await vscode.workspace.openTextDocument(uri);
        await new Promise(r => setTimeout(r, 500));
        const errors = vscode.languages.getDiagnostics(uri).filter(d => d.severity === E);
        assert.deepStrictEqual(errors.map(d => d.message), []);
    });

    test('quick fix "mirror" on gd2-pek3 leaves the file without errors', async () => {
        const doc = await scratchCopy(SEED);
        const ds = await diagnostics(doc.uri, ds => codesOf(ds).includes('selector-mismatch'));
        const mismatch = ds.find(d => codesOf([d])[0] === 'selector-mismatch' && d.range.start.line === GD2_PEK3_LINE)
            || ds.find(d => codesOf([d])[0] === 'selector-mismatch');
        const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, mismatch.range, vscode.CodeActionKind.QuickFix.value);
        const fix = actions.find(a => /mirror/i.test(a.title));
        assert.ok(fix, `a "mirror" quick fix is offered; got: ${actions.map(a => a.title).join(' | ')}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
        await doc.save();
        assert.match(doc.lineAt(GD2_PEK3_LINE).text, /172\.16\.0\.0\/24/, 'gd2 now targets sh1\'s network');
        await diagnostics(doc.uri, ds => !ds.some(d => d.severity === E), 30000)
            .catch(e => { throw new Error(`${e.message}\n  still:\n  ${describe(vscode.languages.getDiagnostics(doc.uri))}`); });
    });

    test('completion: statement keywords on an empty line', async () => {
        const doc = await scratchCopy(SEED);
        const edit = new vscode.WorkspaceEdit();
        edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), '\n');
        await vscode.workspace.applyEdit(edit);
        const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(doc.lineCount - 1, 0));
        const got = labels(list);
        for (const k of ['site', 'host', 'tunnel']) assert.ok(got.includes(k), `'${k}' offered; got: ${got.join(', ')}`);
    });

    test('completion: site names after "hub "', async () => {
        const doc = await scratchCopy(SEED);
        const edit = new vscode.WorkspaceEdit();
        const line = 'site xian < provider qingcloud cidr 10.9.0.0/24 > hub ';
        edit.insert(doc.uri, new vscode.Position(8, 0), line + '\n');
        await vscode.workspace.applyEdit(edit);
        const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(8, line.length));
        const got = labels(list);
        for (const s of ['pek3', 'sh1', 'gd2']) assert.ok(got.includes(s), `'${s}' offered after hub; got: ${got.join(', ')}`);
        assert.ok(!got.includes('site'), `no keywords after hub; got: ${got.join(', ')}`);
    });

    test('go to definition: "hub pek3" on sh1 leads to site pek3', async () => {
        const pos = positionOf(seed, 'hub pek3', 1, 5);   // sh1's line
        const locs = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', seed.uri, pos);
        assert.ok(locs && locs.length, 'a definition');
        const loc = locs[0];
        const uri = loc.targetUri || loc.uri;
        const range = loc.targetSelectionRange || loc.targetRange || loc.range;
        assert.strictEqual(uri.toString(), seed.uri.toString());
        assert.strictEqual(range.start.line, 5);
        assert.strictEqual(seed.getText(range), 'pek3');
    });

    test('find references of site pek3', async () => {
        const refs = await vscode.commands.executeCommand('vscode.executeReferenceProvider', seed.uri, positionOf(seed, 'site pek3', 0, 6));
        // declaration + 3 x hub + host vm1 + 4 tunnel ends
        assert.strictEqual(refs.length, 9, refs.map(r => `${r.range.start.line}:${r.range.start.character}`).join(' '));
    });

    test('rename site pek3 -> beijing updates every reference, and only references', async () => {
        const doc = await scratchCopy(SEED);
        const edit = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, positionOf(doc, 'site pek3', 0, 6), 'beijing');
        assert.ok(edit, 'a rename edit');
        assert.strictEqual(edit.get(doc.uri).length, 9, 'declaration + 8 references');
        assert.ok(await vscode.workspace.applyEdit(edit));
        const text = doc.getText();
        assert.match(text, /site beijing < provider qingcloud region pek3 /, 'region (not a reference) unchanged');
        assert.strictEqual((text.match(/hub beijing/g) || []).length, 3);
        assert.match(text, /host vm1 192\.168\.0\.5 in beijing/);
        assert.match(text, /tunnel pek3-sh1 beijing -> sh1/, 'tunnel names (not references) unchanged');
        assert.match(text, /tunnel gd2-pek3 gd2 {2}-> beijing/);
        assert.ok(!/\bpek3\b(?!-)/.test(text.replace(/region pek3|pek3-\w+|\w+-pek3/g, '')), 'no reference to pek3 left');
        await doc.save();
        const ds = await diagnostics(doc.uri, ds => ds.length > 0 && !codesOf(ds).includes('unresolved-reference'));
        assert.ok(codesOf(ds).includes('selector-mismatch'), 'same analysis after the rename: ' + codesOf(ds));
    });

    test('document symbols: sites, hosts and tunnels', async () => {
        const symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', seed.uri);
        const names = [];
        const walk = ss => ss.forEach(s => { names.push(s.name); walk(s.children || []); });
        walk(symbols);
        for (const n of ['pek3', 'sh1', 'gd2', 'vm1', 'pek3-sh1', 'gd2-pek3']) assert.ok(names.includes(n), `'${n}' in the outline; got: ${names.join(', ')}`);
    });

    test('hover on a site is not empty', async () => {
        const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', seed.uri, positionOf(seed, 'site gd2', 0, 6));
        const text = hovers.flatMap(h => h.contents).map(c => (typeof c === 'string' ? c : c.value)).join('\n');
        assert.ok(text.trim().length > 0, 'hover text');
        assert.match(text, /gd2/);
    });

    test('code lens on a site and on a tunnel', async () => {
        const lenses = await waitFor('code lenses', async () => {
            const ls = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', seed.uri, 100);
            return ls && ls.some(l => l.command && l.command.title) ? ls : undefined;
        });
        const on = line => lenses.filter(l => l.range.start.line === line && l.command).map(l => l.command.title).join(' | ');
        assert.match(on(5), /reaches/, 'site pek3: ' + on(5));
        assert.match(on(GD2_PEK3_LINE), /problem/, 'tunnel gd2-pek3: ' + on(GD2_PEK3_LINE));
    });

    test('hover on tunnel gd2-pek3: titled as written, the wrong selector flagged', async () => {
        const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', seed.uri, positionOf(seed, 'tunnel gd2-pek3', 0, 8));
        const text = hovers.flatMap(h => h.contents).map(c => (typeof c === 'string' ? c : c.value)).join('\n');
        assert.match(text, /^\*\*tunnel gd2-pek3\*\*/, text);
        assert.match(text, /- remote: 192\.168\.0\.0\/24, \*\*172\.26\.0\.0\/24\*\* \(⛔ error `selector-self-overlap`\)/, text);
    });

    test('the code lens of gd2 names the site it does not reach and where the traffic is dropped', async () => {
        const lenses = await waitFor('code lenses', async () => {
            const ls = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', seed.uri, 100);
            return ls && ls.some(l => l.command && l.command.title) ? ls : undefined;
        });
        const gd2 = positionOf(seed, 'site gd2').line;
        const title = lenses.filter(l => l.range.start.line === gd2 && l.command).map(l => l.command.title).join(' | ');
        assert.strictEqual(title, 'reaches 1 of 2 sites · sh1 not reached: dropped at gd2-pek3 (remote selector) · 1 tunnel');
    });

    test('topo.trace.server alone traces the LSP messages into the Topo Trace channel', async function () {
        this.timeout(60000);
        const ext = vscode.extensions.all.find(e => e.packageJSON.name === 'topo-vpn');
        // extension output channels are written to output_logging_*/N-<name>.log beside the extensions' log folders
        const logs = vscode.Uri.joinPath(ext.exports.extension.logUri, '..');
        const traced = async () => {
            for (const [dir, type] of await vscode.workspace.fs.readDirectory(logs)) {
                if (type !== vscode.FileType.Directory || !dir.startsWith('output_logging_')) continue;
                for (const [f] of await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(logs, dir))) {
                    if (f.endsWith('Topo Trace.log')) return read(vscode.Uri.joinPath(logs, dir, f));
                }
            }
            return '';
        };
        const hover = () => vscode.commands.executeCommand('vscode.executeHoverProvider', seed.uri, positionOf(seed, 'site gd2', 0, 6));
        const cfg = vscode.workspace.getConfiguration('topo');
        assert.strictEqual(cfg.get('trace.server'), 'off');
        await hover();
        await sleep(1000);
        assert.ok(!/Sending request 'textDocument\/hover/.test(await traced()), 'nothing traced while the setting is off');
        await cfg.update('trace.server', 'verbose', vscode.ConfigurationTarget.Global);
        try {
            const text = await waitFor('a traced hover request with its parameters', async () => {
                await hover();
                const t = await traced();
                return /Sending request 'textDocument\/hover - \(\d+\)'\.\s*Params: \{/.test(t) && /Received response 'textDocument\/hover/.test(t) ? t : undefined;
            }, 30000);
            assert.ok(text.length > 0);
        } finally {
            await cfg.update('trace.server', undefined, vscode.ConfigurationTarget.Global);
        }
    });

    test('inlay hints, semantic tokens and formatting answer', async () => {
        const all = new vscode.Range(0, 0, seed.lineCount, 0);
        const hints = await vscode.commands.executeCommand('vscode.executeInlayHintProvider', seed.uri, all);
        assert.ok(hints.length > 0, 'inlay hints for the derived/chosen values');
        const tokens = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', seed.uri);
        assert.ok(tokens && tokens.data.length > 0, 'semantic tokens');
        const edits = await vscode.commands.executeCommand('vscode.executeFormatDocumentProvider', seed.uri, { tabSize: 4, insertSpaces: true });
        assert.ok(Array.isArray(edits), 'the formatter answers');
    });

    test('commands: Show Output, Restart Language Server, Check Workspace', async () => {
        const all = await vscode.commands.getCommands(true);
        for (const c of ['topo.showOutput', 'topo.restartServer', 'topo.checkWorkspace']) assert.ok(all.includes(c), c);
        await vscode.commands.executeCommand('topo.showOutput');
        const summary = await vscode.commands.executeCommand('topo.checkWorkspace');
        assert.ok(summary && summary.checked >= 4, 'checked the examples: ' + JSON.stringify(summary));
        assert.ok(summary.errors >= SEED_CODES.length, 'counted the seed\'s errors: ' + JSON.stringify(summary));
        await vscode.commands.executeCommand('topo.restartServer');
        // After a restart the server answers again.
        const hovers = await waitFor('hover after restart', async () => {
            const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', seed.uri, positionOf(seed, 'site gd2', 0, 6));
            return h && h.length ? h : undefined;
        }, 30000);
        assert.ok(hovers.length > 0);
        await diagnostics(seed.uri, ds => codesOf(ds).includes('selector-mismatch'));
    });

    test('runbook: the "Generate console steps" source action opens the QingCloud steps beside the file', async () => {
        const uri = workspaceUri('qingcloud-star.topo');
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc);
        const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri,
            new vscode.Range(positionOf(doc, 'site sh1', 0, 6), positionOf(doc, 'site sh1', 0, 6)), 'source.topo.runbook');
        const action = (actions || []).find(a => a.command && a.command.command === 'topo.showRunbook' && /QingCloud/.test(a.title));
        assert.ok(action, 'a runbook action for QingCloud: ' + (actions || []).map(a => a.title).join(' | '));
        const shown = await vscode.commands.executeCommand(action.command.command, ...action.command.arguments);
        const text = shown.markdown;
        // every tunnel of the guide, with the corrected gd2 selector
        for (const s of ['pek3-sh1', 'pek3-gd2', 'sh1-pek3', 'gd2-pek3', '172.16.0.0/24']) assert.ok(text.includes(s), `${s} in the runbook`);
        assert.ok(!/Topo could not generate/.test(text), text.slice(0, 300));
        // a checklist beside the file: one tick per step, the webview open in another group
        assert.ok(shown.steps.length > 5, `steps: ${shown.steps.join(' | ')}`);
        assert.deepStrictEqual(shown.ticks, [], 'nothing ticked yet');
        // the view itself (beside the file, ticks, copy, CJK) is checked through the UI in e2e mode A:
        // the extension host's tab list did not list the webview's tab in code-server
    });

    test('runbook: the open view follows an unsaved edit of its topology', async () => {
        const ext = vscode.extensions.all.find(e => e.packageJSON.name === 'topo-vpn');
        const doc = await scratchCopy('qingcloud-star.topo');
        const before = await vscode.commands.executeCommand('topo.showRunbook', doc.uri, 'qingcloud');
        const OLD = '139.198.175.48', NEW = '139.198.175.49';   // sh1's public address, written once (its gateway)
        assert.ok(before.markdown.includes(OLD), 'sh1\'s public address in the runbook before the edit');
        assert.deepStrictEqual(ext.exports.runbook().markdown, before.markdown, 'the API reads the open view');
        // sh1 gets another public address, typed into the editor, not saved
        const at = doc.getText().indexOf(`gateway ${OLD}`) + 'gateway '.length;
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + OLD.length)), NEW);
        assert.ok(await vscode.workspace.applyEdit(edit));
        assert.ok(doc.isDirty, 'the edit is unsaved');
        const after = await waitFor('the runbook view to show the edited address', () => {
            const shown = ext.exports.runbook();
            return shown && shown.markdown.includes(NEW) ? shown : undefined;
        }, 30000);
        assert.ok(!after.markdown.includes(OLD), 'the old address is gone from the view');
        assert.strictEqual(after.steps.length, before.steps.length, 'the same steps, with the new value');
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('apply: Plan/Apply/Destroy are registered commands', async () => {
        const all = await vscode.commands.getCommands(true);
        for (const c of ['topo.plan', 'topo.apply', 'topo.destroy', 'topo.generateRunbook', 'topo.showRunbook']) assert.ok(all.includes(c), c);
    });

    test('settings: declared with defaults', () => {
        const cfg = vscode.workspace.getConfiguration('topo', null);
        assert.strictEqual(cfg.get('runbook.language'), 'auto');
        assert.strictEqual(cfg.get('runbook.provider'), 'ask');
        assert.strictEqual(cfg.get('trace.server'), 'off');
    });
});
