/**
 * Crypto, PSK, routing-mode and selector-limit checks of every tunnel against the capability
 * profiles of its two ends (language.md "Diagnostics"; project issue 4). Pure: model in, findings out.
 *
 * Codes: ike-version-unsupported, proposal-invalid, proposal-unsupported, proposal-mismatch,
 * weak-crypto, proposal-chosen (hint), psk-literal, psk-mismatch, psk-policy, routing-unsupported,
 * ikev1-multiple-selectors, selector-sa-limit. Messages never contain a pre-shared key.
 */
import { type Algorithm, isWeak } from '../crypto/algorithms.js';
import { PHASE_LABEL as PHASE_NAME, type Phase, type Proposal, elements, parseProposal, suiteKey, suitesOf } from '../crypto/proposal.js';
import type {
    Edit, EndSource, Finding, IkeVersion, ProviderId, QuickFix, RelatedInfo, RoutingMode, SourceRef, Tunnel, TunnelEnd, Topology,
} from '../model/types.js';
import { accepts, getProfile, providerLabel, providerShortLabel } from '../providers/index.js';
import { editAt } from '../model/edits.js';
import { implicitPskVariable } from '../resolve/index.js';
import { selectorSize } from '../model/selectors.js';
import { routeBased } from '../model/types.js';
import { cryptoOf, ikeOf, settingsOf, strongestSuite } from '../resolve/index.js';
import { caches } from '../util/cache-store.js';
import { outcomeData, tunnelOutcome } from './outcome.js';

const PROPERTY: Record<Phase, 'ike-proposal' | 'esp-proposal'> = { ike: 'ike-proposal', esp: 'esp-proposal' };
const SHORT_PSK = 20; // providers.md §10.3: PSK < 20 characters = weak

export function analyseCrypto(topology: Topology): Finding[] {
    const out: Finding[] = [];
    for (const t of topology.tunnels) {
        for (const f of checkTunnel(t)) out.push(f);
    }
    return out;
}

/**
 * The findings of one tunnel, reused while everything the checks read is the same: the memo is
 * keyed by an object of the tunnel's source (its first statement, or for a derived tunnel its
 * spoke's site statement), which the model builder keeps per AST node, so an unchanged statement
 * finds its findings again after an edit elsewhere. Kept findings hold only source refs and
 * edits that read their range when read, so they still point at the right text.
 * Findings are deduplicated per tunnel: every message starts with the tunnel's title, which
 * names the tunnel and both sites, so two tunnels never produce the same finding.
 */
function checkTunnel(t: Tunnel): Finding[] {
    const anchor: object = t.kind === 'derived' ? t.b.site.src : (t.a.source ?? t.a.site.src);
    const deps = collectDeps(t, scratch);
    const known = memo.get(anchor, deps);
    if (known) return known;
    // tunnels that read the same settings as one found clean are clean too (a 10,000-spoke star
    // has a handful of different spokes): the first check of a large file
    const content = contentKey(t);
    if (content !== undefined && cleanContent.has(content)) return [];
    const out = new FindingSet();
    new TunnelCheck(t, out).run();
    const findings = out.list();
    if (content !== undefined && findings.length === 0) {
        cleanContent.set(content, true);
    }
    // the message of ikev1-multiple-selectors lists selectors that may derive from other sites
    if (!findings.some(f => f.code === 'ikev1-multiple-selectors')) memo.set(anchor, deps, findings);
    else memo.delete(anchor);
    return findings;
}

const memo = caches.memo<object, Finding[]>('crypto.tunnelFindings');

/** Settings (as `contentKey` writes them) of tunnels whose check found nothing. */
const cleanContent = caches.bounded<string, true>('crypto.cleanContent', 100_000);

/**
 * What TunnelCheck reads of a tunnel, without names and positions (which only go into messages):
 * providers, IKE versions, routing, key kinds, selector sizes, proposals, and which ends are
 * written by which statement. Undefined when a key is written literally (checked on its value).
 */
function contentKey(t: Tunnel): string | undefined {
    if (t.a.psk?.kind === 'literal' || t.b.psk?.kind === 'literal') return undefined;
    let key = `${t.kind}|${t.a.source ? 'A' : '-'}|${t.b.source ? (t.b.source === t.a.source ? 'A' : 'B') : '-'}`;
    for (const e of [t.a, t.b]) {
        key += `|${e.site.provider}|${e.ike}|${e.routing}|${e.psk?.kind}|${selectorSize(e, 'local')}|${selectorSize(e, 'remote')}|`;
        for (const p of e.ikeProposals) key += `${p.text},`;
        key += '|';
        for (const p of e.espProposals) key += `${p.text},`;
    }
    return key;
}
const scratch: unknown[] = [];

