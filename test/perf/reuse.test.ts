/**
 * Reuse across edits: the model builder keeps what each statement says per AST node, and the
 * analyses keep results per statement. After an edit through the language server (incremental
 * parsing: unchanged statements keep their AST node objects, their CST moved in place),
 * building and analysing again must give exactly the findings of a build from scratch of the
 * same text: codes, messages, severities, positions, related information
 * and quick fixes (with their edit ranges).
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { clearDocuments } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { runAnalyses } from '../../language-server/src/analyses/index.js';
import type { Model } from '../../language-server/src/generated/ast.js';
import { buildTopology } from '../../language-server/src/model/build.js';
import type { Finding, SourceRef, Topology } from '../../language-server/src/model/types.js';
import { settingsOf } from '../../language-server/src/resolve/index.js';
import { exampleTexts, topologyArb } from '../fuzz/generators.js';
import { createTopoServices } from '../../language-server/src/topo-module.js';
import { statementChangeOf } from '../../language-server/src/services/parser/statement-change.js';
import { checkTexts, shared } from '../helpers.js';

const pos = (r: SourceRef) => `${r.uri}@${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`;

/** Everything a finding says, as plain data (ranges read now). */
function plain(f: Finding): unknown {
    return {
        code: f.code, severity: f.severity, message: f.message, at: pos(f.at),
        related: f.related?.map(r => `${pos(r.at)} ${r.message}`),
        fixes: f.fixes?.map(x => ({ title: x.title, preferred: x.preferred, edits: x.edits.map(e => `${pos(e)} ${JSON.stringify(e.newText)}`) })),
    };
}

/** Every tunnel end's effective settings (resolve/), as plain data: values, provenance, positions. */
function settingsDump(topology: Topology): unknown[] {
    const replacer = (key: string, v: unknown): unknown => {
        if (key === 'end') return undefined;
        if (typeof v === 'bigint') return String(v);
        // an algorithm of the canonical model: its id says which
        if (v && typeof v === 'object' && 'iana' in v && 'id' in v) return (v as { id: string }).id;
        if (v && typeof v === 'object' && typeof (v as SourceRef).uri === 'string' && 'range' in v) return pos(v as SourceRef);
        return v;
    };
    return topology.tunnels.flatMap(t => [t.a, t.b].map(e => `${t.name} ${e.name} ${JSON.stringify(settingsOf(e), replacer)}`));
}

function findingsOf(docs: { uri: string; root: Model }[]): unknown[] {
    const built = buildTopology(docs);
    return [...built.findings, ...runAnalyses(built.topology).findings].map(plain);
}

/** Findings and every end's settings. */
function everythingOf(docs: { uri: string; root: Model }[]): { findings: unknown[]; settings: unknown[] } {
    const built = buildTopology(docs);
    const findings = [...built.findings, ...runAnalyses(built.topology).findings].map(plain);
    return { findings, settings: settingsDump(built.topology) };
}

/** A second language instance: builds from scratch share nothing with the edited documents. */
const scratch = createTopoServices(EmptyFileSystem).shared;

/** `texts` built from scratch (new AST nodes, nothing kept) under the same URIs: their roots. */
async function freshRoots(texts: string[], uris: string[]): Promise<{ uri: string; root: Model }[]> {
    await clearDocuments(scratch);
    const docs = texts.map((t, i) => {
        const d = scratch.workspace.LangiumDocumentFactory.fromString<Model>(t, URI.parse(uris[i]));
        scratch.workspace.LangiumDocuments.addDocument(d);
        return d;
    });
    await scratch.workspace.DocumentBuilder.build(docs, { validation: false });
    return docs.map((d, i) => ({ uri: uris[i], root: d.parseResult.value }));
}

/** The findings of `texts` built from scratch. */
async function fresh(texts: string[], uris: string[]): Promise<unknown[]> {
    return findingsOf(await freshRoots(texts, uris));
}

/** Findings and settings of `texts` built from scratch. */
async function freshEverything(texts: string[], uris: string[]): Promise<{ findings: unknown[]; settings: unknown[] }> {
    return everythingOf(await freshRoots(texts, uris));
}

let version = 1;

/** Edits document `i` as the editor does: the new text, then the language server's update (incremental parse, relink). */
async function update(s: Session, i: number, text: string, incremental = true): Promise<number> {
    const open = shared.workspace.TextDocuments as unknown as { set(d: TextDocument): void; delete(u: string): void };
    open.set(TextDocument.create(s.uris[i], 'topo', ++version, text));
    try {
        await shared.workspace.DocumentBuilder.update([URI.parse(s.uris[i])], []);
    } finally {
        open.delete(s.uris[i]);
    }
    const change = statementChangeOf(s.docs[i].parseResult);
    if (!incremental) return change?.inserted.length ?? -1;
    expect(change, 'the edit was parsed incrementally').toBeDefined();
    return change!.inserted.length;
}

