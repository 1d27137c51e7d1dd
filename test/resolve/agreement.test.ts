/**
 * One resolved truth (issue 13): for every tunnel end of every example and of 500 generated
 * topologies (providers, declared or missing proposals and versions, one-ended, both-ended,
 * pairs of statements, ends derived from a star), five outputs name the same IKE version and
 * the same suites:
 * - the resolve stage (settingsOf);
 * - the check: the proposal-chosen hint of the end's statement, and an error when the ends
 *   share no suite;
 * - the hover of the tunnel;
 * - `topo steps` for the end's provider (the step of that end);
 * - the strongSwan config of the end's site (swanctl.conf).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import { siteConfig } from '../../language-server/src/adapters/strongswan/render.js';
import { type Phase, parseProposal, suiteKey, suitesOf } from '../../language-server/src/crypto/proposal.js';
import type * as ast from '../../language-server/src/generated/ast.js';
import { describeTunnelHover } from '../../language-server/src/lsp/hover-content.js';
import { PROVIDER_IDS, type ProviderId, type Topology, type TunnelEnd } from '../../language-server/src/model/types.js';
import { getProfile, PROFILES } from '../../language-server/src/providers/index.js';
import { spellSuite } from '../../language-server/src/runbooks/crypto.js';
import { buildRunbook } from '../../language-server/src/runbooks/generate.js';
import { renderMarkdown } from '../../language-server/src/runbooks/markdown.js';
import { settingsOf } from '../../language-server/src/resolve/index.js';
import { checkTexts, services } from '../helpers.js';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = fs.readdirSync(path.join(ROOT, 'examples')).filter(f => f.endsWith('.topo')).sort()
    .map(f => ({ name: f, text: fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8') }));

/** The set of concrete suites a list of proposal texts offers (canonical keys; unparsable texts as written). */
function suites(texts: string[], phase: Phase): string[] {
    const out = new Set<string>();
    for (const t of texts) {
        const r = parseProposal(t, phase);
        if (r.ok) for (const s of suitesOf(r.proposal)) out.add(suiteKey(s));
        else out.add(`?${t}`);
    }
    return [...out].sort();
}

interface Checked { doc: LangiumDocument<ast.Model>; topology: Topology; text: string }

async function checked(text: string): Promise<Checked> {
    const [doc] = await checkTexts(text);
    return { doc, text, topology: services.topo.TopologyService.resultFor(doc).topology };
}

async function hoverOf(c: Checked, end: TunnelEnd): Promise<string> {
    // an end written in the file: hover its statement's name, as a user would; else (derived
    // tunnels have no statement) the same tunnel description the hover shows
    const statement = end.source && !(end.source.mirrored && end === end.tunnel.b) ? end.source : end.tunnel.a.source;
    if (!statement) return describeTunnelHover(end.tunnel);
    const position = statement.nameSrc.range.start;
    const hover = await services.lsp.HoverProvider!.getHoverContent(c.doc, { textDocument: { uri: c.doc.uri.toString() }, position });
    const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    return value;
}

/** The hover's crypto line of an end: `Crypto (both ends): ...` or `Crypto at SITE (NAME): ...`. */
function hoverLine(hover: string, end: TunnelEnd): string | undefined {
    const lines = hover.split('\n');
    return lines.find(l => l.startsWith('Crypto (both ends):')) ?? lines.find(l => l.startsWith(`Crypto at ${end.site.name} (${end.name}):`));
}

/** The Markdown of the steps `topo steps --provider P` writes for this end. */
function stepsOf(topology: Topology, end: TunnelEnd, provider: ProviderId): string {
    const rb = buildRunbook(topology, { provider });
    const site = end.site.name;
    const mine = rb.shown.filter(s => s.site === end.site && (
        s.key === `qingcloud:tunnels:${site}` || s.key.endsWith(`:${site}:${end.name}`) || s.key === `${provider}:conn:${end.name}:${site}`
        // an AWS VPN connection with both its tunnels: aws:conn:SITE:T1+T2
        || (s.key.startsWith(`aws:conn:${site}:`) && s.key.split(':')[3].split('+').includes(end.name))));
    return renderMarkdown({ ...rb, shown: mine });
}

