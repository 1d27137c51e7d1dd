/**
 * The cloud adapter: drives the provider drivers (tencent.ts, gcp.ts) as one plan, in the
 * runbooks' dependency order (every provider's gateways and addresses, then customer/peer
 * gateways, then tunnels, then routes and firewall rules), so that one `topo apply` brings up a
 * Tencent Cloud <-> Google Cloud tunnel although each side needs the other's address.
 *
 * observe: credentials first (a missing one throws CredentialError before any call), then
 * every desired resource is looked up by its deterministic name. plan: missing -> create;
 * found but not Topo's -> a blocking problem (adopt it explicitly or rename); found with other
 * parameters -> delete + create (and so is everything that names it). apply: one call per
 * action, refs resolved from what observe found and what earlier actions created; transient
 * errors (5xx, timeouts, rate limits) are retried a bounded number of times with backoff, and
 * a create whose outcome is unknown is looked up before it is tried again, so nothing is
 * created twice. The journal (`<stateDir>/<topology>.json`, 0600, no keys) records what Topo
 * created (ownership for resources that carry no tag) and each step's outcome.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Site, Topology, TunnelEnd } from '../../model/types.js';
import { endCrypto } from '../../runbooks/crypto.js';
import { settingsOf } from '../../resolve/index.js';
import type { Action, Adapter, ApplyResult, Plan, PlanProblem, Progress, TunnelReport } from '../types.js';
import { planId } from '../common/plan-id.js';
import {
    CLOUD_PROVIDERS, type CloudCall, CloudError, type CloudProviderId, type DesiredResource, type Driver, type Found, type Json, PHASES,
    pathValue, refsOf, showParams, sleep, substitute,
} from './core.js';
import { GcpDriver } from './gcp.js';
import { type CloudEndStatus, journalFile, journalName, statusKey } from './status.js';
import { QingCloudDriver } from './qingcloud.js';
import { TencentDriver } from './tencent.js';

export interface CloudOptions {
    /** Where the journal lives (default `.topo/cloud`). */
    stateDir: string;
    /** Which providers to drive (default: every cloud provider the topology uses). */
    providers?: CloudProviderId[];
    /** Only this site. */
    site?: string;
    env?: Record<string, string | undefined>;
    /** Site name -> existing gateway id to adopt (never changed or deleted by Topo). */
    adopt?: Record<string, string>;
    /** Transient errors: attempts per call (default 4) and the first backoff (ms, default 1000; doubles). */
    attempts?: number;
    backoffMs?: number;
    pollMs?: number;
    timeoutSeconds?: number;
    /** Drivers to use instead of the real ones (tests of the orchestration). */
    drivers?: Driver[];
}

export interface JournalEntry { provider: CloudProviderId; kind: string; name: string; id: string; site: string; at: string }
export interface Journal {
    adapter: 'cloud';
    topology: string;
    /** Resources Topo created, by resource key. */
    created: Record<string, JournalEntry>;
    steps: { at: string; action: string; outcome: 'done' | 'failed'; error?: string }[];
    /** Each managed tunnel end as its cloud last reported it (status.ts; the editor shows it). */
    status?: Record<string, CloudEndStatus>;
    lastRun?: { at: string; mode: 'apply' | 'destroy'; ok: boolean; failedAt?: string };
}

export interface CloudState {
    topology: string;
    resources: DesiredResource[];
    found: Map<string, Found>;
    facts: Record<string, string>;
    problems: PlanProblem[];
    sites: string[];
}

const now = () => new Date().toISOString();

export class CloudAdapter implements Adapter<CloudState> {
    readonly id = 'cloud';
    private readonly env: Record<string, string | undefined>;
    private drivers = new Map<CloudProviderId, Driver>();
    private model?: Topology;
    private state?: CloudState;
    /** Keys read for this run: redacted from everything this adapter passes on. */
    private readonly secrets = new Set<string>();
    /** What the last apply knew at its end (observed facts plus what its steps made). */
    private appliedFacts?: Record<string, string>;

    constructor(readonly options: CloudOptions) {
        this.env = options.env ?? process.env;
    }

