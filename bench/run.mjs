#!/usr/bin/env node
// `npm run bench`: how fast Topo checks and edits large topologies (bench/README.md).
//
// For each synthetic topology of bench/generate.mjs:
//  - Langium's lexer alone and lexer + parser on the same text, in this process (reference points);
//  - a cold `topo check` (the real CLI process, out/cli.cjs): wall time and peak RSS;
//  - a real LSP session with the server process (out/server.cjs --stdio, as VS Code starts it)
//    driven over JSON-RPC: workspace load, didOpen -> diagnostics, single-character edits ->
//    publishDiagnostics latency, completion latency, the editor's read requests (code lens,
//    inlay hints over a screenful, hover, document symbols, semantic tokens of the file and of a
//    screenful) on the settled file, the server's peak RSS.
// Prints a Markdown table and writes bench/results/latest.json (with --baseline also
// bench/baseline.json). Every wait is bounded; server processes are killed by PID at the end.
//
// Options: --only=id,id  --edits=N (60)  --completions=N (40)  --requests=N (20 of each)  --check-runs=N (3)
//          --budget=SECONDS per LSP phase (90)  --no-lsp  --no-check  --baseline
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import jsonrpc from 'vscode-jsonrpc/node';
import { scenarios } from './generate.mjs';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = jsonrpc;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const WORK = path.join(RESULTS, 'work');
const CLI = path.join(ROOT, 'out', 'cli.cjs');
const SERVER = path.join(ROOT, 'out', 'server.cjs');
const TIME = '/usr/bin/time';

// ------------------------------------------------------------------------------------ options

const argv = process.argv.slice(2);
const opt = (name, def) => {
    const a = argv.find(x => x === `--${name}` || x.startsWith(`--${name}=`));
    if (!a) return def;
    return a.includes('=') ? a.slice(a.indexOf('=') + 1) : true;
};
const OPTS = {
    only: opt('only', '') ? String(opt('only', '')).split(',') : undefined,
    edits: Number(opt('edits', 60)),
    completions: Number(opt('completions', 40)),
    requests: Number(opt('requests', 20)),
    checkRuns: Number(opt('check-runs', 3)),
    budgetMs: Number(opt('budget', 90)) * 1000,
    lsp: !opt('no-lsp', false),
    check: !opt('no-check', false),
    baseline: !!opt('baseline', false),
};

// ------------------------------------------------------------------------------------ helpers

const children = new Set();
process.on('exit', () => { for (const c of children) try { process.kill(c.pid, 'SIGKILL'); } catch { /* gone */ } });

const sleep = ms => new Promise(r => setTimeout(r, ms));
const median = xs => percentile(xs, 50);
function percentile(xs, p) {
    if (!xs.length) return undefined;
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const round = x => (x === undefined ? undefined : Math.round(x * 10) / 10);
function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise.finally(() => clearTimeout(timer)),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms); }),
    ]);
}
function log(msg) { process.stderr.write(`bench: ${msg}\n`); }

function readStatusKb(pid, field) {
    try {
        const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
        return m ? Number(m[1]) : undefined;
    } catch { return undefined; }
}

