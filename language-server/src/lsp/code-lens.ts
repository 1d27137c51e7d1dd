/**
 * Code lenses: on a site, how many sites it must reach and how many problems it has; on a
 * tunnel, its two ends, the crypto it negotiates and its problems.
 *
 * Resolved lazily (`codeLens/resolve`): `textDocument/codeLens` lists where the lenses are, one
 * per site and tunnel statement (10,000 on a 10,000-site star), and the editor asks the titles of
 * the lenses it shows. `lensTitles` resolves them all at once (tests, scripts).
 */
import { URI, type LangiumDocument, type MaybePromise } from 'langium';
import { DefaultLanguageServer, type CodeLensProvider, type LangiumSharedServices } from 'langium/lsp';
import type { CodeLens, Connection, InitializeParams, InitializeResult, Position, Range } from 'vscode-languageserver';
import type { TopoServices } from '../services/types.js';
import * as ast from '../generated/ast.js';
import { settingsOf } from '../resolve/index.js';
import type { TopologyService } from '../services/workspace/topology-service.js';
import { NetworkView } from '../analyses/network.js';
import { MAX_TRACED_PEERS, statementName, unreachedNote } from '../analyses/describe.js';
import { tunnelOutcome } from '../analyses/outcome.js';
import { OUTCOME_HEAD } from './hover-content.js';
import { intendedPeerCount, validatedDocument } from './model-views.js';

/** A lens names this many unreached sites, then a count. */
const MAX_UNREACHED_SHOWN = 2;

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
const same = (a: Position, b: Position) => a.line === b.line && a.character === b.character;

/** How many errors and warnings start inside `range` (its ends included). */
function problemsIn(document: LangiumDocument, range: Range): number {
    let n = 0;
    for (const d of document.diagnostics ?? []) {
        if ((d.severity === 1 || d.severity === 2) && !before(d.range.start, range.start) && !before(range.end, d.range.start)) n++;
    }
    return n;
}

/**
 * What a lens carries from `textDocument/codeLens` to `codeLens/resolve`: the number of its
 * document (TopoCodeLensProvider.uriOf) and the index of its statement in the document's
 * statements. Two numbers: 10,000 lenses repeating their document's URI were half the answer.
 */
export type LensData = [document: number, statement: number];

export function isLensData(x: unknown): x is LensData {
    return Array.isArray(x) && x.length === 2 && Number.isInteger(x[0]) && Number.isInteger(x[1]);
}

export class TopoCodeLensProvider implements CodeLensProvider {
    /** The documents lenses were listed for, by number (a lens names its document by number). */
    private readonly uris: string[] = [];
    private readonly numbers = new Map<string, number>();

    constructor(private readonly topology: TopologyService) { }

    /** The URI of document number `n` of the lenses' data. */
    uriOf(n: number): string | undefined {
        return this.uris[n];
    }

    /** Where the lenses are: one per site and tunnel statement of the model, without a title yet. */
    provideCodeLens(document: LangiumDocument): MaybePromise<CodeLens[]> {
        const model = document.parseResult.value as ast.Model;
        const { index } = this.topology.resultFor(document);
        const uri = document.uri.toString();
        let number = this.numbers.get(uri);
        if (number === undefined) { number = this.uris.push(uri) - 1; this.numbers.set(uri, number); }
        const lenses: CodeLens[] = [];
        model.statements.forEach((s, statement) => {
            const range = s.$cstNode?.range;
            if (!range) return;
            if ((ast.isSite(s) && index.site(s)) || (ast.isTunnel(s) && index.end(s))) lenses.push({ range, data: [number, statement] satisfies LensData });
        });
        return lenses;
    }

    /**
     * The lens with its title. A lens listed before the latest edit is resolved for the statement
     * now at its place (the editor asks for new lenses after an edit); none there: an empty title.
     */
    resolveCodeLens(document: LangiumDocument, lens: CodeLens): CodeLens {
        const model = document.parseResult.value as ast.Model;
        const at = isLensData(lens.data) && this.uriOf(lens.data[0]) === document.uri.toString() ? model.statements[lens.data[1]] : undefined;
        const start = lens.range.start;
        const s = at?.$cstNode && same(at.$cstNode.range.start, start) ? at
            : model.statements.find(x => x.$cstNode && same(x.$cstNode.range.start, start));
        return { range: lens.range, data: lens.data, command: { title: (s && this.title(document, s)) ?? '', command: '' } };
    }

