/**
 * Hovers: a site (its networks and which sites it reaches through which tunnels), a tunnel
 * (both ends' effective selectors and the crypto it negotiates), a provider (its capability
 * summary), a network, a proposal, and the language's keywords.
 */
import { CstUtils, URI, type ConfigurationProvider, type LangiumDocument, type LangiumDocuments, type MaybePromise, type References, type WorkspaceManager } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import { DiagnosticSeverity, type Hover, type HoverParams, type Range } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { isProviderId } from '../model/types.js';
import { parsePrefix } from '../net/prefix.js';
import type { TopologyService } from '../services/workspace/topology-service.js';
import { describeSite, type ProblemsAt } from '../analyses/describe.js';
import { providerSummaryMarkdown } from './provider-summary.js';
import { readCloudStatus } from '../adapters/cloud/status.js';
import { adapterFolders } from '../adapters/folders.js';
import { isCloudProvider } from '../adapters/cloud/core.js';
import { cloudStatusText, describeProposal, describeTunnelHover } from './hover-content.js';

const KEYWORDS: Record<string, string> = {
    topology: '`topology NAME` — names this topology. Files that name the same topology form one topology and link to each other.',
    site: '`site NAME < properties > [hub SITE]` — a VPC or data centre with its VPN gateway.',
    host: '`host NAME IP in SITE` — a machine used to verify the tunnels (runbooks ping between hosts).',
    tunnel: '`tunnel NAME A -> B < ... >` configures the end at A; `tunnel NAME A <-> B < ... >` both ends at once, mirrored.',
    hub: '`hub SITE` puts this site in the star whose centre is SITE; Topo derives a tunnel from the hub to every spoke with no tunnel written.',
    provider: '`provider ID` — gcp, tencent, qingcloud, aws, azure, alibaba, huawei or strongswan (a self-managed Linux gateway).',
    cidr: "`cidr CIDR, ...` — the site's private networks.",
    gateway: "`gateway IP, ...` — the public address of the site's VPN gateway, or several (AWS's two outside addresses, GCP HA VPN interfaces 0 and 1, Azure active-active instances); may be left out while unknown.",
    'local-gateway': '`local-gateway IP` — which gateway address of the first site this tunnel uses (default: its first). Redundant tunnels between the same two sites each use their own pair of gateway addresses.',
    'remote-gateway': '`remote-gateway IP` — which gateway address of the second site this tunnel uses (default: its first).',
    'behind-nat': "`behind-nat IP, ...` — the site's gateway sits behind NAT: its own (interface) address, with `gateway` as its public address (paired by position). It binds this address and, without `local-id`, presents it as its IKE identity, which the peer does not expect (`nat-identity`).",
    route: '`route CIDR via TUNNEL` — an explicit route-table entry at this site (some providers, e.g. Tencent Cloud, need one).',
    local: "`local CIDR, ...` — traffic selectors on this end's side (default: derived from the sites).",
    remote: '`remote CIDR, ...` — traffic selectors of the far side (default: derived from the sites).',
    ike: '`ike v1` / `ike v2` — the IKE version. IKEv1 is deprecated (RFC 9395).',
    'ike-proposal': '`ike-proposal P, ...` — phase-1 proposals in strongSwan syntax, e.g. `aes256-sha256-modp2048`.',
    'esp-proposal': '`esp-proposal P, ...` — phase-2 proposals, e.g. `aes256-sha256-modp2048` (a DH group here means PFS).',
    psk: '`psk env VAR` — the pre-shared key comes from an environment variable; `psk "..."` writes it into the file (not recommended).',
    routing: '`routing policy | static | bgp` — how traffic is steered into the tunnel.',
    asn: "`asn N` — the site's BGP autonomous system number (AWS Amazon-side ASN, GCP Cloud Router ASN, Azure gateway ASN, the strongSwan site's BGP daemon). Default: the provider's (AWS 64512, Azure 65515, Tencent 64551, Alibaba 45104, Huawei 64512); GCP has none.",
    'local-inside': '`local-inside ADDRESS/LEN` — BGP: the inside (tunnel interface) address of the first site, e.g. `169.254.44.2/30`; both ends use one /30 of 169.254.0.0/16 (an IPv6 /126 where supported).',
    'remote-inside': '`remote-inside ADDRESS/LEN` — BGP: the inside address of the second site (default: the other address of the /30).',
    'ike-lifetime': '`ike-lifetime T` — the IKE SA lifetime: seconds or `480m`, `8h`, `1d` (default: the provider\'s; GCP and QingCloud fix it).',
    'esp-lifetime': '`esp-lifetime T` — the IPsec (child) SA lifetime: seconds or `60m`, `1h` (default: the provider\'s).',
    dpd: '`dpd T` / `dpd off` — dead peer detection: the interval between liveness checks (a timeout on providers that set one).',
    'local-id': '`local-id ID` — the first site\'s IKE identity: an IP address, or a quoted FQDN / user FQDN (default: its gateway address).',
    'remote-id': '`remote-id ID` — the identity the first site expects of the second (default: the second\'s gateway address).',
};