/** Everything TunnelCheck reads of a tunnel (compared by identity; source refs are per statement). */
function collectDeps(t: Tunnel, out: unknown[]): unknown[] {
    out.length = 0;
    out.push(t.name, t.kind);
    for (const e of [t.a, t.b]) {
        out.push(e.name, e.site.name, e.site.provider, e.site.src, e.source, e.ike, e.routing, e.psk,
            selectorSize(e, 'local'), selectorSize(e, 'remote'), e.ikeProposals.length, e.espProposals.length);
        for (const p of e.ikeProposals) out.push(p);
        for (const p of e.espProposals) out.push(p);
    }
    return out;
}

class FindingSet {
    private readonly seen = new Set<string>();
    private readonly items: Finding[] = [];
    add(f: Finding): void {
        const r = f.at.range;
        const key = [f.code, f.at.uri, r.start.line, r.start.character, r.end.line, r.end.character, f.message].join('|');
        if (this.seen.has(key)) return;
        this.seen.add(key);
        this.items.push(f);
    }
    list(): Finding[] { return this.items; }
}

interface ParsedEnd {
    end: TunnelEnd;
    /** The statement that holds this end's settings (its own, or the one it mirrors). */
    src?: EndSource;
    ike: Proposal[];
    esp: Proposal[];
}

class TunnelCheck {
    private readonly ends: [TunnelEnd, TunnelEnd];
    private readonly ike: IkeVersion | undefined;
    private readonly parsed: ParsedEnd[];

    constructor(private readonly t: Tunnel, private readonly out: FindingSet) {
        this.ends = [t.a, t.b];
        this.ike = ikeOf(t.a);
        this.parsed = this.ends.map(e => this.parseEnd(e));
    }

    /** Every finding of a tunnel carries the verdict on it. */
    private add(f: Finding): void {
        this.out.add({ ...f, outcome: outcomeData(this.t) });
    }

    run(): void {
        this.checkIkeVersion();
        this.checkSupport();
        this.checkMismatch();
        this.checkWeak();
        this.checkChosen();
        this.checkPsk();
        this.checkRouting();
        this.checkSelectors();
    }

    // -------------------------------------------------------------------- helpers

    /** The statement holding an end's settings: its own, else the other end's (mirror of a `->`). */
    private sourceOf(e: TunnelEnd): EndSource | undefined {
        return e.source ?? (e === this.t.a ? this.t.b.source : this.t.a.source);
    }

    /** Both ends are written in separate statements (`A -> B` and `B -> A`). */
    private get separate(): boolean {
        return !!this.t.a.source && !!this.t.b.source && this.t.a.source !== this.t.b.source;
    }

    private at(e: TunnelEnd, prop?: keyof Pick<EndSource, 'ikeSrc' | 'ikeProposalSrc' | 'espProposalSrc' | 'routingSrc' | 'localSrc' | 'remoteSrc'>): SourceRef {
        const s = this.sourceOf(e);
        return (prop && s?.[prop]) || s?.statement || e.site.src;
    }

    /** The provider's full name (related information, hover). */
    private label(e: TunnelEnd): string {
        return providerLabel(e.site.provider, e.site.provider === 'gcp' ? e.routing : undefined);
    }

    /** Its short name, for a message's first line. */
    private short(e: TunnelEnd): string {
        return providerShortLabel(e.site.provider, e.site.provider === 'gcp' ? e.routing : undefined);
    }

    /** `tunnel tx-gcp (tencent-hk, Tencent Cloud <-> gcp-hk, GCP Classic VPN)` */
    private get title(): string {
        const [a, b] = this.ends;
        const sitePart = (e: TunnelEnd) => `${e.site.name}, ${this.short(e)}`;
        return `tunnel ${this.t.name} (${sitePart(a)} <-> ${sitePart(b)})`;
    }

