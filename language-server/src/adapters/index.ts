/**
 * Adapters by id, and the text forms of plans, progress and reports shared by the CLI and the
 * VS Code client. See ./types.ts for the contract (observe -> plan -> apply; dry run by default).
 */
import type { Topology } from '../model/types.js';
import type { Plan, ProgressEvent, TunnelReport } from './types.js';
import { StrongswanAdapter, type StrongswanOptions } from './strongswan/adapter.js';
import type { CloudOptions } from './cloud/adapter.js';
import type { Adapter } from './types.js';

export * from './types.js';
export { StrongswanAdapter, type StrongswanOptions } from './strongswan/adapter.js';
export { renderSwanctlConf, siteConfig, secretReference, strongswanSites } from './strongswan/render.js';

export type { CloudOptions } from './cloud/adapter.js';
export { CredentialError } from './cloud/core.js';

/**
 * `all` drives every site of the topology in one plan (strongSwan gateways and clouds, see
 * mixed.ts); `cloud` every Tencent Cloud, Google Cloud and QingCloud site; `tencent` / `gcp` /
 * `qingcloud` only that provider's sites.
 */
export const ADAPTER_IDS = ['all', 'strongswan', 'tencent', 'gcp', 'qingcloud', 'cloud'] as const;
export type AdapterId = (typeof ADAPTER_IDS)[number];

/** The cloud SDKs are loaded only when a cloud adapter is used (`topo check` does not pay for them). */
export async function createAdapter(id: AdapterId, options: { strongswan: StrongswanOptions; cloud: CloudOptions }): Promise<Adapter<unknown>> {
    if (id === 'strongswan') return new StrongswanAdapter(options.strongswan) as Adapter<unknown>;
    if (id === 'all') {
        const { MixedAdapter } = await import('./mixed.js');
        return new MixedAdapter(options) as Adapter<unknown>;
    }
    const { CloudAdapter } = await import('./cloud/adapter.js');
    return new CloudAdapter(id === 'cloud' ? options.cloud : { ...options.cloud, providers: [id] }) as Adapter<unknown>;
}

/** The plan as text: numbered actions with their reasons, what is already in place, problems. */
export function formatPlan(plan: Plan): string {
    const out: string[] = [];
    const verb = plan.mode === 'destroy' ? 'destroy' : 'apply';
    out.push(`Plan (${plan.adapter}, ${verb}) for ${plan.sites.length ? plan.sites.join(', ') : 'no site'}: ${plan.actions.length === 0 ? 'nothing to do' : `${plan.actions.length} action${plan.actions.length === 1 ? '' : 's'}`}`);
    plan.actions.forEach((a, i) => out.push(`  ${String(i + 1).padStart(2)}. ${a.kind.padEnd(13)} ${a.site.padEnd(10)} ${a.description}\n      because ${a.reason}`));
    for (const u of plan.unchanged) out.push(`   = ${u}`);
    for (const p of plan.problems) out.push(`  ${p.severity === 'error' ? 'ERROR' : 'warning'}: ${p.site ? `${p.site}: ` : ''}${p.message}`);
    return out.join('\n') + '\n';
}

export function formatProgress(e: ProgressEvent): string {
    const tag = e.phase === 'start' ? '...' : e.phase === 'done' ? 'ok ' : e.phase === 'failed' ? 'FAILED' : 'info';
    const where = e.action ? ` ${e.action.kind} ${e.action.site}` : '';
    return `[${e.step}/${e.total}] ${tag}${where}: ${e.message}`;
}

/** One line per tunnel end: established or not, negotiated proposals and selectors against the configuration. */
export function formatReports(reports: TunnelReport[]): string {
    if (!reports.length) return '';
    const out = ['Tunnels:'];
    for (const r of reports) {
        const state = r.statusUnknown ? 'configured (no status from the provider)' : r.established ? 'ESTABLISHED' : 'NOT ESTABLISHED';
        const neg = r.negotiated;
        const esp = neg?.children.find(c => c.espProposal)?.espProposal;
        const crypto = neg?.ikeProposal ? ` IKEv${r.configured.ike} ${neg.ikeProposal}${esp ? `, ESP ${esp}` : ''}${r.proposalsAsConfigured === false ? ' (NOT among the configured proposals)' : ' (as configured)'}` : '';
        out.push(`  ${r.name} at ${r.site} -> ${r.peer}: ${state}${crypto}`);
        for (const c of neg?.children ?? []) {
            if (c.state !== 'INSTALLED') continue;
            out.push(`      ${c.name}: local ${c.local.join(',')} remote ${c.remote.join(',')}`);
        }
        for (const n of r.narrowed) out.push(`      NARROWED ${n}`);
        if (r.missingChildren.length) out.push(`      not installed: ${r.missingChildren.join(', ')}`);
        for (const n of r.notes) out.push(`      ${n}`);
    }
    return out.join('\n') + '\n';
}

/** A summary of the model for clients that drive an adapter (sites, hosts, which sites must reach each other). */
export function modelSummary(t: Topology) {
    const reach = new Set<string>();
    const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
    for (const tn of t.tunnels) reach.add(key(tn.a.site.name, tn.b.site.name));
    for (const s of t.stars) {
        const all = [s.hub, ...s.spokes];
        for (const x of all) for (const y of all) if (x !== y) reach.add(key(x.name, y.name));
    }
    return {
        name: t.name,
        sites: t.sites.map(s => ({
            name: s.name, provider: s.provider, gateway: s.gateway?.text.replace(/\/(32|128)$/, ''),
            networks: s.networks.map(n => n.prefix.text), hosts: s.hosts.map(h => ({ name: h.name, address: h.address.text.replace(/\/(32|128)$/, '') })),
            localSelectors: [...new Set(s.ends.flatMap(e => e.local.map(n => n.prefix.text)))],
        })),
        reach: [...reach].map(k => k.split('\u0000')),
    };
}