async function agree(c: Checked): Promise<number> {
    let ends = 0;
    const diagnostics = c.doc.diagnostics ?? [];
    for (const t of c.topology.tunnels) {
        for (const end of [t.a, t.b]) {
            ends++;
            const where = `${c.text}\n--- end ${end.name} at ${end.site.name}`;
            const s = settingsOf(end).crypto;
            const provider = end.site.provider ?? 'strongswan';
            const config = siteConfig(end.site).connections.find(x => x.end === end);
            const hover = hoverLine(await hoverOf(c, end), end);
            const tunnelDiagnostics = diagnostics.filter(d => typeof d.message === 'string' && d.message.startsWith(`tunnel ${t.name} (`));
            if (s.state !== 'resolved') {
                // no suite: an error in the check, no connection in the config, and the hover says so
                expect(tunnelDiagnostics.some(d => d.severity === 1 && ['ike-version-unsupported', 'proposal-mismatch'].includes(String(d.code))), where).toBe(true);
                expect(config, where).toBeUndefined();
                expect(hover, where).toMatch(/no common/);
                continue;
            }
            const v = s.ike.value;
            const ikeSuites = suites(s.ikeProposals.value, 'ike'), espSuites = suites(s.espProposals.value, 'esp');

            // the check: the chosen proposals in the hint of the statement that leaves them out
            const statement = end.source && !(end.source.mirrored && end === t.b) ? end.source : undefined;
            if (statement) {
                const line = statement.nameSrc.range.start.line;
                const hints = tunnelDiagnostics.filter(d => d.code === 'proposal-chosen' && d.range.start.line === line);
                if (s.chosen) {
                    expect(hints, where).toHaveLength(1);
                    expect(hints[0].message, where).toContain(`Topo uses IKEv${v} with`);
                    if (s.ikeProposals.from === 'chosen') expect(hints[0].message, where).toContain(`ike-proposal ${s.ikeProposals.value.join(', ')}`);
                    if (s.espProposals.from === 'chosen') expect(hints[0].message, where).toContain(`esp-proposal ${s.espProposals.value.join(', ')}`);
                } else {
                    expect(hints, where).toEqual([]);
                }
                // no message at the end's statement claims another version for what Topo uses
                for (const d of tunnelDiagnostics.filter(x => x.range.start.line === line)) {
                    expect(d.message, where).not.toMatch(new RegExp(`Topo uses IKEv${3 - v}\\b`));
                }
            }

            // the hover
            expect(hover, where).toBeDefined();
            expect(hover, where).toContain(`IKEv${v}`);
            expect(hover, where).toContain(`ike-proposal \`${s.ikeProposals.value.join(', ')}\``);
            expect(hover, where).toContain(`esp-proposal \`${s.espProposals.value.join(', ')}\``);

            // the strongSwan config
            expect(config, where).toBeDefined();
            expect(config!.version, where).toBe(v);
            expect(suites(config!.ikeProposals, 'ike'), where).toEqual(ikeSuites);
            for (const child of config!.children) expect(suites(child.espProposals, 'esp'), where).toEqual(espSuites);

            // `topo steps` for the end's provider: the version and the end's first suite, spelled as that console spells them
            if (provider !== 'strongswan') {
                const md = stepsOf(c.topology, end, provider);
                expect(md, where).not.toBe('');
                const spelledVersion = getProfile(provider).settingSpelling.ike[v];
                if (provider === 'qingcloud') {
                    const note = md.split('\n').find(l => l.startsWith(`- ${end.name}: Topo expects `));
                    expect(note, where).toBeDefined();
                    expect(note, where).toContain(s.ike.from === 'forced' ? `ikev${v} (QingCloud's default` : `IKEv${v}`);
                } else {
                    expect(md, where).toMatch(new RegExp(`\`(${spelledVersion ?? '-'}|IKEv${v})\``));
                }
                const fixedIkev1 = provider === 'gcp' && v === 1; // GCP's one IKEv1 suite has no fields
                if (!fixedIkev1) {
                    for (const [phase, suite] of [['ike', s.ikeSuite], ['esp', s.espSuite]] as const) {
                        if (!suite) continue;
                        const sp = spellSuite(provider, phase, suite);
                        const shown = [
                            [sp.encryption, suite.encryption], [sp.integrity ?? (phase === 'ike' && !suite.integrity ? sp.prf : undefined), suite.integrity ?? (phase === 'ike' ? suite.prf : undefined)],
                            [sp.dh, suite.dh],
                        ] as const;
                        for (const [text, alg] of shown) {
                            if (!alg) continue;
                            // an element the provider does not offer is named as such (and reported by the check)
                            const ok = text === undefined ? md.split('\n').some(l => new RegExp(`not offered by this provider: ([\\w-]+, )*${alg.id}\\b`).test(l)) : md.includes(`\`${text}\``) || md.includes(`=${text}`);
                            expect(ok, `${where}\n${phase} ${alg.id} as ${text} in\n${md}`).toBe(true);
                        }
                    }
                }
            }
        }
    }
    return ends;
}

