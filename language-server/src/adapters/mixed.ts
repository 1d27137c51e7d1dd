/**
 * The `all` adapter: one plan, one plan id and one run over every kind of site of a topology,
 * strongSwan gateways and cloud sites (Tencent Cloud, Google Cloud, QingCloud) alike.
 *
 * Order (the runbook's): the cloud steps first, in their own dependency order (gateways and
 * addresses, peers, tunnels, routes), then the strongSwan steps (write, load, initiate), because a
 * self-managed gateway that talks to a cloud site needs that site's public address, which exists
 * only once the cloud gateway is created (the strongSwan end initiates; the cloud end responds).
 * A strongSwan peer address that a cloud step of this plan makes is shown as that step's output;
 * after the cloud steps ran, the strongSwan part is observed and planned again with the addresses
 * the clouds reported, and those steps run. Destroy runs the other way round: the strongSwan
 * gateways let go of their tunnels first, then the cloud resources are deleted.
 */
import type { Topology } from '../model/types.js';
import { isCloudProvider } from './cloud/core.js';
import { CloudAdapter, type CloudOptions, type CloudState } from './cloud/adapter.js';
import { planId } from './common/plan-id.js';
import { StrongswanAdapter, type StrongswanOptions, type StrongswanState } from './strongswan/adapter.js';
import { strongswanSites } from './strongswan/render.js';
import type { Action, Adapter, ApplyResult, Plan, Progress, TunnelReport } from './types.js';

export interface MixedState {
    cloud?: CloudState;
    strongswan?: StrongswanState;
    /** Cloud sites whose public address a step of the cloud plan makes: site -> 1-based step. */
    pending: Record<string, number>;
}

/** What one plan of the `all` adapter is made of. */
interface Parts { cloud?: Plan; strongswan?: Plan; pending: Record<string, number> }

/** A peer address not known before the cloud step that makes it: rendered so (strongSwan's "any"), never applied so. */
const NOT_YET = '%any';

export class MixedAdapter implements Adapter<MixedState> {
    readonly id = 'all';
    private cloud?: CloudAdapter;
    private strongswan?: StrongswanAdapter;
    private readonly parts = new Map<string, Parts>();
    private model?: Topology;

    constructor(readonly options: { strongswan: StrongswanOptions; cloud: CloudOptions }) {}

    private isCloud(model: Topology, site: string): boolean {
        const p = model.siteByName.get(site)?.provider;
        return isCloudProvider(p);
    }

    private hasCloudSites(model: Topology): boolean {
        return model.sites.some(s => this.isCloud(model, s.name));
    }

    async observe(model: Topology): Promise<MixedState> {
        this.model = model;
        const only = this.options.strongswan.site ?? this.options.cloud.site;
        const state: MixedState = { pending: {} };
        let addresses: Record<string, string> = {};
        if (this.hasCloudSites(model)) {
            // a strongSwan site alone still reads the clouds (read-only) for its peers' addresses
            const cloudSite = only && this.isCloud(model, only) ? only : undefined;
            this.cloud = new CloudAdapter({ ...this.options.cloud, site: cloudSite });
            const cloudState = await this.cloud.observe(model);
            addresses = this.cloud.addresses();
            if (!only || cloudSite) {
                state.cloud = cloudState;
                const plan = this.cloud.plan(model, cloudState);
                plan.actions.forEach((a, i) => {
                    const key = (a.data as { key?: string } | undefined)?.key;
                    const made = cloudState.resources.find(r => r.key === key)?.produces ?? {};
                    for (const fact of Object.keys(made)) if (fact.startsWith('ip:') && a.kind === 'create') state.pending[fact.slice(3)] = i + 1;
                });
            }
        }
        if (strongswanSites(model).length && !(only && this.isCloud(model, only))) {
            const peerAddresses = { ...addresses };
            for (const site of Object.keys(state.pending)) peerAddresses[site] = NOT_YET;
            this.strongswan = new StrongswanAdapter({ ...this.options.strongswan, site: only, peerAddresses });
            state.strongswan = await this.strongswan.observe(model);
        }
        return state;
    }

    plan(model: Topology, state: MixedState): Plan {
        const cloud = state.cloud && this.cloud ? this.cloud.plan(model, state.cloud) : undefined;
        const strongswan = state.strongswan && this.strongswan ? this.strongswan.plan(model, state.strongswan) : undefined;
        if (strongswan) {
            for (const a of strongswan.actions) this.showPending(model, a, state.pending);
        }
        return this.combine('apply', { cloud, strongswan, pending: state.pending }, model);
    }

    planDestroy(model: Topology, state: MixedState): Plan {
        const cloud = state.cloud && this.cloud ? this.cloud.planDestroy(model, state.cloud) : undefined;
        const strongswan = state.strongswan && this.strongswan ? this.strongswan.planDestroy(model, state.strongswan) : undefined;
        return this.combine('destroy', { cloud, strongswan, pending: {} }, model);
    }