    private parseEnd(e: TunnelEnd): ParsedEnd {
        const parse = (phase: Phase) => (phase === 'ike' ? e.ikeProposals : e.espProposals).flatMap(pt => {
            const r = parseProposal(pt.text, phase);
            if (r.ok) return [r.proposal];
            const at = pt.src ?? this.at(e, phase === 'ike' ? 'ikeProposalSrc' : 'espProposalSrc');
            for (const err of r.errors) {
                this.add({ code: 'proposal-invalid', severity: 'error', at, message: `${this.title}: ${PROPERTY[phase]} ${pt.text}: ${err}` });
            }
            return [];
        });
        return { end: e, src: this.sourceOf(e), ike: parse('ike'), esp: parse('esp') };
    }

    private proposalsAt(p: ParsedEnd, phase: Phase): SourceRef {
        return this.at(p.end, phase === 'ike' ? 'ikeProposalSrc' : 'espProposalSrc');
    }

    private best(ike?: IkeVersion) {
        return strongestSuite(this.t, ike);
    }

    /**
     * A quick fix writing `ike vN`, `ike-proposal`, `esp-proposal` into every statement of the
     * tunnel: of the strongest common suite, or the given values (`ike` undefined: left as is).
     */
    private suiteFix(title?: string, values?: { ike?: IkeVersion; ikeProposal?: string; espProposal?: string }): QuickFix | undefined {
        const best = values ?? this.best();
        if (!best) return undefined;
        const statements = [...new Set([this.t.a.source, this.t.b.source].filter((s): s is EndSource => !!s))];
        if (statements.length === 0) return undefined;
        const edits: Edit[] = [];
        for (const s of statements) {
            const inserts: string[] = [];
            const put = (src: SourceRef | undefined, text: string) => {
                if (src) edits.push(editAt(src, text));
                else inserts.push(text);
            };
            const declaredIke = [this.t.a, this.t.b].find(e => e.source === s)?.ike;
            if (best.ike !== undefined && declaredIke !== best.ike) put(s.ikeSrc, `ike v${best.ike}`);
            if (best.ikeProposal !== undefined) put(s.ikeProposalSrc, `ike-proposal ${best.ikeProposal}`);
            if (best.espProposal !== undefined) put(s.espProposalSrc, `esp-proposal ${best.espProposal}`);
            if (inserts.length) {
                const text = s.hasPropertyList ? ` ${inserts.join(' ')} ` : ` < ${inserts.join(' ')} >`;
                edits.push(editAt(s.propertiesEnd, text));
            }
        }
        return {
            title: title ?? `Use ike v${best.ike}, ike-proposal ${best.ikeProposal}, esp-proposal ${best.espProposal}`,
            edits,
            preferred: true,
        };
    }

    private related(e: TunnelEnd, message: string): RelatedInfo[] {
        return [{ at: this.at(e), message }];
    }

    // -------------------------------------------------------------------- IKE version

    private checkIkeVersion(): void {
        const v = this.ike;
        if (!v) {
            const [a, b] = this.ends;
            this.add({
                code: 'ike-version-unsupported', severity: 'error', at: this.at(a, 'ikeSrc'),
                message: `${this.title}: the two ends share no IKE version (${this.label(a)}: ${versions(a.site.provider)}; ${this.label(b)}: ${versions(b.site.provider)})`,
            });
            return;
        }
        for (const e of this.ends) {
            const prof = getProfile(e.site.provider);
            const ve = ikeOf(e) ?? v;
            if (!prof.ikeVersions.includes(ve)) {
                this.add({
                    code: 'ike-version-unsupported', severity: 'error', at: this.at(e, 'ikeSrc'),
                    message: `${this.title}: ${this.label(e)} at ${e.site.name} does not offer IKEv${ve} (it offers ${versions(e.site.provider)})`,
                });
            }
        }
        if (this.separate && this.t.a.ike && this.t.b.ike && this.t.a.ike !== this.t.b.ike) {
            this.add({
                code: 'proposal-mismatch', severity: 'error', at: this.at(this.t.b, 'ikeSrc'),
                message: `${this.title}: the ends declare different IKE versions (${this.t.a.site.name}: ike v${this.t.a.ike}, ${this.t.b.site.name}: ike v${this.t.b.ike}); the tunnel does not come up (NO_PROPOSAL_CHOSEN: the responder has no configuration for the initiator's IKE version)`,
                related: this.related(this.t.a, `the other end declares ike v${this.t.a.ike}`),
            });
        }
    }