export class TopoHoverProvider implements HoverProvider {
    private readonly references: References;
    private readonly documents: LangiumDocuments;
    private readonly configuration: ConfigurationProvider;
    private readonly workspace: WorkspaceManager;

    constructor(
        services: { references: { References: References }; shared: { workspace: { LangiumDocuments: LangiumDocuments; ConfigurationProvider: ConfigurationProvider; WorkspaceManager: WorkspaceManager } } },
        private readonly topology: TopologyService,
    ) {
        this.references = services.references.References;
        this.documents = services.shared.workspace.LangiumDocuments;
        this.configuration = services.shared.workspace.ConfigurationProvider;
        this.workspace = services.shared.workspace.WorkspaceManager;
    }

    /** The cloud adapters' state folder for a document, by the rule apply uses (adapters/folders.ts). Undefined for a document that is not a file. */
    private async stateDir(document: LangiumDocument): Promise<string | undefined> {
        if (document.uri.scheme !== 'file') return undefined;
        let configured: unknown;
        try { configured = ((await this.configuration.getConfiguration('topo', 'cloud')) as { stateDir?: unknown } | undefined)?.stateDir; } catch { /* no settings */ }
        const folders = (this.workspace.workspaceFolders ?? []).map(f => URI.parse(f.uri).fsPath);
        return adapterFolders(document.uri.fsPath, folders, { stateDir: configured }).stateDir;
    }

    /** The errors and warnings reported exactly on a written value (a network, a property), in any document of the topology. */
    private readonly problemsAt: ProblemsAt = src => {
        const doc = this.documents.getDocument(URI.parse(src.uri));
        const same = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
        return (doc?.diagnostics ?? [])
            .filter(d => (d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning) && same(d.range, src.range))
            .map(d => ({ code: String(d.code), severity: d.severity === DiagnosticSeverity.Error ? 'error' as const : 'warning' as const }));
    };

    getHoverContent(document: LangiumDocument, params: HoverParams): MaybePromise<Hover | undefined> {
        const root = document.parseResult?.value?.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        if (!leaf) return undefined;
        const markdown = this.content(document, leaf);
        if (markdown === undefined) return undefined;
        const hover = (value: string): Hover => ({ contents: { kind: 'markdown', value }, range: leaf.range });
        return typeof markdown === 'string' ? hover(markdown) : markdown.then(hover);
    }

    private content(document: LangiumDocument, leaf: NonNullable<ReturnType<typeof CstUtils.findLeafNodeAtOffset>>): string | Promise<string> | undefined {
        for (const target of this.references.findDeclarations(leaf)) {
            const { topology: t, index } = this.topology.resultFor(document);
            if (ast.isSite(target)) {
                const site = index.site(target);
                if (site) return describeSite(site, t);
            } else if (ast.isTunnel(target)) {
                const end = index.end(target);
                if (end) {
                    const text = describeTunnelHover(end.tunnel, end, this.problemsAt);
                    if (![end.tunnel.a, end.tunnel.b].some(e => isCloudProvider(e.site.provider))) return text;
                    // a cloud end: its status as the cloud reported it after the last apply
                    return this.stateDir(document).then(dir => text + (dir ? cloudStatusText(end.tunnel, readCloudStatus(dir, t)) : ''));
                }
            } else if (ast.isHost(target)) {
                return `**host ${target.name}** \`${target.address?.value ?? ''}\` in site **${target.site?.$refText ?? ''}**`;
            }
        }
        const node = leaf.astNode;
        if (ast.isProviderProperty(node) && node.provider && leaf.text === node.provider) {
            return isProviderId(node.provider) ? providerSummaryMarkdown(node.provider) : undefined;
        }
        if (ast.isCidr(node)) {
            const r = parsePrefix(node.value);
            if (!r.ok) return `\`${node.value}\`: ${r.reason}.`;
            const p = r.prefix;
            const size = p.last - p.first + 1n;
            return `\`${p.text}\` — IPv${p.version}, ${size.toLocaleString('en')} address${size === 1n ? '' : 'es'}`;
        }
        if (ast.isProposal(node)) return describeProposal(node.value, ast.isEspProposalProperty(node.$container) ? 'esp' : 'ike');
        return KEYWORDS[leaf.text] && leaf.grammarSource?.$type === 'Keyword' ? KEYWORDS[leaf.text] : undefined;
    }
}