/** A star with something for every analysis to report. */
function star(spokes: number): string {
    const providers = ['gcp', 'tencent', 'qingcloud', 'aws', 'azure', 'alibaba', 'huawei', 'strongswan'];
    const lines = ['topology reuse', 'site core < provider strongswan region dc-frankfurt cidr 172.16.0.0/16 gateway 203.0.113.1 > hub core', 'host core-vm 172.16.0.10 in core'];
    for (let i = 1; i <= spokes; i++) {
        const p = providers[i % providers.length], name = `s${i}`;
        const routes = p === 'tencent' ? ` route 10.0.0.0/8 via core-${name} route 172.16.0.0/16 via core-${name}` : '';
        lines.push(`site ${name} < provider ${p} region r${i} cidr 10.0.${i}.0/24 gateway 198.51.100.${i}${routes} > hub core`);
        lines.push(`host vm${i} 10.0.${i}.10 in ${name}`);
        if (p === 'tencent') lines.push(`tunnel core-${name} core <-> ${name} < ike v2 psk "short" routing policy >`);
        if (p === 'aws') lines.push(`tunnel core-${name} core <-> ${name} < ike v1 ike-proposal aes128-sha1-modp1024 esp-proposal aes128-sha1 psk env K${i} routing static >`);
    }
    lines.push('site lone < provider gcp cidr 192.168.0.0/24 >');
    lines.push('site other < provider qingcloud cidr 192.168.1.0/24 >');
    lines.push('tunnel lone-other lone -> other < local 192.168.0.0/24 remote 192.168.1.0/24 >');
    lines.push('tunnel other-lone other -> lone < local 192.168.1.0/24 remote 192.168.0.0/25 >');
    return lines.join('\n') + '\n';
}

interface Session { docs: LangiumDocument<Model>[]; texts: string[]; uris: string[] }

async function open(...texts: string[]): Promise<Session> {
    const docs = await checkTexts(...texts);
    return { docs, texts: [...texts], uris: docs.map(d => d.uri.toString()) };
}

function members(s: Session) {
    return s.docs.map((d, i) => ({ uri: s.uris[i], root: d.parseResult.value }));
}

/** Applies an edit to document `i` through the language server, then compares with a fresh build. */
async function editAndCompare(s: Session, i: number, edit: (text: string) => string): Promise<{ kept: unknown[]; replaced: number }> {
    const before = s.texts[i];
    const after = edit(before);
    expect(after).not.toBe(before);
    s.texts[i] = after;
    const replaced = await update(s, i, after);
    const kept = findingsOf(members(s));
    expect(kept).toEqual(await fresh(s.texts, s.uris));
    return { kept, replaced };
}

const codes = (fs: unknown[]) => fs.map(f => (f as { code: string }).code);