    // -------------------------------------------------------------------- provider support

    private checkSupport(): void {
        if (!this.ike) return;
        for (const p of this.parsed) {
            const e = p.end;
            const prov = e.site.provider;
            const v = ikeOf(e) ?? this.ike!;
            const caps = getProfile(prov).versions[v];
            if (!caps) continue;
            // one finding per end and phase: every algorithm it does not offer, named once
            for (const phase of ['ike', 'esp'] as const) {
                const missing = new Map<string, Algorithm>();
                const hints = new Set<string>();
                let noPfs: string | undefined;
                for (const prop of p[phase]) {
                    for (const alg of elements(prop)) {
                        if (accepts(prov, v, phase, alg)) continue;
                        missing.set(alg.id, alg);
                        const hint = unsupportedHint(prov, v, phase, alg);
                        if (hint) hints.add(hint);
                    }
                    if (phase === 'esp' && prop.dh.length === 0 && caps.pfs === 'required') noPfs ??= prop.text;
                }
                if (missing.size) {
                    this.add({
                        code: 'proposal-unsupported', severity: 'error', at: this.proposalsAt(p, phase),
                        message: `${this.title}: ${this.label(e)} at ${e.site.name} does not offer ${[...missing.values()].map(describe).join(', ')} in ${PHASE_NAME[phase]} with IKEv${v}${[...hints].join('')}`,
                        fixes: optional(this.suiteFix()),
                    });
                }
                if (noPfs !== undefined) {
                    const best = this.best(v);
                    this.add({
                        code: 'proposal-unsupported', severity: 'error', at: this.proposalsAt(p, phase),
                        message: `${this.title}: ${this.label(e)} at ${e.site.name} requires PFS with IKEv${v}, but esp-proposal ${noPfs} names no DH group`
                            + (best ? `; add one, e.g. esp-proposal ${best.espProposal}` : ''),
                        fixes: optional(this.suiteFix()),
                    });
                }
            }
        }
    }

    // -------------------------------------------------------------------- mismatch between the ends

    private checkMismatch(): void {
        const [pa, pb] = this.parsed;
        if (this.separate) {
            for (const phase of ['ike', 'esp'] as const) {
                const A = pa[phase], B = pb[phase];
                if (A.length === 0 && B.length === 0) continue;
                const ka = new Set(A.flatMap(suitesOf).map(suiteKey));
                const kb = new Set(B.flatMap(suitesOf).map(suiteKey));
                const sameSets = ka.size === kb.size && [...ka].every(k => kb.has(k));
                if (sameSets) continue;
                const shared = [...ka].filter(k => kb.has(k)).length;
                const diff = describeDifference(pa, pb, phase);
                // Sharing at least one suite, IKE negotiates it (real strongSwan brings such a tunnel up,
                // test/netns row 13): the consoles still disagree, which is worth a warning, not an error.
                const outcome = tunnelOutcome(this.t);
                // only what the proposals decide (the findings are kept while the proposals are the same);
                // IKEv1 lists that share a suite can still fail when one end initiates (its quick modes offer one PFS group)
                const decided = outcome.kind === 'until-rekey' || ((outcome.kind === 'down' || outcome.kind === 'one-way') && outcome.why === 'NO_PROPOSAL_CHOSEN');
                const oneWay = phase === 'esp' && outcome.kind === 'one-way' && outcome.why === 'NO_PROPOSAL_CHOSEN';
                const consequence = (shared === 0 || oneWay) && decided ? `. The tunnel ${outcome.text}${outcome.caveats.length ? ` (${outcome.caveats.join('; ')})` : ''}` : '';
                this.add({
                    code: 'proposal-mismatch', severity: shared === 0 || oneWay ? 'error' : 'warning', at: this.proposalsAt(pb, phase),
                    message: `${this.title}: the ends declare different ${PHASE_NAME[phase]} proposals`
                        + (shared === 0 ? ' and share none' : `; IKE will negotiate one of the ${shared} suite${shared === 1 ? '' : 's'} both list`) + `: ${diff}${consequence}`,
                    related: this.related(pa.end, `${PROPERTY[phase]} of ${pa.end.site.name}`),
                    fixes: optional(this.suiteFix()),
                });
            }
        }
        const crypto = settingsOf(this.t.a).crypto;
        if (this.ike && crypto.state === 'no-common-suite' && crypto.reason === 'no-suite') {
            const [a, b] = this.ends;
            this.add({
                code: 'proposal-mismatch', severity: 'error', at: this.at(a),
                message: `${this.title}: ${this.short(a)} and ${this.short(b)} share no proposal with IKEv${this.ike}`,
            });
        }
    }