// ---------------------------------------------------------------------------------- generated topologies

const IKE_PROPOSALS = ['aes128-sha1-modp1024', 'aes256-sha256-modp2048', 'aes128-sha256-modp3072', 'aes256gcm16-prfsha384-ecp384', 'aes256-sha384-ecp384', '3des-md5-modp1024'];
const ESP_PROPOSALS = ['aes128-sha1-modp1024', 'aes256-sha256-modp2048', 'aes128-sha256', 'aes256gcm16-ecp384', 'aes256-sha1', '3des-md5'];

const props = fc.record({
    ike: fc.option(fc.constantFrom('v1', 'v2'), { nil: undefined }),
    ikeP: fc.option(fc.subarray(IKE_PROPOSALS, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    espP: fc.option(fc.subarray(ESP_PROPOSALS, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    routing: fc.option(fc.constantFrom('policy', 'static'), { nil: undefined }),
});
type Props = typeof props extends fc.Arbitrary<infer T> ? T : never;

function propertyList(p: Props): string {
    const parts = [
        p.ike ? `ike ${p.ike}` : '', p.ikeP ? `ike-proposal ${p.ikeP.join(', ')}` : '', p.espP ? `esp-proposal ${p.espP.join(', ')}` : '',
        p.routing ? `routing ${p.routing}` : '',
    ].filter(Boolean);
    return parts.length ? ` < ${parts.join(' ')} >` : '';
}

const topologyArb = fc.record({
    providers: fc.array(fc.constantFrom(...PROVIDER_IDS), { minLength: 2, maxLength: 5 }),
    hub: fc.option(fc.nat(4), { nil: undefined }),
    tunnels: fc.array(fc.record({
        from: fc.nat(4), to: fc.nat(4), kind: fc.constantFrom('one', 'both', 'pair'), a: props, b: props,
    }), { maxLength: 4 }),
}).map(g => {
    const n = g.providers.length;
    const lines = g.providers.map((p, i) => `site s${i} < provider ${p} cidr 10.${i}.0.0/16 gateway 198.51.100.${i + 1} >${g.hub !== undefined ? ` hub s${g.hub % n}` : ''}`);
    const used = new Set<string>();
    g.tunnels.forEach((t, k) => {
        const a = t.from % n, b = t.to % n;
        const key = a < b ? `${a}-${b}` : `${b}-${a}`;
        if (a === b || used.has(key)) return;
        used.add(key);
        if (t.kind === 'both') lines.push(`tunnel t${k} s${a} <-> s${b}${propertyList(t.a)}`);
        else lines.push(`tunnel t${k} s${a} -> s${b}${propertyList(t.a)}`);
        if (t.kind === 'pair') lines.push(`tunnel u${k} s${b} -> s${a}${propertyList(t.b)}`);
    });
    return lines.join('\n') + '\n';
});

describe('every output names the same IKE version and suites per tunnel end', () => {
    it.each(EXAMPLES)('$name', async ({ text }) => {
        expect(await agree(await checked(text))).toBeGreaterThan(0);
    });

    it('500 generated topologies (providers, declared or missing proposals, one-ended, mirrored, pairs, derived)', async () => {
        const samples = fc.sample(topologyArb, { numRuns: 500, seed: 20261201 });
        let ends = 0, chosen = 0, none = 0, forced = 0, derived = 0;
        for (const text of samples) {
            const c = await checked(text);
            ends += await agree(c);
            for (const t of c.topology.tunnels) for (const e of [t.a, t.b]) {
                const s = settingsOf(e).crypto;
                if (s.state !== 'resolved') none++;
                else { if (s.chosen) chosen++; if (s.ike.from === 'forced') forced++; }
                if (t.kind === 'derived') derived++;
            }
        }
        // the sample covers each kind of end
        expect(samples).toHaveLength(500);
        expect(ends).toBeGreaterThan(1000);
        expect(chosen).toBeGreaterThan(50);
        // every pair of the current profiles shares a suite in each version: the no-common-suite state
        // is reached only by a profile change (it is handled above when it is)
        expect(none).toBe(0);
        // `forced` (two gateways without an IKE version setting keep their default) happens only when
        // such a profile exists; with none (QingCloud's dialog has IKE 版本), Topo always chooses
        expect(forced > 0).toBe(Object.values(PROFILES).some(p => p.ikeVersionSettable === false));
        expect(derived).toBeGreaterThan(50);
    }, 300_000);
});
