/**
 * Completion beyond Langium's keywords and cross-references: provider ids (with what each is),
 * and after `ike-proposal` / `esp-proposal` only the proposals both ends of the tunnel accept,
 * strongest first.
 */
import { AstUtils, GrammarAST, type LangiumDocument, type MaybePromise } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type NextFeature } from 'langium/lsp';
import { CompletionItemKind, type CancellationToken, type CompletionList, type CompletionParams } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { PROVIDER_IDS, isProviderId, type IkeVersion, type ProviderId } from '../model/types.js';
import { acceptableProposals, commonIkeVersions } from '../resolve/negotiate.js';
import { getProfile, providerLabel } from '../providers/index.js';
import { asnAcceptable, freeAsns, insideChoices, lifetimeChoices } from '../analyses/suggest.js';
import { addressText } from '../net/prefix.js';
import { isNameKeyword } from '../services/references/name-keywords.js';
import { ikeOf, otherEnd } from '../resolve/index.js';
import type { TopoServices } from '../services/types.js';
import type { TopologyService } from '../services/workspace/topology-service.js';

function providerOf(site: ast.Site | undefined): ProviderId | undefined {
    const id = site?.properties.find(ast.isProviderProperty)?.provider;
    return id && isProviderId(id) ? id : undefined;
}

export class TopoCompletionProvider extends DefaultCompletionProvider {
    private readonly topology: TopologyService;

    constructor(services: TopoServices) {
        super(services);
        this.topology = services.topo.TopologyService;
    }