    // -------------------------------------------------------------------- weak crypto

    private checkWeak(): void {
        const v = this.ike;
        if (!v) return;
        const best = this.best();
        const forcedBy = this.ends.filter(e => getProfile(e.site.provider).versions[v]?.fixedSuite);
        const suggestion = (phase: Phase | 'version') => {
            if (!best) return '';
            return best.ike !== v || phase !== 'version' ? `; both accept ike v${best.ike} with ${best.ikeProposal} / ${best.espProposal}` : '';
        };
        // one finding per statement: what is weak, in short; the reasons in the related information
        for (const src of this.statementsOfSettings()) {
            const p = this.parsed.find(x => x.src === src)!;
            const e = p.end;
            const names: string[] = [];
            const related: RelatedInfo[] = [];
            let at: SourceRef | undefined;
            let worst: Phase | 'version' = 'version';
            if (e.ike === 1) {
                names.push('IKEv1');
                at = this.at(e, 'ikeSrc');
                related.push({ at, message: 'IKEv1 is deprecated (RFC 9395).' });
            }
            for (const phase of ['ike', 'esp'] as const) {
                const weak = new Map<string, Algorithm>();
                let noPfs = false;
                for (const prop of p[phase]) {
                    for (const alg of elements(prop)) if (isWeak(alg)) weak.set(alg.id, alg);
                    if (phase === 'esp' && prop.dh.length === 0) noPfs = true;
                }
                if (weak.size === 0 && !noPfs) continue;
                for (const a of weak.values()) if (!names.includes(a.id)) names.push(a.id);
                if (noPfs) names.push('no PFS');
                const reasons = [...weak.values()].map(a => `${a.id}: ${a.grade} (${a.reason})`);
                if (noPfs) reasons.push('no PFS (no DH group in the esp-proposal): a stolen IKE key exposes the traffic keys');
                const where = this.proposalsAt(p, phase);
                at ??= where;
                worst = phase;
                related.push({ at: where, message: `Weak ${PHASE_NAME[phase]}: ${reasons.join('; ')}.` });
            }
            if (!at) continue;
            if (best) for (const f of forcedBy) related.push({ at, message: `${this.label(f)} allows only this suite with IKEv${v} (${fixedText(f.site.provider, v)}).` });
            if (best && (best.ike !== v || worst !== 'version')) related.push({ at, message: `The strongest suite both ${this.label(this.t.a)} and ${this.label(this.t.b)} accept: ike v${best.ike}, ike-proposal ${best.ikeProposal}, esp-proposal ${best.espProposal} (the quick fix writes it).` });
            this.add({
                code: 'weak-crypto', severity: 'warning', at,
                message: `${this.title}: weak crypto (${names.join(', ')}${best && forcedBy.length ? `; ${forcedBy.map(f => `${this.short(f)}'s only IKEv${v} suite`).join(', ')}` : ''})${suggestion(worst)}`,
                related,
                fixes: optional(this.suiteFix()),
            });
        }
    }

    /** The distinct statements that hold settings (one for `<->`/`->`, two for a pair). */
    private statementsOfSettings(): EndSource[] {
        return [...new Set(this.parsed.map(p => p.src).filter((s): s is EndSource => !!s))];
    }

    // -------------------------------------------------------------------- proposals chosen by Topo

    private checkChosen(): void {
        for (const src of this.statementsOfSettings()) {
            const end = this.ends.find(e => e.source === src) ?? this.ends.find(e => this.sourceOf(e) === src)!;
            const c = cryptoOf(end);
            if (!c?.chosen) continue;
            const ikeChosen = c.ikeProposals.from === 'chosen', espChosen = c.espProposals.from === 'chosen';
            const ikeText = c.ikeProposals.value.join(', '), espText = c.espProposals.value.join(', ');
            const what = [ikeChosen ? `ike-proposal ${ikeText}` : '', espChosen ? `esp-proposal ${espText}` : ''].filter(Boolean).join(' and ');
            this.add({
                code: 'proposal-chosen', severity: 'hint', at: src.nameSrc,
                message: `${this.title} declares no ${ikeChosen && espChosen ? 'proposals' : ikeChosen ? 'ike-proposal' : 'esp-proposal'}; Topo uses IKEv${c.ike.value} with ${what}, the strongest suite both ends accept`,
                fixes: optional(this.suiteFix(`Write the chosen proposals into tunnel ${this.t.name}`, {
                    // a version the providers force is not written (writing it would change nothing)
                    ike: c.ike.from === 'forced' ? undefined : c.ike.value,
                    ikeProposal: ikeChosen ? ikeText : undefined,
                    espProposal: espChosen ? espText : undefined,
                })),
            });
        }
    }