function gitDescribe() {
    try {
        const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
        const dirty = execFileSync('git', ['status', '--porcelain', '--', 'language-server/src'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
        return dirty ? `${head}+dirty` : head;
    } catch { return 'unknown'; }
}

/** Bundles bench/lexer.ts as the CLI is bundled, and loads it. */
async function loadLexer() {
    const esbuild = await import('esbuild');
    const outfile = path.join(RESULTS, '.build', 'lexer.cjs');
    await esbuild.build({
        entryPoints: [path.join(ROOT, 'bench', 'lexer.ts')], outfile, bundle: true, format: 'cjs', platform: 'node', target: 'node20',
        define: { 'import.meta.url': 'importMetaUrl' },
        banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
        logLevel: 'warning',
    });
    return createRequire(import.meta.url)(outfile);
}

function timeInProcess(f, runs) {
    f(); // warm-up: JIT and lazy initialisation of the parser
    const times = [];
    for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        f();
        times.push(performance.now() - t0);
    }
    return median(times);
}

// ------------------------------------------------------------------------------------ cold check

/** One `topo check FILES` process: wall time, peak RSS, exit code and the summary line. */
function checkOnce(dir, files, timeoutMs) {
    return new Promise(resolve => {
        const out = path.join(RESULTS, 'check.out');
        const fd = fs.openSync(out, 'w');
        const useTime = fs.existsSync(TIME);
        const args = [CLI, 'check', ...files];
        const t0 = performance.now();
        const child = useTime
            ? spawn(TIME, ['-v', process.execPath, ...args], { cwd: dir, stdio: ['ignore', fd, 'pipe'] })
            : spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', fd, 'pipe'] });
        children.add(child);
        let stderr = '';
        let hwm = 0;
        child.stderr.on('data', d => { stderr = (stderr + d).slice(-20000); });
        const poll = useTime ? undefined : setInterval(() => { hwm = Math.max(hwm, readStatusKb(child.pid, 'VmHWM') ?? 0); }, 20);
        const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
        child.on('exit', (code, signal) => {
            const wall = performance.now() - t0;
            clearTimeout(timer);
            if (poll) clearInterval(poll);
            children.delete(child);
            fs.closeSync(fd);
            const rss = useTime ? Number(stderr.match(/Maximum resident set size \(kbytes\): (\d+)/)?.[1] ?? 0) : hwm;
            const text = fs.readFileSync(out, 'utf8');
            const summary = text.trimEnd().split('\n').pop() ?? '';
            const exit = useTime ? Number(stderr.match(/Exit status: (\d+)/)?.[1] ?? code) : code;
            const oom = /heap out of memory/.test(stderr);
            const timedOut = wall >= timeoutMs;
            const failed = oom ? 'out of memory' : timedOut ? `timeout (${timeoutMs / 1000} s)` : signal ? `signal ${signal}`
                : (exit !== 0 && exit !== 1) ? `exit ${exit}: ${stderr.split('\n').find(l => l.trim()) ?? ''}` : undefined;
            resolve({ wallMs: wall, peakRssMb: rss / 1024, exit, summary: failed ? undefined : summary, failed });
        });
    });
}

async function coldCheck(dir, files, limits = {}) {
    const runs = [];
    for (let i = 0; i < Math.min(OPTS.checkRuns, limits.checkRuns ?? Infinity); i++) {
        const r = await checkOnce(dir, files, 120000);
        runs.push(r);
        if (r.failed) break;
    }
    const ok = runs.filter(r => !r.failed);
    if (!ok.length) return { failed: runs[0].failed, wallMs: runs[0].wallMs, peakRssMb: runs[0].peakRssMb, runs: runs.length };
    return {
        wallMs: median(ok.map(r => r.wallMs)),
        peakRssMb: Math.max(...ok.map(r => r.peakRssMb)),
        exit: ok[0].exit,
        summary: ok[0].summary,
        runs: ok.length,
    };
}

// ------------------------------------------------------------------------------------ LSP session

/** Places for single-character edits that keep the file valid: a host's last address digit, a region's last letter. */
function editPlaces(text, count) {
    const lines = text.split('\n');
    const hosts = [], regions = [];
    lines.forEach((l, i) => {
        const h = l.match(/^host \S+ (\d+\.\d+\.\d+\.\d+) /);
        if (h) hosts.push({ kind: 'host', line: i, character: l.indexOf(h[1]) + h[1].length - 1 });
        const r = l.match(/^site \S+ <.* region (\S+) /);
        if (r) regions.push({ kind: 'region', line: i, character: l.indexOf(` region ${r[1]} `) + 8 + r[1].length - 1 });
    });
    const spread = (xs, n) => Array.from({ length: Math.min(n, xs.length) }, (_, k) => xs[Math.floor(((k + 0.5) * xs.length) / Math.min(n, xs.length))]);
    const a = spread(hosts, Math.ceil(count / 2)), b = spread(regions, Math.floor(count / 2));
    const out = [];
    for (let k = 0; k < Math.max(a.length, b.length); k++) { if (a[k]) out.push(a[k]); if (b[k]) out.push(b[k]); }
    return out.slice(0, count);
}

/** Where completion is asked: a `hub` reference, a host's site, a provider, a proposal (each after two typed characters). */
function completionPlaces(text, count) {
    const lines = text.split('\n');
    const kinds = { hub: [], site: [], provider: [], proposal: [] };
    lines.forEach((l, i) => {
        let m;
        if ((m = l.match(/ > hub (\S+)/)) && l.startsWith('site ')) kinds.hub.push({ kind: 'hub', line: i, character: l.indexOf(m[0]) + 7 + 2 });
        if ((m = l.match(/^host \S+ \S+ in (\S+)/))) kinds.site.push({ kind: 'site', line: i, character: l.lastIndexOf(` in ${m[1]}`) + 4 + 2 });
        if ((m = l.match(/ provider (\S+)/))) kinds.provider.push({ kind: 'provider', line: i, character: l.indexOf(m[0]) + 10 + 2 });
        if ((m = l.match(/ ike-proposal (\S+)/))) kinds.proposal.push({ kind: 'proposal', line: i, character: l.indexOf(m[0]) + 14 + 2 });
    });
    const present = Object.values(kinds).filter(k => k.length);
    const out = [];
    for (let k = 0; out.length < count && k < count * 4; k++) {
        const list = present[k % present.length];
        const idx = Math.floor(((Math.floor(k / present.length) * 7919) % list.length));
        out.push(list[idx]);
    }
    return out;
}

async function lspSession(dir, files, target, limits = {}) {
    // a scenario may make fewer edits, diagrams after an edit and read requests than the options say
    const editCount = Math.min(OPTS.edits, limits.edits ?? Infinity);
    const diagramEdits = Math.min(OPTS.edits, 30, limits.diagramEdits ?? Infinity);
    const requestCount = Math.min(OPTS.requests, limits.requests ?? Infinity);
    const result = { edits: [], completions: [], requests: { codeLens: [], inlayHint: [], hover: [], documentSymbol: [], semanticTokens: [], semanticTokensRange: [] } };
    // TOPO_BENCH_SERVER_ARGS: extra node options for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const nodeArgs = (process.env.TOPO_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    let stderr = '';
    child.stderr.on('data', d => { stderr = (stderr + d).slice(-8000); });
    let exited;
    const exitPromise = new Promise(r => child.on('exit', (code, signal) => { exited = { code, signal }; r(); }));
    const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    conn.onError(() => { /* reported through the timeouts */ });
    let lastPublish = 0;
    const published = new Map(); // uri -> { t, count }
    const waiters = [];
    conn.onNotification('textDocument/publishDiagnostics', p => {
        const t = performance.now();
        lastPublish = t;
        published.set(p.uri, { t, errors: p.diagnostics.filter(d => d.severity === 1).length, all: p.diagnostics.length });
        for (const w of [...waiters]) if (w.uri === p.uri && t >= w.after) { waiters.splice(waiters.indexOf(w), 1); w.resolve(t); }
    });
    conn.onNotification(() => { /* window/logMessage, $/progress, ... */ });
    conn.onRequest((method, params) => (method === 'workspace/configuration' ? params.items.map(() => null) : null));
    conn.listen();
    const diagnosticsAfter = (uri, after, ms) => {
        const seen = published.get(uri);
        if (seen && seen.t >= after) return Promise.resolve(seen.t);
        return withTimeout(new Promise(resolve => waiters.push({ uri, after, resolve })), ms, `diagnostics of ${path.basename(uri)}`)
            .catch(e => { const i = waiters.findIndex(w => w.uri === uri); if (i >= 0) waiters.splice(i, 1); throw e; });
    };
    /** Until no diagnostics arrived for `quiet` ms (bounded); returns the time of the last one. */
    const settle = async (quiet, ms) => {
        const end = performance.now() + ms;
        while (performance.now() < end && !exited) {
            if (performance.now() - lastPublish >= quiet) break;
            await sleep(Math.min(quiet, 25));
        }
        return lastPublish;
    };
    const alive = () => { if (exited) throw new Error(`server exited (${exited.signal ?? exited.code}): ${/heap out of memory/.test(stderr) ? 'out of memory' : stderr.split('\n').filter(Boolean).pop() ?? ''}`); };

    try {
        const rootUri = pathToFileURL(dir).href;
        const t0 = performance.now();
        const init = await withTimeout(conn.sendRequest('initialize', {
            processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: path.basename(dir) }],
            capabilities: {
                workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false } },
                textDocument: {
                    synchronization: { didSave: true, dynamicRegistration: false },
                    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
                    completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } },
                    hover: { contentFormat: ['markdown', 'plaintext'] },
                    codeLens: { resolveSupport: { properties: ['command'] } }, inlayHint: {}, documentSymbol: { hierarchicalDocumentSymbolSupport: true },
                    semanticTokens: {
                        requests: { full: { delta: true }, range: true }, formats: ['relative'], multilineTokenSupport: false, overlappingTokenSupport: false,
                        tokenTypes: ['namespace', 'class', 'variable', 'function', 'number', 'enumMember', 'type', 'string', 'keyword', 'property', 'comment', 'operator'],
                        tokenModifiers: ['declaration', 'readonly'],
                    },
                },
            },
        }), 60000, 'initialize');
        conn.sendNotification('initialized', {});
        const semantic = init?.capabilities?.semanticTokensProvider;
        const lensResolve = !!init?.capabilities?.codeLensProvider?.resolveProvider;
        // As VS Code does: the workspace manager loads and indexes every .topo file of the folder,
        // the editor opens one; its diagnostics come once the workspace is built and it is validated.
        const uri = pathToFileURL(path.join(dir, target)).href;
        let text = fs.readFileSync(path.join(dir, target), 'utf8');
        let version = 1;
        let t = performance.now();
        conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version, text } });
        result.openMs = (await diagnosticsAfter(uri, t, 180000)) - t;
        result.startToOpenMs = performance.now() - t0;
        await settle(300, 120000);
        result.openSettledMs = lastPublish - t;
        log(`  initialize + open -> diagnostics ${Math.round(result.startToOpenMs)} ms (all files validated after ${Math.round(result.openSettledMs)} ms)`);
        result.errorsAtOpen = published.get(uri)?.errors;

        // Edits: one character each, at different places, waiting for the diagnostics of each.
        const lines = text.split('\n');
        const places = editPlaces(text, editCount);
        const budgetEnd = performance.now() + OPTS.budgetMs;
        /** Changes one character at `p` (a digit of a host address, else a letter of a name); returns when it was sent. */
        const edit = p => {
            alive();
            const old = lines[p.line][p.character];
            const ch = p.kind === 'host' ? String((Number(old) + 1) % 10) : (old === 'z' ? 'y' : 'z');
            lines[p.line] = lines[p.line].slice(0, p.character) + ch + lines[p.line].slice(p.character + 1);
            version++;
            const sent = performance.now();
            conn.sendNotification('textDocument/didChange', {
                textDocument: { uri, version },
                contentChanges: [{ range: { start: { line: p.line, character: p.character }, end: { line: p.line, character: p.character + 1 } }, text: ch }],
            });
            return sent;
        };
        for (const p of places) {
            if (performance.now() > budgetEnd) { result.editsStopped = `budget of ${OPTS.budgetMs / 1000} s reached`; break; }
            t = edit(p);
            // diagnostics are published only when they change: ask when the edit is validated
            const { diagnostics, parses } = await withTimeout(conn.sendRequest('topo/validated', { uri }), 60000, 'topo/validated');
            result.parses = parses; // since the server started: incremental, full, full by reason
            const at = performance.now();
            const last = await settle(150, 60000);
            result.edits.push({ kind: p.kind, line: p.line + 1, ms: at - t, settledMs: Math.max(at, last) - t, errors: published.get(uri)?.errors, diagnostics });
        }
        // The diagram (topo/graph with the SVG, as the webview asks for it): the first picture,
        // then edits -> the updated picture (the request waits until the edit is validated).
        t = performance.now();
        const first = await withTimeout(conn.sendRequest('topo/graph', { uri, svg: true }), 60000, 'topo/graph');
        result.graphFirstMs = performance.now() - t;
        result.graphSvgKb = Buffer.byteLength(first.svg ?? '') / 1024;
        result.graphEdits = [];
        const gbudgetEnd = performance.now() + OPTS.budgetMs;
        for (const p of editPlaces(lines.join('\n'), diagramEdits)) {
            if (performance.now() > gbudgetEnd) break;
            t = edit(p);
            await withTimeout(conn.sendRequest('topo/graph', { uri, svg: true }), 60000, 'topo/graph after an edit');
            result.graphEdits.push(performance.now() - t);
            await settle(150, 60000);
        }
        log(`  diagram: first ${fmt(result.graphFirstMs)} ms (${fmt(result.graphSvgKb)} KB SVG); edit -> diagram p50 ${fmt(percentile(result.graphEdits, 50), 1)} / p95 ${fmt(percentile(result.graphEdits, 95), 1)} ms`);
        text = lines.join('\n');

        // Completion at different places.
        const cbudgetEnd = performance.now() + OPTS.budgetMs;
        for (const p of completionPlaces(text, OPTS.completions)) {
            if (performance.now() > cbudgetEnd) { result.completionsStopped = `budget of ${OPTS.budgetMs / 1000} s reached`; break; }
            alive();
            t = performance.now();
            const r = await withTimeout(conn.sendRequest('textDocument/completion', {
                textDocument: { uri }, position: { line: p.line, character: p.character }, context: { triggerKind: 1 },
            }), 60000, 'completion');
            const items = Array.isArray(r) ? r.length : r?.items?.length ?? 0;
            result.completions.push({ kind: p.kind, line: p.line + 1, ms: performance.now() - t, items });
        }

        // What the editor asks while the user reads: code lens, document symbols and semantic
        // tokens of the whole file, inlay hints and semantic tokens of a screenful (60 lines),
        // hover on site and tunnel names; each at --requests places spread over the file, on the
        // settled document.
        await settle(300, 60000);
        const rlines = text.split('\n');
        const names = [];
        rlines.forEach((l, i) => { const m = /^(site|tunnel|host) +(\S+)/.exec(l); if (m) names.push({ line: i, character: m[1].length + 2 }); });
        const rbudgetEnd = performance.now() + OPTS.budgetMs;
        for (let i = 0; i < requestCount; i++) {
            if (performance.now() > rbudgetEnd) { result.requestsStopped = `budget of ${OPTS.budgetMs / 1000} s reached`; break; }
            alive();
            const at = names.length ? names[Math.floor((i + 0.5) * names.length / requestCount)] : { line: 0, character: 0 };
            const start = Math.max(0, Math.min(rlines.length - 60, Math.floor(i * rlines.length / requestCount)));
            const timed = async (kind, method, params) => {
                const t1 = performance.now();
                await withTimeout(conn.sendRequest(method, { textDocument: { uri }, ...params }), 60000, method);
                result.requests[kind].push(performance.now() - t1);
            };
            // the lenses of the file, then (a server that resolves them lazily) the titles of those on
            // the screenful, asked at once as the editor does
            {
                const t1 = performance.now();
                const lenses = await withTimeout(conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }), 60000, 'textDocument/codeLens');
                if (lensResolve) {
                    const shown = (lenses ?? []).filter(l => l.range.start.line >= start && l.range.start.line < start + 60);
                    await withTimeout(Promise.all(shown.map(l => conn.sendRequest('codeLens/resolve', l))), 60000, 'codeLens/resolve');
                }
                result.requests.codeLens.push(performance.now() - t1);
            }
            await timed('inlayHint', 'textDocument/inlayHint', { range: { start: { line: start, character: 0 }, end: { line: start + 60, character: 0 } } });
            await timed('hover', 'textDocument/hover', { position: at });
            await timed('documentSymbol', 'textDocument/documentSymbol', {});
            if (semantic?.full) await timed('semanticTokens', 'textDocument/semanticTokens/full', {});
            if (semantic?.range) await timed('semanticTokensRange', 'textDocument/semanticTokens/range', { range: { start: { line: start, character: 0 }, end: { line: start + 60, character: 0 } } });
        }
        result.serverPeakRssMb = (readStatusKb(child.pid, 'VmHWM') ?? 0) / 1024;
        result.serverRssMb = (readStatusKb(child.pid, 'VmRSS') ?? 0) / 1024;
    } catch (e) {
        result.failed = e instanceof Error ? e.message : String(e);
        try { alive(); } catch (dead) { result.failed = dead.message; }
        result.serverPeakRssMb ??= (readStatusKb(child.pid, 'VmHWM') ?? 0) / 1024 || undefined;
        log(`  LSP session: ${result.failed}`);
    } finally {
        if (!exited) {
            try { await withTimeout(conn.sendRequest('shutdown'), 5000, 'shutdown'); conn.sendNotification('exit'); } catch { /* killed below */ }
            await Promise.race([exitPromise, sleep(3000)]);
        }
        if (!exited) try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
        await Promise.race([exitPromise, sleep(3000)]);
        children.delete(child);
        conn.dispose();
    }
    const em = result.edits.map(e => e.ms), cm = result.completions.map(c => c.ms);
    Object.assign(result, {
        editCount: em.length, editP50: percentile(em, 50), editP95: percentile(em, 95), editMax: em.length ? Math.max(...em) : undefined,
        settledP50: percentile(result.edits.map(e => e.settledMs), 50), settledP95: percentile(result.edits.map(e => e.settledMs), 95),
        errorsAfterEdits: result.edits.length ? Math.max(...result.edits.map(e => e.errors ?? 0)) : undefined,
        completionCount: cm.length, completionP50: percentile(cm, 50), completionP95: percentile(cm, 95),
        completionItemsMax: result.completions.length ? Math.max(...result.completions.map(c => c.items)) : undefined,
        graphEditCount: result.graphEdits?.length, graphEditP50: percentile(result.graphEdits ?? [], 50), graphEditP95: percentile(result.graphEdits ?? [], 95),
    });
    for (const [kind, ms] of Object.entries(result.requests)) {
        result[`${kind}P50`] = percentile(ms, 50);
        result[`${kind}P95`] = percentile(ms, 95);
    }
    return result;
}

