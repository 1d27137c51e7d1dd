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
import { nets } from './model-views.js';

/** A hub with many spokes names this many derived tunnels in the hint, then a count; its tooltip lists more. */
const MAX_DERIVED_SHOWN = 3;
const MAX_DERIVED_LISTED = 20;
/** A hint longer than this is cut (the tooltip has it all): hints must not run off the editor's edge. */
const MAX_LABEL = 60;

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
            const details = derived.slice(0, MAX_DERIVED_LISTED).map(e => {
                const s = settingsOf(e);
                return `- \`${e.name}\`: local ${nets(s.local.value)} ⇄ remote ${nets(s.remote.value)}`;
            });
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
            add('local', s.local, `local ${first(s.local.value.map(n => n.prefix.text))}`, nets(s.local.value));
            add('remote', s.remote, `remote ${first(s.remote.value.map(n => n.prefix.text))}`, nets(s.remote.value));
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