    /** A strongSwan step that uses an address a cloud step makes says so (never `%any`). */
    private showPending(model: Topology, a: Action, pending: Record<string, number>): void {
        const site = model.siteByName.get(a.site);
        if (!site) return;
        const peers = [...new Set(site.ends.map(e => e.peer.name).filter(p => p in pending))];
        if (!peers.length) return;
        for (const p of peers) a.description = a.description.replace(`${p} ${NOT_YET})`, `${p} <public address of ${p} from step ${pending[p]}>)`);
        if (a.kind === 'write-config' || a.kind === 'load') {
            a.description += `; peer address${peers.length === 1 ? '' : 'es'} of ${peers.map(p => `${p} from step ${pending[p]}`).join(', ')}`;
        }
    }

    private combine(mode: 'apply' | 'destroy', parts: Parts, model: Topology): Plan {
        // apply: the clouds first (the strongSwan ends need their addresses); destroy: strongSwan first
        const order = mode === 'apply' ? [parts.cloud, parts.strongswan] : [parts.strongswan, parts.cloud];
        const actions = order.flatMap(p => p?.actions ?? []);
        const problems = order.flatMap(p => p?.problems ?? []);
        const unchanged = order.flatMap(p => p?.unchanged ?? []);
        if (!parts.cloud && !parts.strongswan) problems.push({ severity: 'warning', message: 'the topology has no strongSwan, Tencent Cloud, Google Cloud or QingCloud site: nothing to apply' });
        const sites = model.sites.map(s => s.name).filter(s => [parts.cloud, parts.strongswan].some(p => p?.sites.includes(s)));
        const id = planId(mode, actions, problems, [parts.cloud?.id, parts.strongswan?.id]);
        this.parts.set(id, parts);
        return { adapter: this.id, id, mode, sites, actions, unchanged, problems };
    }

    async apply(plan: Plan, progress: Progress = () => {}): Promise<ApplyResult> {
        const parts = this.parts.get(plan.id);
        const result: ApplyResult = { ok: true, completed: [], softFailures: [], reports: [] };
        if (!parts || !this.model) {
            progress({ step: 0, total: plan.actions.length, phase: 'failed', message: 'observe and plan first' });
            return { ...result, ok: false };
        }
        const blocking = plan.problems.filter(p => p.severity === 'error');
        if (blocking.length) {
            progress({ step: 0, total: plan.actions.length, phase: 'failed', message: `the plan has ${blocking.length} problem(s): ${blocking.map(p => p.message).join('; ')}` });
            return { ...result, ok: false };
        }
        const run = async (adapter: Adapter<unknown> | undefined, part: Plan | undefined, offset: number, total: () => number) => {
            if (!adapter || !part || (!part.actions.length && part.mode === 'destroy')) return true;
            const r = await adapter.apply(part, e => progress({ ...e, step: e.step ? e.step + offset : 0, total: total() }));
            result.completed.push(...r.completed);
            result.softFailures.push(...r.softFailures);
            if (r.refused) result.refused = r.refused;
            if (r.failed) result.failed = r.failed;
            if (!r.ok) result.ok = false;
            return r.ok && !r.failed && !r.refused;
        };
        const nCloud = parts.cloud?.actions.length ?? 0;
        if (plan.mode === 'destroy') {
            const nSw = parts.strongswan?.actions.length ?? 0;
            if (!(await run(this.strongswan as Adapter<unknown>, parts.strongswan, 0, () => plan.actions.length))) return result;
            await run(this.cloud as Adapter<unknown>, parts.cloud, nSw, () => plan.actions.length);
            return result;
        }
        if (parts.cloud && nCloud && !(await run(this.cloud as Adapter<unknown>, parts.cloud, 0, () => plan.actions.length))) return result;
        let sw = parts.strongswan;
        if (sw && this.strongswan && this.cloud && (nCloud || Object.keys(parts.pending).length)) {
            // the strongSwan side again, with the addresses the clouds have now
            this.strongswan = new StrongswanAdapter({ ...this.strongswan.options, peerAddresses: this.cloud.addresses() });
            const again = this.strongswan.plan(this.model, await this.strongswan.observe(this.model));
            const blockingNow = again.problems.filter(p => p.severity === 'error');
            if (blockingNow.length) {
                const message = `after the cloud steps, the strongSwan part cannot run: ${blockingNow.map(p => `${p.site ? `${p.site}: ` : ''}${p.message}`).join('; ')}`;
                progress({ step: nCloud, total: nCloud + again.actions.length, phase: 'failed', message });
                result.ok = false;
                result.refused = message;
                return result;
            }
            sw = again;
        }
        if (sw && sw.actions.length) await run(this.strongswan as Adapter<unknown>, sw, nCloud, () => nCloud + sw!.actions.length);
        return result;
    }

    async report(model: Topology): Promise<TunnelReport[]> {
        const out: TunnelReport[] = [];
        if (this.cloud && this.hasCloudSites(model) && !(this.options.cloud.site && !this.isCloud(model, this.options.cloud.site))) out.push(...(await this.cloud.report(model)));
        if (this.strongswan) out.push(...(await this.strongswan.report(model)));
        return out;
    }
}