    // -------------------------------------------------------------------- pre-shared keys

    private checkPsk(): void {
        const literalSrcs = new Set<string>();
        for (const e of this.ends) {
            const psk = e.psk;
            if (psk?.kind === 'env' && looksLikeOtherCredential(psk.variable) && !literalSrcs.has(`env:${psk.src.uri}:${psk.src.range.start.line}:${psk.src.range.start.character}`)) {
                literalSrcs.add(`env:${psk.src.uri}:${psk.src.range.start.line}:${psk.src.range.start.character}`);
                this.add({
                    code: 'psk-env-credential', severity: 'warning', at: psk.src,
                    message: `${this.title}: psk env ${psk.variable} reads a variable that looks like another credential, not a pre-shared key; Topo would configure its value as the key on both gateways. Name the key's own variable (e.g. ${implicitPskVariable(this.t.name)}).`,
                });
            }
            if (!psk || psk.kind !== 'literal') continue;
            const srcKey = `${psk.src.uri}:${psk.src.range.start.line}:${psk.src.range.start.character}`;
            if (!literalSrcs.has(srcKey)) {
                literalSrcs.add(srcKey);
                const variable = implicitPskVariable(this.t.name);
                this.add({
                    code: 'psk-literal', severity: 'warning', at: psk.src,
                    message: `${this.title}: the pre-shared key is written into the file; keep it out of version control with psk env VAR`,
                    fixes: [{ title: `Read the key from the environment variable ${variable}`, edits: [editAt(psk.src, `psk env ${variable}`)] }],
                });
                const len = [...psk.value].length;
                if (len < SHORT_PSK) {
                    this.add({
                        code: 'weak-crypto', severity: 'warning', at: psk.src,
                        message: `${this.title}: the pre-shared key has ${len} characters; keys under ${SHORT_PSK} characters can be guessed offline from a captured handshake`,
                    });
                }
            }
            if (/^0[xs]/i.test(psk.value) && !literalSrcs.has(`${srcKey}:encoding`)) {
                literalSrcs.add(`${srcKey}:encoding`);
                this.add({
                    code: 'psk-encoding', severity: 'warning', at: psk.src,
                    message: `${this.title}: the pre-shared key begins with '${psk.value.slice(0, 2)}', which strongSwan (swanctl.conf, ipsec.secrets) reads as ${/^0x/i.test(psk.value) ? 'hex' : 'base64'}, not as the literal text. Topo writes it base64-encoded so it stays this literal; a peer configured by hand must do the same (secret = 0s<base64 of the key>), or choose a key that does not begin with 0x or 0s.`,
                });
            }
            const rule = getProfile(e.site.provider).psk;
            const broken = rule.check(psk.value);
            if (broken.length) {
                this.add({
                    code: 'psk-policy', severity: rule.unconfirmed ? 'warning' : 'error', at: psk.src,
                    message: `${this.title}: the pre-shared key does not meet the rules of ${this.label(e)} at ${e.site.name}: ${broken.join('; ')}. Rule: ${rule.description}`,
                });
            }
        }
        const [a, b] = this.ends;
        if (this.separate && a.psk?.kind === 'literal' && b.psk?.kind === 'literal' && a.psk.value !== b.psk.value) {
            this.add({
                code: 'psk-mismatch', severity: 'error', at: b.psk.src,
                message: `${this.title}: the ends declare different pre-shared keys (${a.site.name} and ${b.site.name}); both must hold the same key${(o => (o.kind === 'down' && o.why === 'AUTHENTICATION_FAILED' ? '. The tunnel does not come up (AUTHENTICATION_FAILED)' : ' (the keys are checked once the phase 1 proposals agree)'))(tunnelOutcome(this.t))}`,
                related: [{ at: a.psk.src, message: `pre-shared key of ${a.site.name}` }],
            });
        }
    }

