/**
 * The runbook in the editor.
 *
 * - `workspace/executeCommand` `topo.runbook` with arguments `[uri, provider?, lang?]` returns the
 *   runbook of the topology the document belongs to, as Markdown (a string). `provider` is a
 *   provider id or null/absent for all providers; `lang` is `en` (default) or `zh`.
 * - Code actions of kind `source.topo.runbook` on a site, a tunnel and anywhere else in the file
 *   (the topology), when asked for (see `wanted`): "Generate console steps for Tencent Cloud", "... for all providers". Their
 *   `command` is the client-side `topo.showRunbook` with the same arguments `[uri, provider?]`;
 *   the client adds the language from its setting, calls `topo.runbook` and shows the Markdown
 *   beside the file (and refreshes it when the topology changes).
 *
 * Runbooks are generated only when the command is executed, never on the keystroke path; code
 * actions only look up which site or tunnel is under the cursor in the cached resolved model.
 */
import { URI, type LangiumDocument } from 'langium';
import { AbstractExecuteCommandHandler, type ExecuteCommandAcceptor, type LangiumSharedServices } from 'langium/lsp';
import type { CancellationToken, CodeAction, CodeActionContext, CodeActionParams, Position, Range } from 'vscode-languageserver';
import { type ProviderId, PROVIDER_IDS, type Topology, isProviderId } from '../model/types.js';
import { LANGS, type Lang, runbookMarkdown } from '../runbooks/index.js';
import { messages } from '../runbooks/messages.js';
import type { TopoServices } from '../services/types.js';
import { validatedDocument } from './model-views.js';
import { graphOfDocument, renderText } from '../graph/index.js';

export const RUNBOOK_COMMAND = 'topo.runbook';
/** `[uri]` -> the provider ids of the document's topology, in the order of their first site. */
export const RUNBOOK_PROVIDERS_COMMAND = 'topo.runbookProviders';
export const SHOW_RUNBOOK_COMMAND = 'topo.showRunbook';
export const RUNBOOK_ACTION_KIND = 'source.topo.runbook';

export interface RunbookArgs { uri: string; provider?: ProviderId; lang: Lang }

/** Validates `[uri, provider?, lang?]`; throws an Error with a one-line message. */
export function parseRunbookArgs(args: unknown[] | undefined): RunbookArgs {
    const [uri, provider, lang] = args ?? [];
    if (typeof uri !== 'string' || uri === '') throw new Error(`${RUNBOOK_COMMAND}: the first argument must be the document URI`);
    if (provider !== undefined && provider !== null && provider !== '' && (typeof provider !== 'string' || !isProviderId(provider))) {
        throw new Error(`${RUNBOOK_COMMAND}: unknown provider '${String(provider)}' (one of: ${PROVIDER_IDS.join(', ')})`);
    }
    if (lang !== undefined && lang !== null && (typeof lang !== 'string' || !(LANGS as readonly string[]).includes(lang))) {
        throw new Error(`${RUNBOOK_COMMAND}: unknown language '${String(lang)}' (one of: ${LANGS.join(', ')})`);
    }
    return { uri, provider: (provider || undefined) as ProviderId | undefined, lang: (lang ?? 'en') as Lang };
}

/** The providers of a topology's sites, in the order of their first site (a site without `provider` is strongSwan). */
export function topologyProviders(topology: Topology): ProviderId[] {
    return [...new Set(topology.sites.map(s => s.provider ?? 'strongswan'))];
}

/** The providers of the topology that `uri` belongs to (the runbook pick list offers these). */
export async function runbookProvidersFor(services: TopoServices, uri: string, token?: CancellationToken): Promise<ProviderId[]> {
    const doc = await validatedDocument(services, URI.parse(uri), token);
    return topologyProviders(services.topo.TopologyService.resultFor(doc).topology);
}

/** The runbook of the topology that `args.uri` belongs to, as Markdown. */
export async function runbookFor(services: TopoServices, args: RunbookArgs, token?: CancellationToken): Promise<string> {
    const uri = URI.parse(args.uri);
    const doc = await validatedDocument(services, uri, token);
    const { topology } = services.topo.TopologyService.resultFor(doc);
    const graph = graphOfDocument(services, doc);
    const source = uri.path.split('/').pop();
    return runbookMarkdown(topology, { lang: args.lang, provider: args.provider, errorCount: graph.totals.errors, source, diagram: renderText(graph) });
}

/** Langium's shared `lsp.ExecuteCommandHandler`: finds the Topo services of the document's URI. */
export class TopoExecuteCommandHandler extends AbstractExecuteCommandHandler {
    constructor(private readonly shared: LangiumSharedServices) {
        super();
    }

    override registerCommands(acceptor: ExecuteCommandAcceptor): void {
        // `this.shared` is read when the command runs (registerCommands runs in the base constructor).
        acceptor(RUNBOOK_COMMAND, (args, token) => {
            const parsed = parseRunbookArgs(args);
            const services = this.shared.ServiceRegistry.getServices(URI.parse(parsed.uri)) as TopoServices;
            return runbookFor(services, parsed, token);
        });
        acceptor(RUNBOOK_PROVIDERS_COMMAND, (args, token) => {
            const [uri] = args ?? [];
            if (typeof uri !== 'string' || uri === '') throw new Error(`${RUNBOOK_PROVIDERS_COMMAND}: the first argument must be the document URI`);
            return runbookProvidersFor(this.shared.ServiceRegistry.getServices(URI.parse(uri)) as TopoServices, uri, token);
        });
    }
}

function contains(r: Range, p: Position): boolean {
    const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
    const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
    return after && before;
}

/**
 * Whether the request asks for runbook actions: an `only` list that includes their kind (VS Code's
 * "Source Action..." menu sends `only: ['source']`), or a request without diagnostics. A request
 * for the diagnostics at the cursor gets the quick fixes alone, exactly as before these actions
 * existed (editor tests rely on "exactly one action for this diagnostic").
 */
function wanted(context: CodeActionContext): boolean {
    if (context.only) return context.only.some(k => RUNBOOK_ACTION_KIND === k || RUNBOOK_ACTION_KIND.startsWith(`${k}.`));
    return context.diagnostics.length === 0;
}

/** "Generate console steps for ..." actions at the request's position (site, tunnel or the topology). */
export function runbookCodeActions(services: TopoServices, document: LangiumDocument, params: CodeActionParams): CodeAction[] {
    if (!wanted(params.context)) return [];
    const { topology } = services.topo.TopologyService.resultFor(document);
    if (topology.sites.length === 0) return [];
    const uri = document.uri.toString();
    const at = params.range.start;
    const providerOf = (p: ProviderId | undefined): ProviderId => p ?? 'strongswan';
    const site = topology.sites.find(s => s.src.uri === uri && contains(s.src.range, at));
    const tunnel = site ? undefined : topology.tunnels.find(t => [t.a.source?.statement, t.b.source?.statement]
        .some(src => src !== undefined && src.uri === uri && contains(src.range, at)));
    const providers = [...new Set(
        site ? [providerOf(site.provider)]
            : tunnel ? [providerOf(tunnel.a.site.provider), providerOf(tunnel.b.site.provider)]
                : topologyProviders(topology),
    )];
    const names = messages('en').providerName;
    const action = (title: string, provider?: ProviderId): CodeAction => ({
        title,
        kind: RUNBOOK_ACTION_KIND,
        command: { title, command: SHOW_RUNBOOK_COMMAND, arguments: provider ? [uri, provider] : [uri] },
    });
    return [
        ...providers.map(p => action(`Generate console steps for ${names[p]}`, p)),
        action('Generate console steps for all providers'),
    ];
}