    private title(document: LangiumDocument, s: ast.Statement): string | undefined {
        const range = s.$cstNode?.range;
        if (!range) return undefined;
        const { topology: t, index } = this.topology.resultFor(document);
        const count = problemsIn(document, range);
        const problemText = count === 0 ? 'no problems' : plural(count, 'problem');
        if (ast.isSite(s)) {
            const site = index.site(s);
            if (!site) return undefined;
            const peerCount = intendedPeerCount(site, t);
            let reach = `must reach ${plural(peerCount, 'site')}`;
            let unreached: string[] = [];
            if (peerCount <= MAX_TRACED_PEERS) {
                const view = new NetworkView(t);
                const peers = view.peersOf(site);
                unreached = peers.flatMap(p => { const why = unreachedNote(view, site, p); return why ? [`${p.name} not reached: ${why}`] : []; });
                reach = unreached.length === 0 ? `reaches ${plural(peers.length, 'site')}` : `reaches ${peers.length - unreached.length} of ${plural(peers.length, 'site')}`;
            }
            // which sites are not reached and where their traffic is dropped (the hover has all of them)
            const why = unreached.slice(0, MAX_UNREACHED_SHOWN).concat(unreached.length > MAX_UNREACHED_SHOWN ? [`+${unreached.length - MAX_UNREACHED_SHOWN} more`] : []);
            // "no problems" beside an unreached site would contradict it: the problem is on another statement
            const problems = count === 0 && unreached.length ? [] : [problemText];
            return [reach, ...why, plural(site.ends.length, 'tunnel'), ...problems].join(' · ');
        }
        if (ast.isTunnel(s)) {
            const end = index.end(s);
            if (!end) return undefined;
            const tunnel = end.tunnel;
            const crypto = settingsOf(end).crypto;
            const cryptoText = crypto.state === 'resolved'
                ? `IKEv${crypto.ike.value} ${crypto.ikeProposals.value[0] ?? ''}${crypto.chosen ? ' (chosen by Topo)' : ''}` : 'no common proposal';
            const far = end === tunnel.a ? tunnel.b : tunnel.a;
            // a clean statement of a tunnel that does not work: the verdict, and where its problems are
            const outcome = tunnelOutcome(tunnel).kind;
            const verdict = count === 0 && outcome !== 'up' && tunnel.kind === 'pair' ? `${OUTCOME_HEAD[outcome]} (problems on ${statementName(far)})` : problemText;
            return `${end.name} @ ${end.site.name} ⇄ ${far.name} @ ${far.site.name} · ${cryptoText} · ${verdict}`;
        }
        return undefined;
    }
}

/** Every lens of a document with its title, as an editor that shows them all would have them. */
export async function lensTitles(provider: CodeLensProvider, document: LangiumDocument): Promise<CodeLens[]> {
    const lenses = (await provider.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } })) ?? [];
    return provider instanceof TopoCodeLensProvider ? lenses.map(l => provider.resolveCodeLens(document, l)) : lenses;
}


/**
 * `codeLens/resolve` over the connection: the lens's document, once validated (its title counts
 * the document's problems), resolved by its language's provider. Langium registers no handler
 * for it; the server announces it (TopoLanguageServer).
 */
export function registerCodeLensResolve(connection: Connection, shared: LangiumSharedServices): void {
    connection.onCodeLensResolve(async (lens, token) => {
        if (!isLensData(lens.data)) return lens;
        const [number] = lens.data;
        // the language's provider knows the document by its number
        for (const services of shared.ServiceRegistry.all as TopoServices[]) {
            const provider = services.lsp.CodeLensProvider;
            const uri = provider instanceof TopoCodeLensProvider ? provider.uriOf(number) : undefined;
            if (!uri) continue;
            const document = await validatedDocument(services, URI.parse(uri), token);
            return (provider as TopoCodeLensProvider).resolveCodeLens(document, lens);
        }
        return lens;
    });
}

/** Langium's language server, announcing that code lenses are resolved lazily. */
export class TopoLanguageServer extends DefaultLanguageServer {
    protected override buildInitializeResult(params: InitializeParams): InitializeResult {
        const result = super.buildInitializeResult(params);
        if (result.capabilities.codeLensProvider) result.capabilities.codeLensProvider = { ...result.capabilities.codeLensProvider, resolveProvider: true };
        return result;
    }
}