describe('findings after an edit equal a build from scratch', () => {
    test('the unedited topology: the second build gives the first build\'s findings', async () => {
        const s = await open(star(40));
        const first = findingsOf(members(s));
        expect(first.length).toBeGreaterThan(10);
        expect(findingsOf(members(s))).toEqual(first);
        expect(first).toEqual(await fresh(s.texts, s.uris));
    });

    test('a site\'s provider changes: crypto verdicts change, the rest is kept', async () => {
        const s = await open(star(40));
        const before = findingsOf(members(s));
        // s1's tunnel has findings (a short literal key) that name the provider
        const { kept, replaced } = await editAndCompare(s, 0, t => t.replace('site s1 < provider tencent', 'site s1 < provider alibaba'));
        expect(replaced).toBe(1);
        expect(kept).not.toEqual(before);
        // s3's tunnel (IKEv1 towards AWS) becomes unsupported
        await editAndCompare(s, 0, t => t.replace('site s3 < provider aws', 'site s3 < provider gcp'));
    });

    test('a cidr changes so that an overlap appears, then disappears', async () => {
        const s = await open(star(30));
        const { kept } = await editAndCompare(s, 0, t => t.replace('cidr 10.0.7.0/24', 'cidr 10.0.8.0/24'));
        expect(codes(kept)).toContain('cidr-overlap');
        const { kept: back } = await editAndCompare(s, 0, t => t.replace('cidr 10.0.8.0/24 gateway 198.51.100.7', 'cidr 10.0.7.0/24 gateway 198.51.100.7'));
        expect(codes(back)).not.toContain('cidr-overlap');
    });

    test('a host address changes (outside its site, then a duplicate address)', async () => {
        const s = await open(star(20));
        const { kept } = await editAndCompare(s, 0, t => t.replace('host vm5 10.0.5.10', 'host vm5 10.9.5.10'));
        expect(codes(kept)).toContain('host-outside-site');
        const { kept: dup } = await editAndCompare(s, 0, t => t.replace('host vm5 10.9.5.10', 'host vm5 10.0.6.10 '));
        expect(codes(dup)).toContain('host-outside-site');
    });

    test('lines inserted before statements with findings: every position moves with them', async () => {
        const s = await open(star(24));
        const before = findingsOf(members(s));
        // a new statement near the top: everything after it moves two lines down
        const { kept } = await editAndCompare(s, 0, t => t.replace('host core-vm', 'site fresh < cidr 10.200.0.0/24 >\n\nhost core-vm'));
        const lines = (fs: unknown[]) => fs.map(f => (f as { at: string }).at);
        expect(lines(kept)).not.toEqual(lines(before));
        // text changed inside a statement, on the same line before others' properties
        await editAndCompare(s, 0, t => t.replace('site s2 < provider qingcloud region r2', 'site s2 < provider qingcloud region "a much longer region name"'));
    });

    test('a tunnel statement changes (proposals, selectors), and a pair of -> statements stops mirroring', async () => {
        const s = await open(star(24));
        await editAndCompare(s, 0, t => t.replace('tunnel core-s3 core <-> s3 < ike v1 ike-proposal aes128-sha1-modp1024', 'tunnel core-s3 core <-> s3 < ike v2 ike-proposal aes256-sha256-modp2048'));
        await editAndCompare(s, 0, t => t.replace('remote 192.168.0.0/25 >', 'remote 192.168.0.0/24 >'));
        await editAndCompare(s, 0, t => t.replace('tunnel core-s1 core <-> s1 < ike v2 psk "short"', 'tunnel core-s1 core <-> s1 < ike v2 psk "a-much-longer-key-that-is-fine"'));
    });

    test('a site\'s networks move away from the kept tunnel statements that carried its traffic', async () => {
        const s = await open(star(10).replace('remote 192.168.0.0/25 >', 'remote 192.168.0.0/24 >'));
        expect(codes(findingsOf(members(s)))).not.toContain('selector-mismatch');
        const { kept } = await editAndCompare(s, 0, t => t.replace('site other < provider qingcloud cidr 192.168.1.0/24 >', 'site other < provider qingcloud cidr 192.168.2.0/24 >'));
        expect(codes(kept)).toContain('missing-route');
        // a spoke of the star: its derived tunnel and its proof of transit through the centre
        const { kept: spoke } = await editAndCompare(s, 0, t => t.replace('cidr 10.0.4.0/24', 'cidr 172.16.4.0/24'));
        expect(codes(spoke)).toContain('cidr-overlap');
    });

    test('a site is renamed: references to it move, derived tunnels change', async () => {
        const s = await open(star(16));
        await editAndCompare(s, 0, t => t.replace('site s6 <', 'site s6x <').replace('in s6\n', 'in s6x\n'));
        await editAndCompare(s, 0, t => t.replace('> hub core\nhost vm7', '>\nhost vm7'));
    });

    test('two topologies with the same text each get their own URIs and positions', async () => {
        const text = star(12);
        const a = await open(text);
        const fa = findingsOf(members(a));
        const b = await open(`// another file\n\n${text}`);
        const fb = findingsOf(members(b));
        expect(fb.length).toBe(fa.length);
        const ats = (fs: unknown[]) => fs.map(f => (f as { at: string }).at);
        expect(ats(fb).every(x => x.startsWith(b.uris[0]))).toBe(true);
        expect(ats(fa).every(x => x.startsWith(a.uris[0]))).toBe(true);
        expect(fb).toEqual(await fresh(b.texts, b.uris));
        // the first topology again: still its own
        expect(findingsOf(members(a))).toEqual(fa);
    });
});

