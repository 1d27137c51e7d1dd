/**
 * Code lenses: on a site, how many sites it must reach and how many problems it has; on a
 * tunnel, its two ends, the crypto it negotiates and its problems.
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, Diagnostic, Position, Range } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { settingsOf } from '../resolve/index.js';
import type { TopologyService } from '../services/workspace/topology-service.js';
import { NetworkView } from '../analyses/network.js';
import { MAX_TRACED_PEERS, statementName, unreachedNote } from '../analyses/describe.js';
import { tunnelOutcome } from '../analyses/outcome.js';
import { OUTCOME_HEAD } from './hover-content.js';
import { intendedPeerCount } from './model-views.js';

/** A lens names this many unreached sites, then a count. */
const MAX_UNREACHED_SHOWN = 2;

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * How many of `problems` start inside `range` (its ends included): the problems sorted by where
 * they start once, then a binary search per statement instead of a pass over all of them.
 */
function problemCounter(problems: Diagnostic[]): (range: Range) => number {
    const starts = problems.map(d => d.range.start).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    return range => {
        let lo = 0, hi = starts.length;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (before(starts[mid], range.start)) lo = mid + 1; else hi = mid; }
        let n = 0;
        for (let i = lo; i < starts.length && !before(range.end, starts[i]); i++) n++;
        return n;
    };
}

export class TopoCodeLensProvider implements CodeLensProvider {
    constructor(private readonly topology: TopologyService) { }

    provideCodeLens(document: LangiumDocument): MaybePromise<CodeLens[]> {
        const model = document.parseResult.value as ast.Model;
        const { topology: t, index } = this.topology.resultFor(document);
        const problemsIn = problemCounter((document.diagnostics ?? []).filter(d => d.severity === 1 || d.severity === 2));
        const lens = (range: Range, title: string): CodeLens => ({ range, command: { title, command: '' } });
        const lenses: CodeLens[] = [];
        let view: NetworkView | undefined;
        for (const s of model.statements) {
            const range = s.$cstNode?.range;
            if (!range) continue;
            const count = problemsIn(range);
            const problemText = count === 0 ? 'no problems' : plural(count, 'problem');
            if (ast.isSite(s)) {
                const site = index.site(s);
                if (!site) continue;
                const peerCount = intendedPeerCount(site, t);
                let reach = `must reach ${plural(peerCount, 'site')}`;
                let unreached: string[] = [];
                if (peerCount <= MAX_TRACED_PEERS) {
                    view ??= new NetworkView(t);
                    const peers = view.peersOf(site);
                    unreached = peers.flatMap(p => { const why = unreachedNote(view!, site, p); return why ? [`${p.name} not reached: ${why}`] : []; });
                    reach = unreached.length === 0 ? `reaches ${plural(peers.length, 'site')}` : `reaches ${peers.length - unreached.length} of ${plural(peers.length, 'site')}`;
                }
                // which sites are not reached and where their traffic is dropped (the hover has all of them)
                const why = unreached.slice(0, MAX_UNREACHED_SHOWN).concat(unreached.length > MAX_UNREACHED_SHOWN ? [`+${unreached.length - MAX_UNREACHED_SHOWN} more`] : []);
                // "no problems" beside an unreached site would contradict it: the problem is on another statement
                const problems = count === 0 && unreached.length ? [] : [problemText];
                lenses.push(lens(range, [reach, ...why, plural(site.ends.length, 'tunnel'), ...problems].join(' · ')));
            } else if (ast.isTunnel(s)) {
                const end = index.end(s);
                if (!end) continue;
                const tunnel = end.tunnel;
                const crypto = settingsOf(end).crypto;
                const cryptoText = crypto.state === 'resolved'
                    ? `IKEv${crypto.ike.value} ${crypto.ikeProposals.value[0] ?? ''}${crypto.chosen ? ' (chosen by Topo)' : ''}` : 'no common proposal';
                const far = end === tunnel.a ? tunnel.b : tunnel.a;
                // a clean statement of a tunnel that does not work: the verdict, and where its problems are
                const outcome = tunnelOutcome(tunnel).kind;
                const verdict = count === 0 && outcome !== 'up' && tunnel.kind === 'pair' ? `${OUTCOME_HEAD[outcome]} (problems on ${statementName(far)})` : problemText;
                lenses.push(lens(range, `${end.name} @ ${end.site.name} ⇄ ${far.name} @ ${far.site.name} · ${cryptoText} · ${verdict}`));
            }
        }
        return lenses;
    }
}
