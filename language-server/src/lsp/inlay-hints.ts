/**
 * Inlay hints where Topo derives a value the file does not write: the tunnels a star derives
 * (with their selectors), selectors a tunnel statement leaves out, and the proposals Topo
 * chooses for a tunnel that declares none.
 */
import type { AstNode } from 'langium';
import { AstUtils } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind, type Position } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { cryptoOf } from '../resolve/index.js';
import type { TopologyService } from '../services/topology-service.js';
import { nets } from './model-views.js';

/** A hub with many spokes shows this many derived tunnels, then a count. */
const MAX_DERIVED_SHOWN = 3;

export class TopoInlayHintProvider extends AbstractInlayHintProvider {
    constructor(private readonly topology: TopologyService) {
        super();
    }

    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        const end = node.$cstNode?.range.end;
        if (!end) return;
        const document = AstUtils.getDocument(node);
        if (ast.isSite(node)) {
            const site = this.topology.resultFor(document).index.site(node);
            if (!site) return;
            const derived = site.ends.filter(e => e.tunnel.kind === 'derived');
            const shown = derived.slice(0, MAX_DERIVED_SHOWN).map(e => `${e.name}: ${nets(e.local)} ⇄ ${nets(e.remote)}`);
            if (derived.length > MAX_DERIVED_SHOWN) shown.push(`+${derived.length - MAX_DERIVED_SHOWN} more derived tunnels`);
            if (shown.length) this.hint(acceptor, end, `derived ${shown.join(' · ')}`, 'Tunnels Topo derives from `hub` (nothing is written for them).');
        } else if (ast.isTunnel(node)) {
            const e = this.topology.resultFor(document).index.end(node);
            if (!e) return;
            const parts: string[] = [];
            if (e.localOrigin !== 'declared') parts.push(`local ${nets(e.local)}`);
            if (e.remoteOrigin !== 'declared') parts.push(`remote ${nets(e.remote)}`);
            const c = cryptoOf(e);
            if (c) {
                // what the statement does not write: the version and proposals Topo resolved for this end
                if (c.ike.from !== 'declared') parts.push(`ike v${c.ike.value}`);
                if (c.ikeProposals.from !== 'declared') parts.push(`ike-proposal ${c.ikeProposals.value.join(', ')}`);
                if (c.espProposals.from !== 'declared') parts.push(`esp-proposal ${c.espProposals.value.join(', ')}`);
            }
            if (parts.length) {
                this.hint(acceptor, end, parts.join(' · '),
                    'Values Topo derives for this tunnel: selectors from the sites (or the mirror of the other end), proposals as the strongest suite both providers accept.');
            }
        }
    }

    private hint(acceptor: InlayHintAcceptor, position: Position, label: string, tooltip: string): void {
        acceptor({ position, label: ` ${label}`, kind: InlayHintKind.Parameter, paddingLeft: true, tooltip });
    }
}