    /** A position past the end of its line or of the document (a stale or malformed request) is clamped, so no edit leaves the document. */
    override getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        const text = document.textDocument;
        const position = text.positionAt(text.offsetAt(params.position));
        return super.getCompletion(document, { ...params, position }, cancelToken);
    }

    /**
     * Langium lexes the whole document to find the token at the cursor: on a long document (and
     * quadratically slower with many unknown characters) only the lines around the cursor.
     */
    protected override backtrackToAnyToken(text: string, offset: number): ReturnType<DefaultCompletionProvider['backtrackToAnyToken']> {
        if (text.length <= 64 * 1024) return super.backtrackToAnyToken(text, offset);
        const start = text.lastIndexOf('\n', Math.max(0, offset - 4096)) + 1;
        const end = Math.min(text.length, offset + 4096);
        const r = super.backtrackToAnyToken(text.slice(start, end), offset - start);
        const shift = (n: number | undefined) => (n === undefined ? undefined : n + start);
        return {
            nextTokenStart: r.nextTokenStart + start, nextTokenEnd: r.nextTokenEnd + start,
            previousTokenStart: shift(r.previousTokenStart), previousTokenEnd: shift(r.previousTokenEnd),
        };
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        // A keyword is also a name (a site may be called `hub`), but it is no suggestion for one.
        if (isNameKeyword(next.feature)) return;
        // `next.property` names the assignment being completed (`provider=Name`, `proposals+=Proposal`).
        if (GrammarAST.isRuleCall(next.feature)) {
            if (next.property === 'provider' && ast.isProviderProperty(context.node)) {
                PROVIDER_IDS.forEach((id, i) => acceptor(context, {
                    label: id, kind: CompletionItemKind.EnumMember, detail: providerLabel(id), sortText: String(i).padStart(2, '0'),
                }));
                return;
            }
            // values of the BGP, lifetime, DPD and identity properties (one list per property: the
            // IPV4 / IPV6 / STRING alternatives of an address all lead here)
            if (next.property === 'value' || next.property === 'address' || next.property === 'text') {
                const ref = next.feature.rule.$refText;
                if (ref !== 'IPV6' && ref !== 'STRING' && this.values(context, acceptor)) return;
            }
            if (next.property === 'proposals' || ast.isProposal(context.node)) {
                // NAME and NUMBER_NAME both lead here; offer the list once
                if (next.feature.rule.$refText === 'NAME' || ast.isProposal(context.node)) this.proposals(context, acceptor);
                return;
            }
        }
        return super.completionFor(context, next, acceptor);
    }

    /** Completion after `asn`, `ike-lifetime`, `esp-lifetime`, `dpd`, `local-inside`, `remote-inside`, `local-id`, `remote-id`; true when handled. */
    private values(context: CompletionContext, acceptor: CompletionAcceptor): boolean {
        const node = context.node;
        const result = this.topology.resultFor(context.document);
        const offer = (items: { label: string; detail: string }[]) => items.forEach((it, i) => acceptor(context, {
            label: it.label, kind: CompletionItemKind.Value, detail: it.detail, sortText: String(i).padStart(3, '0'),
        }));
        if (ast.isAsnProperty(node)) {
            const astSite = AstUtils.getContainerOfType(node, ast.isSite);
            const site = astSite && (result.index.site(astSite) ?? result.topology.siteByName.get(astSite.name));
            if (!site) return true;
            const rules = getProfile(site.provider).bgp;
            const items = freeAsns(result.topology, site).map(n => ({ label: String(n), detail: `private ASN no other site uses${rules ? ` (${getProfile(site.provider).displayName}: ${rules.note})` : ''}` }));
            if (rules?.asnDefault !== undefined && asnAcceptable(site, rules.asnDefault)) items.push({ label: String(rules.asnDefault), detail: `${getProfile(site.provider).displayName}'s default` });
            offer(items);
            return true;
        }
        const tunnel = AstUtils.getContainerOfType(node, ast.isTunnel);
        const end = tunnel && result.index.end(tunnel);
        if (!tunnel || !end) return false;
        if (ast.isIkeLifetimeProperty(node) || ast.isEspLifetimeProperty(node)) {
            const phase = ast.isIkeLifetimeProperty(node) ? 'ike' : 'esp';
            offer(lifetimeChoices(end, phase).map(c => ({ label: String(c.value), detail: `${c.value} s: ${c.why}, accepted at both ends` })));
            return true;
        }
        if (ast.isDpdProperty(node)) {
            const items: { label: string; detail: string }[] = [];
            for (const e of [end, otherEnd(end)]) {
                const d = getProfile(e.site.provider).dpd;
                if (d?.default !== undefined && !items.some(x => x.label === String(d.default))) items.push({ label: String(d.default), detail: `${getProfile(e.site.provider).displayName}'s default (${d.note})` });
            }
            offer(items);
            return true;
        }
        if (ast.isLocalInsideProperty(node) || ast.isRemoteInsideProperty(node)) {
            offer(insideChoices(result.topology, end, ast.isLocalInsideProperty(node) ? 'local' : 'remote'));
            return true;
        }
        if (ast.isLocalIdProperty(node) || ast.isRemoteIdProperty(node)) {
            // the statement's first site (local-id) or second (remote-id): its gateway addresses
            const site = ast.isLocalIdProperty(node) ? end.site : end.peer;
            offer(site.gateways.map(g => ({ label: addressText(g), detail: `a gateway address of ${site.name} (an FQDN is written in quotes: "vpn.example.com")` })));
            return true;
        }
        return false;
    }

    private proposals(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const tunnel = AstUtils.getContainerOfType(context.node, ast.isTunnel);
        if (!tunnel) return;
        const phase = this.phaseAt(tunnel, context.offset);
        const a = providerOf(tunnel.from?.ref);
        const b = providerOf(tunnel.to?.ref);
        // the version the resolve stage gives this end; a statement not in the model yet (cut short
        // while typing) gets the highest version both providers offer
        const end = this.topology.resultFor(context.document).index.end(tunnel);
        const ike: IkeVersion = (end && ikeOf(end)) ?? commonIkeVersions(a, b)[0] ?? 2;
        const both = `${a ?? 'strongswan'} and ${b ?? 'strongswan'}`;
        acceptableProposals(a, b, phase, ike, 40).forEach((p, i) => acceptor(context, {
            label: p, kind: CompletionItemKind.EnumMember, sortText: String(i).padStart(3, '0'),
            detail: `${phase === 'ike' ? 'IKE (phase 1)' : 'ESP (phase 2)'} proposal accepted by ${both} (IKEv${ike})`,
        }));
    }

    /** Which proposal list the cursor is in: the nearest `ike-proposal` / `esp-proposal` before it. */
    private phaseAt(tunnel: ast.Tunnel, offset: number): 'ike' | 'esp' {
        let phase: 'ike' | 'esp' = 'ike';
        for (const p of tunnel.properties) {
            const start = p.$cstNode?.offset ?? Infinity;
            if (start > offset) break;
            if (ast.isIkeProposalProperty(p)) phase = 'ike';
            else if (ast.isEspProposalProperty(p)) phase = 'esp';
        }
        const text = tunnel.$cstNode?.text ?? '';
        const before = text.slice(0, Math.max(0, offset - (tunnel.$cstNode?.offset ?? 0)));
        const ikeAt = before.lastIndexOf('ike-proposal');
        const espAt = before.lastIndexOf('esp-proposal');
        if (ikeAt >= 0 || espAt >= 0) phase = espAt > ikeAt ? 'esp' : 'ike';
        return phase;
    }
}