    /** The cloud sites this adapter drives, by provider. */
    sitesOf(model: Topology): Map<CloudProviderId, Site[]> {
        const out = new Map<CloudProviderId, Site[]>();
        for (const s of model.sites) {
            const p = s.provider as CloudProviderId | undefined;
            if (!p || !CLOUD_PROVIDERS.includes(p)) continue;
            if (this.options.providers && !this.options.providers.includes(p)) continue;
            if (this.options.site && s.name !== this.options.site) continue;
            out.set(p, [...(out.get(p) ?? []), s]);
        }
        return out;
    }

    private journalPath(topology: string): string {
        return journalFile(this.options.stateDir, topology);
    }

    readJournal(topology: string): Journal {
        try {
            const j = JSON.parse(fs.readFileSync(this.journalPath(topology), 'utf8')) as Journal;
            if (j.adapter === 'cloud') return j;
        } catch { /* none yet */ }
        return { adapter: 'cloud', topology, created: {}, steps: [] };
    }

    private writeJournal(j: Journal): void {
        const file = this.journalPath(j.topology);
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        j.steps = j.steps.slice(-500);
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(j, null, 2) + '\n', { mode: 0o600 });
        fs.renameSync(`${file}.tmp`, file);
    }

    redact(text: string): string {
        let out = text;
        for (const s of this.secrets) if (s) out = out.split(s).join('<redacted>');
        return out;
    }

    private driverFor(p: CloudProviderId, topology: string): Driver {
        const given = this.options.drivers?.find(d => d.provider === p);
        if (given) return given;
        const common = { topology, env: this.env, pollMs: this.options.pollMs, timeoutSeconds: this.options.timeoutSeconds };
        switch (p) {
            case 'tencent': return new TencentDriver({ ...common, adopt: this.options.adopt });
            case 'gcp': return new GcpDriver(common);
            case 'qingcloud': return new QingCloudDriver(common);
        }
    }

    // ------------------------------------------------------------------ observe

    async observe(model: Topology): Promise<CloudState> {
        this.model = model;
        const topology = journalName(model);
        const bySite = this.sitesOf(model);
        // credentials of every provider first: a missing one stops the run before any call
        for (const p of bySite.keys()) {
            const d = this.driverFor(p, topology);
            d.checkCredentials();
            this.drivers.set(p, d);
        }
        const state: CloudState = { topology, resources: [], found: new Map(), facts: {}, problems: [], sites: [...bySite.values()].flat().map(s => s.name) };
        if (this.options.site && !state.sites.length) state.problems.push({ severity: 'error', message: `no cloud site named ${this.options.site}` });
        for (const s of model.sites) if (s.gateway) state.facts[`ip:${s.name}`] = s.gateway.text.replace(/\/(32|128)$/, '');
        const journal = this.readJournal(topology);
        const journalIds = new Set(Object.entries(journal.created).map(([k, e]) => `${k}=${e.id}`));
        for (const [p, sites] of bySite) {
            const d = this.drivers.get(p)!;
            const want = d.desired(model, sites);
            for (const m of want.problems) state.problems.push({ severity: 'error', message: m });
            state.resources.push(...want.resources);
            try {
                const seen = await d.observe(want.resources, journalIds);
                for (const f of seen.found) state.found.set(f.key, f);
                for (const [k, v] of Object.entries(seen.facts)) {
                    const declared = state.facts[k];
                    if (k.startsWith('ip:') && declared && declared !== v) state.problems.push({ severity: 'warning', site: k.slice(3), message: `the topology says gateway ${declared}, ${p} reports ${v}` });
                    state.facts[k] = v;
                }
                for (const m of seen.problems) state.problems.push({ severity: 'error', message: m });
            } catch (e) {
                state.problems.push({ severity: 'error', message: `could not read the current state: ${this.redact(e instanceof Error ? e.message : String(e))}` });
            }
        }
        for (const end of this.managedEnds(model, state)) this.keyOf(end.tunnel.name);
        this.state = state;
        return state;
    }

    private managedEnds(model: Topology, state: CloudState): TunnelEnd[] {
        return model.tunnels.flatMap(t => [t.a, t.b]).filter(e => state.sites.includes(e.site.name));
    }

    /** A tunnel's key from where the topology says (environment variable or the file); remembered for redaction. */
    private keyOf(tunnel: string): string | undefined {
        const t = this.model?.tunnels.find(x => x.name === tunnel);
        if (!t) return undefined;
        for (const end of [t.a, t.b]) {
            const src = settingsOf(end).psk.value;
            const value = src.kind === 'env' ? this.env[src.variable] : end.psk?.kind === 'literal' ? end.psk.value : undefined;
            if (value) { this.secrets.add(value); return value; }
        }
        return undefined;
    }

    private keyLabel(tunnel: string): string {
        const t = this.model?.tunnels.find(x => x.name === tunnel);
        const src = t ? settingsOf(t.a).psk.value : undefined;
        return src?.kind === 'env' ? `key from $${src.variable}` : `key written in tunnel ${tunnel}`;
    }

    // ------------------------------------------------------------------ plan

    plan(model: Topology, state: CloudState): Plan {
        const problems = [...state.problems];
        const unchanged: string[] = [];
        const producer = new Map<string, string>();
        for (const r of state.resources) for (const fact of Object.keys(r.produces)) producer.set(fact, r.key);
        const resolveNow = (v: Json) => substitute(v, f => state.facts[f], () => undefined);
        const create = new Set<string>(), replace = new Set<string>(), patch = new Set<string>();
        for (const r of state.resources) {
            const f = state.found.get(r.key);
            if (r.transient) { if (!f) create.add(r.key); continue; }
            if (!f) { if (r.adopted) continue; create.add(r.key); continue; }
            if (r.adopted) { unchanged.push(`${r.site}: ${r.kind} ${r.adopted} (adopted: Topo does not change or delete it)`); continue; }
            if (!f.owned) {
                problems.push({ severity: 'error', site: r.site, message: `${r.kind} ${r.name} (${f.id}) exists but was not created by Topo for topology ${state.topology}: delete or rename it, or adopt it` });
                continue;
            }
            const same = f.matches ? f.matches(resolveNow) : f.digest !== undefined && f.digest === r.digest;
            if (!same) (r.patchable ? patch : replace).add(r.key);
        }
        // whatever names a replaced or new resource is replaced too (GCP tunnels and routes cannot be patched)
        for (let changed = true; changed;) {
            changed = false;
            for (const r of state.resources) {
                if (replace.has(r.key) || create.has(r.key) || !state.found.has(r.key) || r.adopted || r.transient) continue;
                const deps = [...refsOf(r.create.params).map(f => producer.get(f)), ...(r.dependsOn ?? [])].filter((k): k is string => !!k);
                if (deps.some(k => replace.has(k) || create.has(k))) { replace.add(r.key); patch.delete(r.key); changed = true; }
            }
        }
        const actions: Action[] = [];
        const phaseOf = (r: DesiredResource) => PHASES.indexOf(r.phase);
        const ordered = [...state.resources].sort((a, b) => phaseOf(a) - phaseOf(b));
        for (const r of [...ordered].reverse()) {
            if (!replace.has(r.key)) continue;
            const f = state.found.get(r.key)!;
            actions.push(this.action('delete', r, r.remove(f), `its parameters changed (${r.kind} cannot be changed in place): delete, then create`));
        }
        const stepOf = new Map<string, number>();
        for (const r of ordered) {
            if (create.has(r.key) || replace.has(r.key) || patch.has(r.key)) {
                actions.push(this.action('create', r, r.create, create.has(r.key) ? 'it does not exist' : patch.has(r.key) ? 'its parameters changed: changed in place' : 'replaced with the new parameters'));
                for (const fact of Object.keys(r.produces)) stepOf.set(fact, actions.length);
            } else if (state.found.has(r.key) && !r.adopted && !r.transient) unchanged.push(`${r.site}: ${r.kind} ${r.name} (${state.found.get(r.key)!.id}) is as the topology says`);
        }
        // every value a call needs is known now or made by an earlier step; every key is set
        const stale = (f: string) => producer.has(f) && replace.has(producer.get(f)!);
        for (const [i, a] of actions.entries()) {
            const call = (a.data as { call: CloudCall }).call;
            for (const f of refsOf(call.params)) {
                if ((stepOf.get(f) ?? Infinity) <= i || (f in state.facts && !stale(f))) continue;
                problems.push({ severity: 'error', site: a.site, message: `${call.method} for ${a.site} needs ${describeFact(f)}, which is not known: ${f.startsWith('ip:') ? `give site ${f.slice(3)} a 'gateway' or apply its provider too` : 'observe found nothing'}` });
            }
            for (const t of secretsOf(call.params)) if (this.keyOf(t) === undefined) {
                const end = model.tunnels.find(x => x.name === t);
                const src = end ? settingsOf(end.a).psk.value : undefined;
                problems.push({ severity: 'error', site: a.site, message: `tunnel ${t}: ${src?.kind === 'env' ? `environment variable ${src.variable} is not set` : 'no pre-shared key'}` });
            }
        }
        // the plan shows every call with its values: known facts inline, the rest as the step that makes them
        for (const a of actions) {
            const call = (a.data as { call: CloudCall }).call;
            const shown = showParams(call.params, f => {
                const step = stepOf.get(f);
                const known = state.facts[f];
                if (known !== undefined && !stale(f)) return { known };
                return `${describeFact(f)}${step ? ` from step ${step}` : ''}`;
            }, t => this.keyLabel(t));
            a.description = `${call.provider} ${call.method}${call.region ? ` (${call.region})` : ''} ${shown}${call.then ? `; then ${call.then}` : ''}`;
        }
        if (!state.sites.length && !problems.length) problems.push({ severity: 'warning', message: 'the topology has no Tencent Cloud, Google Cloud or QingCloud site: nothing to apply' });
        const planProblems = dedupe(problems);
        return { adapter: this.id, id: planId('apply', actions, planProblems), mode: 'apply', sites: state.sites, actions, unchanged, problems: planProblems };
    }

    private action(kind: 'create' | 'delete', r: DesiredResource, call: CloudCall, reason: string): Action {
        return { id: `${kind}:${r.key}`, kind, site: r.site, description: '', reason, data: { key: r.key, call: call as unknown as Record<string, unknown> } as Record<string, unknown> };
    }

    planDestroy(model: Topology, state: CloudState): Plan {
        const problems = state.problems.filter(p => !/needs|not set/.test(p.message));
        const actions: Action[] = [];
        const unchanged: string[] = [];
        const ordered = [...state.resources].sort((a, b) => PHASES.indexOf(b.phase) - PHASES.indexOf(a.phase) || state.resources.indexOf(b) - state.resources.indexOf(a));
        for (const r of ordered) {
            const f = state.found.get(r.key);
            if (!f || r.transient) continue;
            if (r.adopted) { unchanged.push(`${r.site}: ${r.kind} ${r.adopted} is adopted: kept`); continue; }
            if (!f.owned) { unchanged.push(`${r.site}: ${r.kind} ${r.name} (${f.id}) is not Topo's: kept`); continue; }
            const call = r.remove(f);
            const a = this.action('delete', r, call, 'Topo created it');
            a.description = `${call.provider} ${call.method}${call.region ? ` (${call.region})` : ''} ${showParams(call.params, f => (state.facts[f] !== undefined ? { known: state.facts[f] } : describeFact(f)), t => this.keyLabel(t))}${call.then ? `; then ${call.then}` : ''}`;
            actions.push(a);
        }
        return { adapter: this.id, id: planId('destroy', actions, problems), mode: 'destroy', sites: state.sites, actions, unchanged, problems };
    }

    // ------------------------------------------------------------------ apply

    async apply(plan: Plan, progress: Progress = () => {}): Promise<ApplyResult> {
        const result: ApplyResult = { ok: true, completed: [], softFailures: [], reports: [] };
        const state = this.state;
        const total = plan.actions.length;
        const blocking = plan.problems.filter(p => p.severity === 'error');
        if (blocking.length || !state) {
            result.ok = false;
            progress({ step: 0, total, phase: 'failed', message: this.redact(state ? `the plan has ${blocking.length} problem(s): ${blocking.map(p => p.message).join('; ')}` : 'observe first') });
            return result;
        }
        const journal = this.readJournal(state.topology);
        const byKey = new Map(state.resources.map(r => [r.key, r]));
        const facts = { ...state.facts };
        this.appliedFacts = facts;
        for (const [i, action] of plan.actions.entries()) {
            const step = i + 1;
            progress({ step, total, phase: 'start', action, message: action.description });
            const { key, call } = action.data as { key: string; call: CloudCall };
            const resource = byKey.get(key)!;
            const driver = this.drivers.get(call.provider)!;
            try {
                const message = await this.run(action.kind as 'create' | 'delete', resource, call, driver, facts, journal);
                result.completed.push(action.id);
                journal.steps.push({ at: now(), action: action.id, outcome: 'done' });
                this.writeJournal(journal);
                progress({ step, total, phase: 'done', action, message: this.redact(message) });
            } catch (e) {
                const error = this.redact(oneLine(e));
                journal.steps.push({ at: now(), action: action.id, outcome: 'failed', error });
                journal.lastRun = { at: now(), mode: plan.mode, ok: false, failedAt: action.id };
                this.writeJournal(journal);
                progress({ step, total, phase: 'failed', action, message: error });
                result.ok = false;
                result.failed = { action, error };
                return result;
            }
        }
        journal.lastRun = { at: now(), mode: plan.mode, ok: true };
        if (plan.mode === 'destroy' && !Object.keys(journal.created).length) {
            fs.rmSync(this.journalPath(state.topology), { force: true });
        } else this.writeJournal(journal);
        return result;
    }

    /** One action with bounded retries; a create whose outcome is unknown is looked up before trying again. */
    private async run(kind: 'create' | 'delete', r: DesiredResource, call: CloudCall, driver: Driver, facts: Record<string, string>, journal: Journal): Promise<string> {
        const missing: string[] = [];
        const params = substitute(call.params, f => facts[f], t => this.keyOf(t), missing);
        if (missing.length) throw new Error(`${call.method}: ${missing.map(describeFact).join(', ')} not known (run topo plan again)`);
        const attempts = this.options.attempts ?? 4;
        const journalIds = new Set(Object.entries(journal.created).map(([k, e]) => `${k}=${e.id}`));
        for (let attempt = 1; ; attempt++) {
            try {
                if (kind === 'create' && attempt > 1) {
                    const found = await driver.find(r, journalIds, params);
                    // a resource changed in place is there before the call: done only when it is as wanted
                    if (found && (!r.patchable || found.matches?.(v => substitute(v, f => facts[f], () => undefined)))) {
                        // recorded as Topo's first: if finishing it fails, the next run still knows it is Topo's
                        const message = this.created(r, found.facts, found.id, facts, journal, 'found after an interrupted call');
                        await driver.settle?.(r, found, params);
                        return message;
                    }
                }
                const logged = this.logRequest(call, facts, attempt);
                let out: Json | undefined;
                try { out = await driver.execute(call, params); } catch (e) { logged?.(e); throw e; }
                logged?.(undefined);
                if (kind === 'delete') {
                    delete journal.created[r.key];
                    for (const f of Object.keys(r.produces)) delete facts[f];
                    return `deleted ${r.kind} ${r.name}`;
                }
                const made: Record<string, string> = {};
                for (const [fact, p] of Object.entries(r.produces)) {
                    const v = pathValue(out ?? null, p);
                    if (v !== undefined) made[fact] = v;
                }
                const id = made[`id:${r.key}`];
                if (id === undefined) throw new CloudError(call.provider, call.method, 'NoResource', `created, but the ${r.kind} could not be read back`, 'transient');
                return this.created(r, made, id, facts, journal, 'created');
            } catch (e) {
                const transient = e instanceof CloudError ? e.errorClass === 'transient' : /timeout|ECONNRESET|socket hang up/i.test(String(e));
                if (!transient || attempt >= attempts) throw e;
                await sleep((this.options.backoffMs ?? 1000) * 2 ** (attempt - 1));
            }
        }
    }

    /**
     * TOPO_CLOUD_REQUEST_LOG=FILE: every call that changes something is appended to FILE as one
     * JSON line (provider, method, region, the parameters as sent with each key replaced by
     * `<redacted>`, then its outcome), so that a run against real accounts can be checked against
     * the fakes' schemas afterwards (test/cloud/request-log.ts). Returns the outcome writer.
     */
    private logRequest(call: CloudCall, facts: Record<string, string>, attempt: number): ((e: unknown) => void) | undefined {
        const file = this.env.TOPO_CLOUD_REQUEST_LOG;
        if (!file) return undefined;
        const params = substitute(call.params, f => facts[f], () => '<redacted>');
        const write = (entry: Record<string, unknown>) => fs.appendFileSync(file, this.redact(JSON.stringify({ at: now(), ...entry })) + '\n', { mode: 0o600 });
        write({ provider: call.provider, method: call.method, region: call.region, attempt, params });
        return e => write({ provider: call.provider, method: call.method, outcome: e === undefined ? 'ok' : 'error', ...(e === undefined ? {} : { error: oneLine(e) }) });
    }

    private created(r: DesiredResource, made: Record<string, string>, id: string, facts: Record<string, string>, journal: Journal, how: string): string {
        Object.assign(facts, made);
        if (r.transient) return `applied the pending changes of ${r.site}`;
        journal.created[r.key] = { provider: r.provider, kind: r.kind, name: r.name, id, site: r.site, at: now() };
        const ip = made[`ip:${r.site}`];
        return `${how} ${r.kind} ${r.name} (${id}${ip ? `, address ${ip}` : ''})`;
    }

    /**
     * The public VPN address of each cloud site as the provider reported it (observe) or as the
     * last apply's steps made it: what a self-managed peer of that site must be configured with.
     */
    addresses(): Record<string, string> {
        const facts = this.appliedFacts ?? this.state?.facts ?? {};
        return Object.fromEntries(Object.entries(facts).filter(([k]) => k.startsWith('ip:')).map(([k, v]) => [k.slice(3), v]));
    }

    // ------------------------------------------------------------------ report

    /** Each managed tunnel end as the cloud reports it (Tencent NetStatus, GCP tunnel status). */
    async report(model: Topology): Promise<TunnelReport[]> {
        const state = await this.observe(model);
        const out: TunnelReport[] = [];
        const statuses: CloudEndStatus[] = [];
        const at = now();
        for (const end of this.managedEnds(model, state)) {
            const key = state.resources.find(r => r.site === end.site.name && r.name === end.name && ['vpn-connection', 'vpn-tunnel', 'ipsec-tunnel'].includes(r.kind))?.key;
            const f = key ? state.found.get(key) : undefined;
            const c = endCrypto(end);
            const statusUnknown = end.site.provider === 'qingcloud' && !!f;
            const status = statusUnknown ? 'no status (its API has none)' : f?.status ?? 'not created';
            out.push({
                tunnel: end.tunnel.name, name: end.name, site: end.site.name, peer: end.peer.name,
                established: status === 'AVAILABLE' || status === 'ESTABLISHED', ...(statusUnknown ? { statusUnknown } : {}),
                configured: { ike: c?.ike ?? 2, ikeProposals: c?.ikeProposals ?? [], espProposals: c?.espProposals ?? [], children: [{ name: end.name, local: end.local.map(n => n.prefix.text), remote: end.remote.map(n => n.prefix.text) }] },
                narrowed: [], missingChildren: [], notes: [`${end.site.provider} reports ${status}`],
            });
            const r = out[out.length - 1];
            statuses.push({ tunnel: r.tunnel, end: r.name, site: r.site, provider: end.site.provider ?? '', status, state: statusUnknown ? 'unknown' : r.established ? 'up' : 'down', at });
        }
        this.recordStatus(state.topology, statuses);
        return out;
    }

    /** What the clouds reported, kept in the journal for the editor (only while Topo has created something). */
    private recordStatus(topology: string, statuses: CloudEndStatus[]): void {
        if (!fs.existsSync(this.journalPath(topology))) return;
        const journal = this.readJournal(topology);
        const status: Record<string, CloudEndStatus> = { ...(journal.status ?? {}) };
        for (const s of statuses) status[statusKey(s.site, s.end)] = s;
        journal.status = status;
        this.writeJournal(journal);
    }
}

function describeFact(f: string): string {
    if (f.startsWith('ip:')) return `public address of ${f.slice(3)}`;
    if (f.startsWith('id:')) return `id of ${f.slice(3).split(':').slice(1).join(' ')}`;
    const [provider, what, site] = f.split(':');
    return `${provider} ${what === 'vpc' ? 'VPC' : what === 'rtb' ? 'route table' : what} of ${site}`;
}

function secretsOf(v: Json, out: string[] = []): string[] {
    if (v === null || typeof v !== 'object') return out;
    if (Array.isArray(v)) { for (const x of v) secretsOf(x, out); return out; }
    if (typeof v.$secret === 'string') { out.push(v.$secret); return out; }
    for (const k of Object.keys(v)) secretsOf(v[k], out);
    return out;
}

function oneLine(e: unknown): string {
    return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

function dedupe(ps: PlanProblem[]): PlanProblem[] {
    const seen = new Set<string>();
    return ps.filter(p => { const k = `${p.severity}${p.site}${p.message}`; if (seen.has(k)) return false; seen.add(k); return true; });
}