    // -------------------------------------------------------------------- routing modes

    private checkRouting(): void {
        for (const e of this.ends) {
            const r = e.routing;
            if (!r) continue;
            const prof = getProfile(e.site.provider);
            if (!prof.routing.includes(r)) {
                this.add({
                    code: 'routing-unsupported', severity: 'error', at: this.at(e, 'routingSrc'),
                    message: `${this.title}: ${this.short(e)} at ${e.site.name} does not support routing ${r}, only ${prof.routing.join(', ')}` + gcpPeerHint(this.ends, e, r),
                    related: [{ at: this.at(e, 'routingSrc'), message: `${prof.displayName}: ${prof.routingNote}.` }],
                });
            }
        }
        const [a, b] = this.ends;
        if (a.routing && b.routing && (a.routing === 'bgp') !== (b.routing === 'bgp')) {
            const bgpEnd = a.routing === 'bgp' ? a : b, other = bgpEnd === a ? b : a;
            this.add({
                code: 'routing-unsupported', severity: 'error', at: this.at(other, 'routingSrc'),
                message: `${this.title}: routing bgp at ${bgpEnd.site.name} but ${other.routing} at ${other.site.name}; BGP needs both ends`
                    + (bgpEnd.site.provider === 'gcp' ? ' (or GCP Classic VPN: policy or static)' : ''),
                related: [...this.related(bgpEnd, `routing bgp at ${bgpEnd.site.name}`),
                    ...(bgpEnd.site.provider === 'gcp' ? [{ at: this.at(other, 'routingSrc'), message: 'GCP HA VPN carries only BGP tunnels; Classic VPN carries routing policy or static.' }] : [])],
            });
        }
    }

    // -------------------------------------------------------------------- selector limits

    private checkSelectors(): void {
        // sizes without listing: a derived selector of a star's centre stands for every spoke's networks
        const size = (e: TunnelEnd, side: 'local' | 'remote') => selectorSize(e, side);
        const v = this.ike;
        // a gateway that takes several children (strongSwan) gets one per local/remote pair from
        // Topo's configuration (adapters/strongswan/render.ts), so every selector is carried
        // (measured: the IKEv1 cases of test/netns/generated.mjs)
        const firstOnly = this.ends.filter(e => getProfile(e.site.provider).selectors.ikev1FirstCidrOnly && getProfile(e.site.provider).selectors.childSas !== 'any');
        // route-based ends (static, bgp) negotiate one pair, any <-> any: no selector-count findings
        const policy = this.ends.filter(e => !routeBased(e));
        if (v === 1 && firstOnly.length) {
            for (const e of policy) {
                if (size(e, 'local') <= 1 && size(e, 'remote') <= 1) continue;
                const shorts = [...new Set(firstOnly.map(x => this.short(x)))], names = `${shorts.join(' and ')} ${shorts.length > 1 ? 'use' : 'uses'}`;
                const side = size(e, 'local') > 1 ? 'local' : 'remote';
                const list = side === 'local' ? e.local : e.remote;
                const lost = list.slice(1).map(n => n.prefix.text).join(', ');
                // the networks after the first are never carried: traffic the topology needs is dropped
                this.add({
                    code: 'ikev1-multiple-selectors', severity: 'error', at: this.at(e, side === 'local' ? 'localSrc' : 'remoteSrc'),
                    message: `${this.title}: with IKEv1, ${names} only the first ${side} selector at ${e.site.name} (${list[0]?.prefix.text}): ${lost} ${list.length > 2 ? 'are' : 'is'} not carried; use ike v2 or one tunnel per network`,
                    fixes: optional(this.suiteFix()),
                });
            }
        }
        for (const e of policy) {
            const lim = getProfile(e.site.provider).selectors;
            if (lim.maxCidrsPerSide !== undefined && (size(e, 'local') > lim.maxCidrsPerSide || size(e, 'remote') > lim.maxCidrsPerSide)) {
                this.add({
                    code: 'selector-sa-limit', severity: 'warning', at: this.at(e, size(e, 'local') > lim.maxCidrsPerSide ? 'localSrc' : 'remoteSrc'),
                    message: `${this.title}: ${this.short(e)} at ${e.site.name} takes ${lim.maxCidrsPerSide} CIDR per side, this end has ${size(e, 'local')} local and ${size(e, 'remote')} remote; use a supernet or route-based routing`,
                    related: [{ at: this.at(e, size(e, 'local') > lim.maxCidrsPerSide ? 'localSrc' : 'remoteSrc'), message: `${this.label(e)}: ${lim.note}.` }],
                });
            }
        }
        const [a, b] = this.ends;
        if (routeBased(a) || routeBased(b)) return;
        const pairs = Math.max(size(a, 'local') * size(a, 'remote'), size(b, 'local') * size(b, 'remote'));
        const ca = getProfile(a.site.provider).selectors.childSas, cb = getProfile(b.site.provider).selectors.childSas;
        if (pairs > 1 && ((ca === 'one-per-pair' && cb === 'one') || (ca === 'one' && cb === 'one-per-pair'))) {
            const perPair = ca === 'one-per-pair' ? a : b, single = perPair === a ? b : a;
            this.add({
                code: 'selector-sa-limit', severity: 'warning', at: this.at(perPair, 'localSrc'),
                message: `${this.title}: ${this.short(perPair)} at ${perPair.site.name} negotiates one SA per pair (${pairs} pairs), ${this.short(single)} at ${single.site.name} accepts one; use a supernet per side or route-based routing`,
            });
        }
    }
}