// ------------------------------------------------------------------------------------ report

const fmt = (x, digits = 0) => (x === undefined || Number.isNaN(x) ? '–' : x >= 10000 ? Math.round(x).toLocaleString('en-US') : x.toFixed(digits));

function table(rows) {
    const head = ['scenario', 'files', 'KB', 'lex ms', 'parse ms', 'check ms', 'check peak MB', 'check / lex', 'open ms',
        'edit p50 ms', 'edit p95 ms', 'edits', 'completion p50 ms', 'completion p95 ms', 'lens p95 ms', 'hints p95 ms', 'hover p95 ms',
        'symbols p95 ms', 'tokens p95 ms', 'tokens (60 lines) p95 ms', 'diagram ms', 'edit -> diagram p95 ms', 'server peak MB'];
    const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
    for (const r of rows) {
        const c = r.check ?? {}, l = r.lsp ?? {};
        const checkMs = c.failed ? `${c.failed} (${fmt(c.wallMs)})` : fmt(c.wallMs);
        lines.push(`| ${[
            r.title, r.files, fmt(r.bytes / 1024), fmt(r.lexMs, 1), fmt(r.parseMs), checkMs, fmt(c.peakRssMb),
            c.failed || !c.wallMs ? '–' : `${fmt(c.wallMs / r.lexMs, 0)}×`,
            l.failed && l.openMs === undefined ? l.failed : fmt(l.openMs),
            fmt(l.editP50, 1), fmt(l.editP95, 1), l.editCount ?? '–', fmt(l.completionP50, 1), fmt(l.completionP95, 1),
            fmt(l.codeLensP95, 1), fmt(l.inlayHintP95, 1), fmt(l.hoverP95, 1), fmt(l.documentSymbolP95, 1),
            fmt(l.semanticTokensP95, 1), fmt(l.semanticTokensRangeP95, 1), fmt(l.graphFirstMs), fmt(l.graphEditP95, 1), fmt(l.serverPeakRssMb),
        ].join(' | ')} |`);
    }
    return lines.join('\n');
}