describe('every end\'s settings after random edits equal a build from scratch', () => {
    // the settings of an end are reused across rebuilds while their inputs are the same objects
    // (resolve/settings.ts): after a sequence of edits, each end's settings and the findings must be
    // those of the same text built from scratch
    const lineEdit = fc.record({ line: fc.nat(), with: topologyArb, pick: fc.nat(), kind: fc.constantFrom('replace', 'insert', 'delete', 'char', 'value', 'value', 'value', 'value') });
    // one written value changed in place: what a user types most
    const PROVIDERS = ['gcp', 'tencent', 'qingcloud', 'aws', 'azure', 'alibaba', 'huawei', 'strongswan'];
    const VALUES: [RegExp, (m: string, k: number) => string][] = [
        [/provider (\w+)/, (_m, k) => `provider ${PROVIDERS[k % PROVIDERS.length]}`],
        [/asn \d+/, (_m, k) => `asn ${[64512, 65000, 65515, 7224][k % 4]}`],
        [/routing \w+/, (_m, k) => `routing ${['policy', 'static', 'bgp'][k % 3]}`],
        [/ike v\d/, (_m, k) => `ike v${1 + (k % 2)}`],
        [/(ike|esp)-proposal [\w-]+/, (m, k) => `${m.split(' ')[0]} ${['aes128-sha256-modp2048', 'aes256-sha1-modp1024', '3des-md5'][k % 3]}`],
        [/psk (env \w+|"[^"]*")/, (_m, k) => ['psk env K1', 'psk "short"', 'psk "a-much-longer-key-that-is-fine"'][k % 3]],
        [/(ike|esp)-lifetime \w+/, (m, k) => `${m.split(' ')[0]} ${['8h', '3600', '1d'][k % 3]}`],
        [/(local|remote)-inside [\d./]+/, (m, k) => `${m.split(' ')[0]} ${['169.254.44.1/30', '169.254.44.2/30', '169.254.21.1/30'][k % 3]}`],
        [/gateway [\d.]+/, (_m, k) => `gateway ${['203.0.113.1', '203.0.113.2', '35.0.0.1'][k % 3]}`],
        [/behind-nat [\d.]+/, (_m, k) => `behind-nat ${['10.0.0.5', '10.0.0.6', '192.168.1.1'][k % 3]}`],
        [/cidr [\d./]+/, (_m, k) => `cidr ${['10.0.1.0/24', '10.0.2.0/24', '192.168.0.0/16'][k % 3]}`],
    ];
    const base = fc.oneof(
        { weight: 3, arbitrary: topologyArb },
        { weight: 1, arbitrary: fc.constantFrom(...exampleTexts().map(e => e.text)) },
        { weight: 1, arbitrary: fc.constantFrom(star(8).replace(/ gateway [\d.]+/g, '').replace(/ route [\d./]+ via [\w-]+/g, '')) },
        // without gateways too: an end's settings then read nothing of a site statement but its provider and ASN
        { weight: 1, arbitrary: fc.constantFrom(star(6), star(6).replace(/ gateway [\d.]+/g, ''), star(3).replace(/routing policy/g, 'routing bgp local-inside 169.254.44.1/30 remote-inside 169.254.44.2/30 ike-lifetime 8h dpd 10s'),
            star(4).replace(/ gateway ([\d.]+)/g, ' gateway $1 behind-nat 10.0.0.5')) },
    );
    test('random statements replaced, inserted and deleted (seeded)', async () => {
        await fc.assert(fc.asyncProperty(base, fc.array(lineEdit, { minLength: 1, maxLength: 6 }), async (text, edits) => {
            const s = await open(text);
            for (const e of edits) {
                const lines = s.texts[0].split('\n');
                const at = e.line % Math.max(1, lines.length);
                const other = e.with.split('\n').filter(l => l.trim());
                const line = other.length ? other[e.pick % other.length] : '';
                if (e.kind === 'replace') lines[at] = line;
                else if (e.kind === 'insert') lines.splice(at, 0, line);
                else if (e.kind === 'delete') lines.splice(at, 1);
                else if (e.kind === 'char') lines[at] = (lines[at] ?? '').replace(/\d(?=\D*$)/, d => String((Number(d) + 1) % 10));
                else {
                    // the first line from `at` on that writes one of the values
                    const [re, to] = VALUES[e.pick % VALUES.length];
                    const i = [...lines.keys()].map(k => (k + at) % lines.length).find(k => re.test(lines[k]));
                    if (i !== undefined) lines[i] = lines[i].replace(re, m => to(m, e.line + 1));
                }
                const after = lines.join('\n');
                if (after === s.texts[0]) continue;
                s.texts[0] = after;
                await update(s, 0, after, false);
                // the unedited end objects' settings are read before the comparison too: a stale entry would show
                expect(everythingOf(members(s))).toEqual(await freshEverything(s.texts, s.uris));
            }
        }), { seed: Number(process.env.TOPO_SEED ?? 20261202), numRuns: Number(process.env.TOPO_RUNS ?? 100) });
    }, 300_000);
});