// ------------------------------------------------------------------------ message helpers

function versions(p: ProviderId | undefined): string {
    return getProfile(p).ikeVersions.map(v => `IKEv${v}`).join(' and ');
}

function describe(a: Algorithm): string {
    return `${a.id} (${a.name})`;
}

function fixedText(p: ProviderId | undefined, v: IkeVersion): string {
    const f = getProfile(p).versions[v]?.fixedSuite;
    return f ? `ike ${f.ike}, esp ${f.esp}` : '';
}

function unsupportedHint(p: ProviderId | undefined, v: IkeVersion, phase: Phase, alg: Algorithm): string {
    const caps = getProfile(p).versions[v];
    if (caps?.fixedSuite) return `; with IKEv${v} it offers only ${phase === 'ike' ? caps.fixedSuite.ike : caps.fixedSuite.esp}`;
    if (phase === 'ike' && v === 1 && alg.aead) return '; IKEv1 has no AEAD ciphers for phase 1 (RFC 5282 covers IKEv2 only)';
    return '';
}

function gcpPeerHint(ends: TunnelEnd[], e: TunnelEnd, r: RoutingMode): string {
    const other = ends.find(x => x !== e);
    if (r === 'bgp' && other?.site.provider === 'gcp') return '; with this peer use GCP Classic VPN (routing policy or static)';
    return '';
}

function describeDifference(pa: ParsedEnd, pb: ParsedEnd, phase: Phase): string {
    const kinds: [string, (p: Proposal) => Algorithm[]][] = [
        ['encryption', p => p.encryption], ['integrity', p => p.integrity], ['PRF', p => p.prf], [phase === 'esp' ? 'PFS group' : 'DH group', p => p.dh],
    ];
    const parts: string[] = [];
    for (const [name, get] of kinds) {
        const a = new Set(pa[phase].flatMap(get).map(x => x.id)), b = new Set(pb[phase].flatMap(get).map(x => x.id));
        const same = a.size === b.size && [...a].every(x => b.has(x));
        if (same) continue;
        const show = (s: Set<string>) => (s.size ? [...s].join(', ') : name === 'PFS group' ? 'no PFS' : 'none');
        parts.push(`${name}: ${pa.end.site.name} has ${show(a)}, ${pb.end.site.name} has ${show(b)}`);
    }
    return parts.length ? parts.join('; ') : 'the proposal lists differ';
}

function optional<T>(x: T | undefined): T[] | undefined {
    return x === undefined ? undefined : [x];
}

/**
 * `psk env VAR` reads any variable of the environment Topo runs in. A name that says it holds
 * another secret (a token, a password, a cloud or CI credential) and does not say PSK is
 * probably a mistake: its value would become the key, configured on both gateways.
 */
export function looksLikeOtherCredential(variable: string): boolean {
    if (/PSK|PRESHARED|PRE_SHARED|IPSEC|VPN/i.test(variable)) return false;
    return /TOKEN|PASSWORD|PASSWD|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL/i.test(variable);
}