function targets(byId) {
    // issue 18's targets (the second performance step); the diagram's from issue 17
    const s1 = byId['star-1000'], s10 = byId['star-10000'], split = byId['split-10000'], s100 = byId['star-100000'];
    const out = [];
    const check = (label, value, limit, unit = 'ms') => {
        if (value === undefined) return out.push({ label, limit, value: undefined, ok: false });
        out.push({ label, limit, value: round(value), unit, ok: value <= limit });
    };
    if (s1?.lsp) {
        check('1,000-site star: diagram request + SVG', s1.lsp.graphFirstMs, 1000);
        check('1,000-site star: edit -> updated diagram p95', s1.lsp.graphEditP95, 200);
    }
    if (s10?.lsp) {
        check('10,000-site star: edit -> diagnostics p50', s10.lsp.editP50, 40);
        check('10,000-site star: edit -> diagnostics p95', s10.lsp.editP95, 80);
        check('10,000-site star: language server peak memory', s10.lsp.serverPeakRssMb, 400, 'MB');
    }
    if (split?.lsp) check('10,000 sites in 100 files: edit p50', split.lsp.editP50, 40);
    if (s10?.check) {
        check('10,000-site star: cold check', s10.check.failed ? undefined : s10.check.wallMs, 1200);
        check('10,000-site star: cold check peak memory', s10.check.failed ? undefined : s10.check.peakRssMb, 250, 'MB');
    }
    if (s100?.check) check('100,000-site star: cold check', s100.check.failed ? undefined : s100.check.wallMs, 10000);
    if (s100?.lsp) check('100,000-site star: completion p95', s100.lsp.completionP95, 100);
    // what the editor asks while the user reads: at most 50 ms p95 each, on every scenario
    const requests = [['completion', 'completion'], ['hover', 'hover'], ['codeLens', 'code lens'], ['inlayHint', 'inlay hints'],
        ['documentSymbol', 'document symbols'], ['semanticTokens', 'semantic tokens']];
    for (const [id, row] of Object.entries(byId)) {
        if (!row?.lsp || id === 'star-100000') continue;
        for (const [kind, name] of requests) check(`${row.title ?? id}: ${name} p95`, row.lsp[`${kind}P95`], 50);
    }
    const scaling = {};
    if (s1 && s10) {
        if (s1.check?.wallMs && s10.check?.wallMs && !s10.check.failed) scaling.check = s10.check.wallMs / s1.check.wallMs;
        if (s1.lsp?.editP50 && s10.lsp?.editP50) scaling.editP50 = s10.lsp.editP50 / s1.lsp.editP50;
        scaling.lex = s10.lexMs / s1.lexMs;
        scaling.bytes = s10.bytes / s1.bytes;
        if (scaling.editP50 !== undefined) check('time(10,000) / time(1,000), edit p50', scaling.editP50, 2, '×');
    }
    return { targets: out, scaling };
}

