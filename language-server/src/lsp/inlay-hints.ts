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
import { cryptoOf, provenanceText, settingsOf, type Setting } from '../resolve/index.js';
import type { TopologyService } from '../services/workspace/topology-service.js';
import { selectorHead, selectorSize } from '../model/selectors.js';
import type { TunnelEnd } from '../model/types.js';

/** A hub with many spokes names this many derived tunnels in the hint, then a count; its tooltip lists more. */
const MAX_DERIVED_SHOWN = 3;
const MAX_DERIVED_LISTED = 20;
/** A hint longer than this is cut (the tooltip has it all): hints must not run off the editor's edge. */
const MAX_LABEL = 60;
/** A tooltip lists this many networks of a selector, then a count (a spoke of a 10,000-spoke star has 10,000 remote networks). */
const MAX_NETS_LISTED = 8;

/** An end's selector for the tooltip: its first networks, then how many more; read without listing a derived selector. */
function netsText(e: TunnelEnd, side: 'local' | 'remote'): string {
    const shown = selectorHead(e, side, MAX_NETS_LISTED);
    const more = selectorSize(e, side) - shown.length;
    return (shown.map(n => n.prefix.text).join(', ') || '(none)') + (more > 0 ? ` and ${more.toLocaleString('en')} more` : '');
}

/** The first network of an end's selector and how many more: `10.0.0.0/24 +9999`. */
function firstNet(e: TunnelEnd, side: 'local' | 'remote'): string {
    const [head] = selectorHead(e, side, 1);
    const count = selectorSize(e, side);
    return `${head?.prefix.text ?? '(none)'}${count > 1 ? ` +${count - 1}` : ''}`;
}

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
            if (!derived.length) return;
            const names = derived.slice(0, MAX_DERIVED_SHOWN).map(e => e.name).join(', ') + (derived.length > MAX_DERIVED_SHOWN ? ` +${derived.length - MAX_DERIVED_SHOWN}` : '');
            const details = derived.slice(0, MAX_DERIVED_LISTED).map(e => `- \`${e.name}\`: local ${netsText(e, 'local')} ⇄ remote ${netsText(e, 'remote')}`);
            if (derived.length > MAX_DERIVED_LISTED) details.push(`- and ${derived.length - MAX_DERIVED_LISTED} more`);
            this.hint(acceptor, end, `derived ${names}`, ['Tunnels Topo derives from `hub` (nothing is written for them):', '', ...details]);
        } else if (ast.isTunnel(node)) {
            const e = this.topology.resultFor(document).index.end(node);
            if (!e) return;
            // what the statement does not write, as the resolve stage settles it: short in the
            // label, in full (with where each value comes from) in the tooltip
            const s = settingsOf(e);
            const short: string[] = [], full: string[] = [];
            const add = (key: string, setting: Setting<unknown>, label: string | undefined, all: string) => {
                if (setting.from === 'declared') return;
                if (label) short.push(label);
                full.push(`- \`${key}\` ${all} (${provenanceText(setting)})`);
            };
            const first = (list: string[]) => `${list[0] ?? '(none)'}${list.length > 1 ? ` +${list.length - 1}` : ''}`;
            const c = cryptoOf(e);
            if (c) {
                add('ike', c.ike, `IKEv${c.ike.value}`, `v${c.ike.value}`);
                // one suite for both phases reads once
                const same = c.ikeProposals.value.join() === c.espProposals.value.join() && c.ikeProposals.from === c.espProposals.from;
                add('ike-proposal', c.ikeProposals, same ? first(c.ikeProposals.value) : `ike ${first(c.ikeProposals.value)}`, c.ikeProposals.value.join(', '));
                add('esp-proposal', c.espProposals, same ? undefined : `esp ${first(c.espProposals.value)}`, c.espProposals.value.join(', '));
            }
            add('local', s.local, `local ${firstNet(e, 'local')}`, netsText(e, 'local'));
            add('remote', s.remote, `remote ${firstNet(e, 'remote')}`, netsText(e, 'remote'));
            if (short.length) {
                // whole parts while they fit, then `…`: the tooltip has every value
                let label = short[0];
                for (const part of short.slice(1)) {
                    if (label.length + part.length + 3 > MAX_LABEL) { label += ' · …'; break; }
                    label += ` · ${part}`;
                }
                this.hint(acceptor, end, label, ['Values Topo works out for this tunnel end (nothing is written for them):', '', ...full]);
            }
        }
    }

    private hint(acceptor: InlayHintAcceptor, position: Position, label: string, tooltip: string[]): void {
        acceptor({ position, label: ` ${label}`, kind: InlayHintKind.Parameter, paddingLeft: true, tooltip: { kind: 'markdown', value: tooltip.join('\n') } });
    }
}