// ------------------------------------------------------------------------------------ main

async function main() {
    for (const f of [CLI, SERVER]) {
        if (!fs.existsSync(f)) { log(`${path.relative(ROOT, f)} is missing: build first (npm run bench builds it)`); process.exit(2); }
    }
    fs.rmSync(WORK, { recursive: true, force: true });
    fs.mkdirSync(WORK, { recursive: true });
    const lexer = await loadLexer();
    const chosen = scenarios().filter(s => !OPTS.only || OPTS.only.includes(s.id));
    const rows = [];
    const started = performance.now();
    for (const s of chosen) {
        const dir = path.join(WORK, s.id);
        fs.mkdirSync(dir, { recursive: true });
        for (const f of s.files) fs.writeFileSync(path.join(dir, f.name), f.text);
        const texts = s.files.map(f => f.text);
        const row = {
            id: s.id, title: s.title, sites: s.sites, files: s.files.length,
            bytes: texts.reduce((a, t) => a + Buffer.byteLength(t), 0),
            lines: texts.reduce((a, t) => a + t.split('\n').length, 0),
        };
        log(`${s.id}: ${s.files.length} file(s), ${Math.round(row.bytes / 1024)} KB`);
        row.tokens = texts.reduce((a, t) => a + lexer.lex(t), 0);
        row.lexMs = timeInProcess(() => texts.forEach(t => lexer.lex(t)), 5);
        row.parseMs = timeInProcess(() => texts.forEach(t => lexer.parse(t)), Math.min(3, s.limits?.parseRuns ?? 3));
        log(`  lexer ${fmt(row.lexMs, 1)} ms, lexer + parser ${fmt(row.parseMs)} ms`);
        if (OPTS.check) {
            row.check = await coldCheck(dir, s.files.map(f => f.name), s.limits);
            log(`  cold check ${row.check.failed ?? ''} ${fmt(row.check.wallMs)} ms, peak ${fmt(row.check.peakRssMb)} MB: ${row.check.summary ?? ''}`);
        }
        if (OPTS.lsp) {
            const target = s.files[Math.floor(s.files.length / 2)].name;
            if (s.limits) log(`  fewer runs here (the scenario's limits): ${Object.entries(s.limits).map(([k, v]) => `${k} ${v}`).join(', ')}`);
            row.lsp = await lspSession(dir, s.files.map(f => f.name), target, s.limits);
            row.lsp.target = target;
            const l = row.lsp;
            log(`  open ${fmt(l.openMs)} ms; ${l.editCount} edits p50 ${fmt(l.editP50, 1)} / p95 ${fmt(l.editP95, 1)} ms; ${l.completionCount} completions p50 ${fmt(l.completionP50, 1)} / p95 ${fmt(l.completionP95, 1)} ms; p95 lens ${fmt(l.codeLensP95, 1)} / hints ${fmt(l.inlayHintP95, 1)} / hover ${fmt(l.hoverP95, 1)} / symbols ${fmt(l.documentSymbolP95, 1)} / tokens ${fmt(l.semanticTokensP95, 1)} / tokens of 60 lines ${fmt(l.semanticTokensRangeP95, 1)} ms; server peak ${fmt(l.serverPeakRssMb)} MB`);
            if (l.parses) log(`  parses since start: ${l.parses.incremental} incremental, ${l.parses.full} full${Object.keys(l.parses.fallbacks).length ? ` (edits parsed in full: ${Object.entries(l.parses.fallbacks).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`);
        }
        rows.push(row);
    }
    const byId = Object.fromEntries(rows.map(r => [r.id, r]));
    const { targets: tg, scaling } = targets(byId);
    const cpu = os.cpus();
    const report = {
        date: new Date().toISOString(),
        command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
        commit: gitDescribe(),
        analyses: lexer.analyses?.() ?? [],
        machine: { cpus: cpu.length, cpu: cpu[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
        options: OPTS,
        durationS: Math.round((performance.now() - started) / 1000),
        scenarios: rows,
        scaling,
        targets: tg,
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
    if (OPTS.baseline) fs.writeFileSync(path.join(ROOT, 'bench', 'baseline.json'), JSON.stringify(report, null, 2) + '\n');

    const out = [];
    out.push(`Topo benchmark · ${report.date.slice(0, 16).replace('T', ' ')} UTC · commit ${report.commit} · ${report.machine.cpus}× ${report.machine.cpu} · Node ${process.version}`);
    out.push(`analyses: ${report.analyses.join(', ') || '(unknown)'}`);
    out.push('');
    out.push(table(rows));
    out.push('');
    const sc = [];
    if (scaling.check !== undefined) sc.push(`cold check ${scaling.check.toFixed(1)}×`);
    if (scaling.editP50 !== undefined) sc.push(`edit p50 ${scaling.editP50.toFixed(1)}×`);
    if (scaling.lex !== undefined) sc.push(`lexer ${scaling.lex.toFixed(1)}×, bytes ${scaling.bytes.toFixed(1)}×`);
    if (sc.length) out.push(`time(10,000) / time(1,000): ${sc.join(', ')}`, '');
    for (const r of rows) {
        const lim = chosen.find(s => s.id === r.id)?.limits;
        if (lim && r.lsp) out.push(`${r.title}: fewer runs (the scenario's limits): ${r.lsp.editCount} edits, ${r.lsp.graphEditCount ?? 0} edits -> diagram, ${r.lsp.requests.hover.length} of each read request, ${lim.checkRuns ?? OPTS.checkRuns} cold check(s)`, '');
    }
    for (const t of tg) out.push(`${t.ok ? 'PASS' : 'MISS'}  ${t.label}: ${t.value === undefined ? 'not measured (failed)' : `${t.value} ${t.unit}`} (target <= ${t.limit} ${t.unit ?? ''})`);
    out.push('', `written to ${path.relative(ROOT, path.join(RESULTS, 'latest.json'))}${OPTS.baseline ? ' and bench/baseline.json' : ''} in ${report.durationS} s`);
    process.stdout.write(out.join('\n') + '\n');
}

main().catch(e => { log(e instanceof Error ? e.stack ?? e.message : String(e)); process.exitCode = 1; });
