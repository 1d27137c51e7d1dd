/**
 * The strongSwan adapter: one swanctl.conf per strongSwan site, loaded into that site's charon
 * through swanctl (vici), then the tunnels initiated and the negotiated SAs compared with the
 * configuration.
 *
 * Work dir layout (one folder per site): `<workdir>/<site>/swanctl.conf` (mode 0600: it holds
 * the keys), `<workdir>/<site>/topo-state.json` (what Topo did last: digests and times, no keys),
 * the empty credential folders swanctl expects next to its file, and by default the charon's
 * vici socket `<workdir>/<site>/charon.vici` (override per site with `viciUris`).
 *
 * Actions, in this order over all sites: write-config, terminate (SAs of connections whose
 * configuration changed), load (`swanctl --load-all`: it also unloads connections and secrets
 * that are not in the file, so give Topo a charon of its own), initiate (one per child; the
 * spoke of a star initiates, or the first written end). Each action is idempotent; observe
 * re-reads reality (list-conns, list-sas, the file on disk) so that a run interrupted at any step
 * is completed by the next one, and a charon that restarted is reloaded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Site, Topology } from '../../model/types.js';
import type { Action, Adapter, ApplyResult, Plan, PlanProblem, Progress, TunnelReport } from '../types.js';
import { planId } from '../common/plan-id.js';
import { DigestKey, SecretSet } from '../common/secrets.js';
import { UnsafePathError, assertWritable, ensureSafeDir, readFileSafely, removeFileSafely, safeDirProblem, writeFileSafely } from '../common/safe-files.js';
import { type ConnectionConfig, type SiteConfig, initiatorOf, renderSiteConfig, siteConfig, strongswanSites } from './render.js';
import { type IkeSa, type LoadedConn, type SwanctlRunner, cleanSwanctlOutput, execRunner, parseListConns, parseListSas, proposalMatches } from './swanctl.js';

export interface StrongswanOptions {
    /** Per-site folders live here. */
    workdir: string;
    /** Site name -> vici URI (default `unix://<workdir>/<site>/charon.vici`). */
    viciUris?: Record<string, string>;
    /** Only this site. */
    site?: string;
    runner?: SwanctlRunner;
    /** Where `psk env VAR` is read (default process.env). */
    env?: Record<string, string | undefined>;
    /** Seconds `swanctl --initiate` waits for an SA (default 20). */
    initiateTimeout?: number;
    /** Public addresses of peer sites the topology does not write, as a cloud adapter reported them (site -> address). */
    peerAddresses?: Record<string, string>;
}

/** The state record kept in `<workdir>/<site>/topo-state.json`. Never holds a key. */
export interface StateRecord {
    adapter: 'strongswan';
    site: string;
    topology?: string;
    /** Keyed digests (HMAC, see common/secrets.ts) of the file Topo last wrote / loaded (the file itself is 0600 next to it). */
    written?: { digest: string; at: string };
    /** `connectionDigests`: per connection, so that a change terminates only the SAs of what changed. `charonSince`: when that charon started. */
    loaded?: { digest: string; at: string; uri: string; connections: string[]; connectionDigests?: Record<string, string>; charonSince?: string };
    initiated?: Record<string, string>;
    lastRun?: { at: string; mode: 'apply' | 'destroy'; ok: boolean; failedAt?: string };
}

export interface SiteObservation {
    site: string;
    dir: string;
    confPath: string;
    uri: string;
    config: SiteConfig;
    /** The file this apply would write (with keys), in memory only. Undefined when a key is missing. */
    rendered?: string;
    digest?: string;
    missingKeys: string[];
    /** Warnings about keys (never the key itself). */
    keyNotes: string[];
    onDiskDigest?: string;
    /** Keyed digest of each connection as this apply would load it. */
    connectionDigests: Record<string, string>;
    record?: StateRecord;
    /** Why Topo must not write into this site's folder (a link, another owner, group-writable...). */
    unsafe?: string;
    /** When the charon started (`swanctl --stats`), to notice a restart. */
    charonSince?: string;
    /** charon's uptime as `swanctl --stats` prints it ("5 seconds"), at most this many seconds. */
    charonUpAtMost?: number;
    reachable: boolean;
    unreachable?: string;
    conns: LoadedConn[];
    sas: IkeSa[];
}

export interface StrongswanState { topology?: string; sites: SiteObservation[]; unknownSite?: string }

const CRED_DIRS = ['x509', 'x509ca', 'x509ocsp', 'x509aa', 'x509ac', 'x509crl', 'pubkey', 'private', 'rsa', 'ecdsa', 'bliss', 'pkcs8', 'pkcs12'];
const EMPTY_CONF = '# no connections: written by topo destroy\nconnections {\n}\nsecrets {\n}\n';

const now = () => new Date().toISOString();

export class StrongswanAdapter implements Adapter<StrongswanState> {
    readonly id = 'strongswan';
    private readonly runner: SwanctlRunner;
    private readonly env: Record<string, string | undefined>;
    /** Keys read at observe time: output of swanctl that contains one is withheld. */
    private readonly secrets = new SecretSet();
    private readonly digestKey: DigestKey;
    /** Rendered files by digest (filled by observe; write-config looks them up). */
    private readonly rendered = new Map<string, string>();
    private readonly observations = new Map<string, SiteObservation>();

    constructor(readonly options: StrongswanOptions) {
        this.runner = options.runner ?? execRunner();
        this.env = options.env ?? process.env;
        this.digestKey = new DigestKey(path.resolve(options.workdir));
    }

    siteDir(site: string): string { return path.resolve(this.options.workdir, site); }
    uriOf(site: string): string { return this.options.viciUris?.[site] ?? `unix://${path.join(this.siteDir(site), 'charon.vici')}`; }

    /** Text from outside Topo (swanctl's output) as it may be shown: withheld whole when it holds a key. */
    scrub(text: string): string { return this.secrets.scrub(text); }

    private async swanctl(site: string, args: string[], timeoutMs = 15000) {
        const r = await this.runner([...args, '--uri', this.uriOf(site)], timeoutMs);
        return { ...r, stdout: cleanSwanctlOutput(r.stdout), stderr: cleanSwanctlOutput(r.stderr) };
    }

    // ------------------------------------------------------------------------------ observe

    async observe(model: Topology): Promise<StrongswanState> {
        const sites = strongswanSites(model, this.options.site);
        const state: StrongswanState = { topology: model.name, sites: [] };
        if (this.options.site && sites.length === 0) state.unknownSite = this.options.site;
        for (const site of sites) state.sites.push(await this.observeSite(site, model));
        return state;
    }

    private keyOf(c: ConnectionConfig): string | undefined {
        const src = c.psk;
        if (!src) return undefined;
        if (src.kind === 'env') return this.env[src.variable] || undefined;
        const psk = c.end.psk;
        return psk?.kind === 'literal' ? psk.value : undefined;
    }

    private async observeSite(site: Site, model: Topology): Promise<SiteObservation> {
        const dir = this.siteDir(site.name);
        const confPath = path.join(dir, 'swanctl.conf');
        const config = siteConfig(site, model, this.options.peerAddresses);
        const missingKeys: string[] = [];
        const keyNotes: string[] = [];
        for (const c of config.connections) {
            const key = this.keyOf(c);
            if (key === undefined) {
                const src = c.psk;
                missingKeys.push(src?.kind === 'env'
                    ? `tunnel ${c.end.tunnel.name} at ${site.name}: environment variable ${src.variable} is not set${src.implicit ? ` (the tunnel has no 'psk'; Topo reads ${src.variable} then)` : ''}`
                    : `tunnel ${c.end.tunnel.name} at ${site.name}: no pre-shared key`);
            } else {
                this.secrets.add(key);
                if (/^0[xs]/i.test(key)) keyNotes.push(`tunnel ${c.end.tunnel.name} at ${site.name}: the key begins with '${key.slice(0, 2)}', which strongSwan reads as ${/^0x/i.test(key) ? 'hex' : 'base64'}; Topo writes it base64-encoded so it stays the literal text, and a peer configured by hand must do the same`);
            }
        }
        const obs: SiteObservation = {
            site: site.name, dir, confPath, uri: this.uriOf(site.name), config, missingKeys, keyNotes, reachable: false, conns: [], sas: [], connectionDigests: {},
        };
        if (!missingKeys.length) {
            const secret = (c: ConnectionConfig) => this.keyOf(c);
            obs.rendered = renderSiteConfig(config, model, { secret });
            obs.digest = this.digestKey.digest(obs.rendered);
            this.rendered.set(obs.digest, obs.rendered);
            for (const c of config.connections) obs.connectionDigests[c.name] = this.digestKey.digest(renderSiteConfig({ ...config, connections: [c] }, undefined, { secret, header: '' }));
        }
        obs.unsafe = safeDirProblem(dir);
        if (!obs.unsafe) {
            // a link or anything but a regular file where Topo's files belong counts as no file: it is replaced, never followed
            const read = (name: string) => { try { return readFileSafely(dir, name); } catch { return undefined; } };
            const onDisk = read('swanctl.conf');
            if (onDisk !== undefined) obs.onDiskDigest = this.digestKey.digest(onDisk);
            try { const rec = read('topo-state.json'); if (rec !== undefined) obs.record = JSON.parse(rec) as StateRecord; } catch { /* not JSON: no usable record */ }
        }
        const conns = await this.swanctl(site.name, ['--list-conns', '--pretty']);
        if (conns.code === 0) {
            obs.reachable = true;
            obs.conns = parseListConns(conns.stdout);
            const sas = await this.swanctl(site.name, ['--list-sas', '--pretty']);
            if (sas.code === 0) obs.sas = parseListSas(sas.stdout);
            const stats = await this.swanctl(site.name, ['--stats']);
            obs.charonSince = stats.stdout.match(/since (.+?)(,|$)/m)?.[1]?.trim();
            obs.charonUpAtMost = uptimeAtMost(stats.stdout);
        } else {
            obs.unreachable = this.scrub(firstLine(conns.stderr || conns.stdout) || `swanctl exit ${conns.code}`);
        }
        this.observations.set(site.name, obs);
        return obs;
    }

    // ------------------------------------------------------------------------------ plan

    plan(model: Topology, state: StrongswanState): Plan {
        const problems: PlanProblem[] = [];
        const unchanged: string[] = [];
        const writes: Action[] = [], terminates: Action[] = [], loads: Action[] = [], initiates: Action[] = [];
        if (state.unknownSite) problems.push({ severity: 'error', message: `no strongSwan site named ${state.unknownSite} (strongSwan sites: ${strongswanSites(model).map(s => s.name).join(', ') || 'none'})` });
        if (!state.sites.length && !state.unknownSite) problems.push({ severity: 'warning', message: 'the topology has no site with provider strongswan: nothing to apply' });
        /** Tunnels whose SAs this plan terminates or whose configuration it changes at some end: initiated again afterwards. */
        const touched = new Set<string>();
        /** Tunnels whose SAs this plan terminates: brought up again even from a responder when the initiating site is not in the plan. */
        const terminated = new Set<string>();
        const ready = state.sites.filter(o => {
            for (const p of o.config.problems) problems.push({ severity: 'error', site: o.site, message: p });
            for (const k of o.missingKeys) problems.push({ severity: 'error', site: o.site, message: k });
            for (const k of o.keyNotes) problems.push({ severity: 'warning', site: o.site, message: k });
            if (o.unsafe) problems.push({ severity: 'error', site: o.site, message: o.unsafe });
            return !!o.digest && !o.config.problems.length && !o.unsafe;
        });
        for (const o of ready) {
            const conf = o.confPath;
            const nConn = o.config.connections.length;
            if (o.onDiskDigest !== o.digest) {
                writes.push({
                    id: `write-config:${o.site}`, kind: 'write-config', site: o.site,
                    description: `write ${conf} (${nConn} connection${nConn === 1 ? '' : 's'}, ${nConn} secret${nConn === 1 ? '' : 's'})`,
                    reason: o.onDiskDigest ? 'the file differs from the topology' : 'no file yet', data: { digest: o.digest, path: conf, dir: o.dir },
                });
            } else unchanged.push(`${o.site}: ${conf} is up to date`);

            const expected = o.config.connections;
            const expectedNames = new Set(expected.map(c => c.name));
            const loadedNames = new Set(o.conns.map(c => c.name));
            const missingConns = expected.filter(c => {
                const l = o.conns.find(x => x.name === c.name);
                return !l || c.children.some(ch => !l.children.some(x => x.name === ch.name && sameSet(x.local, ch.local) && sameSet(x.remote, ch.remote)));
            });
            const extra = [...loadedNames].filter(n => !expectedNames.has(n));
            const loaded = o.record?.loaded;
            // a charon that has been up for less time than has passed since Topo loaded it has restarted
            const upShorterThanLoad = o.charonUpAtMost !== undefined && loaded !== undefined && o.charonUpAtMost + 1 < (Date.now() - Date.parse(loaded.at)) / 1000;
            const restarted = o.reachable && loaded?.charonSince !== undefined && o.charonSince !== undefined && (!sameCharonStart(loaded.charonSince, o.charonSince) || upShorterThanLoad);
            const changedSinceLoad = loaded !== undefined && loaded.digest !== o.digest;
            let loadReason: string | undefined;
            if (!o.reachable) loadReason = `charon at ${o.uri} is not reachable now (${o.unreachable})`;
            else if (missingConns.length) loadReason = `not loaded in charon as the topology says: ${missingConns.map(c => c.name).join(', ')}`;
            else if (restarted) loadReason = `charon restarted since Topo loaded it (what is loaded now may not be Topo's)`;
            else if (!loaded) loadReason = 'no record that Topo loaded this configuration';
            else if (changedSinceLoad) loadReason = 'the configuration changed since it was loaded';
            else if (extra.length) loadReason = `loaded but not in the topology: ${extra.join(', ')}`;
            // SAs to end: of connections that go away, and of connections whose configuration changed (or is not Topo's)
            const terminating = new Set<string>();
            if (o.reachable) {
                for (const sa of o.sas) {
                    if (terminating.has(sa.name)) continue;
                    const c = expected.find(x => x.name === sa.name);
                    let why: string | undefined;
                    if (!c) why = 'its tunnel is no longer in the topology';
                    else if (loaded && loaded.connectionDigests?.[c.name] !== o.connectionDigests[c.name]) why = 'its configuration changed';
                    else if (restarted || missingConns.includes(c)) why = 'negotiated with a configuration that is not this one';
                    if (!why) continue;
                    terminating.add(sa.name);
                    if (c) { touched.add(c.end.tunnel.name); terminated.add(c.end.tunnel.name); }
                    terminates.push({
                        id: `terminate:${o.site}:${sa.name}`, kind: 'terminate', site: o.site, description: `terminate the SAs of ${sa.name} and check that they are gone`,
                        reason: why, data: { ike: sa.name },
                    });
                }
            }
            if (loadReason) {
                if (o.reachable) for (const c of expected) if (!loaded || loaded.connectionDigests?.[c.name] !== o.connectionDigests[c.name] || restarted || missingConns.includes(c)) touched.add(c.end.tunnel.name);
                loads.push({
                    id: `load:${o.site}`, kind: 'load', site: o.site, description: `load ${conf} into charon ${o.uri} (swanctl --load-all)${extra.length ? `, unloading ${extra.join(', ')}` : ''}`,
                    reason: loadReason, data: { digest: o.digest, path: conf, connections: expected.map(c => c.name), connectionDigests: o.connectionDigests },
                });
            } else unchanged.push(`${o.site}: ${[...loadedNames].filter(n => expectedNames.has(n)).join(', ')} loaded in ${o.uri}`);
        }
        // Initiate every tunnel that is down or that this plan touched, from the end that initiates
        // (or from the end in the plan, when the initiating site is not part of it).
        const inPlan = new Set(ready.map(o => o.site));
        for (const o of ready) {
            for (const c of o.config.connections) {
                const initiator = initiatorOf(c.end);
                const fromHere = c.initiates || (!inPlan.has(initiator.site.name) && terminated.has(c.end.tunnel.name));
                if (!fromHere) continue;
                const tunnelTouched = touched.has(c.end.tunnel.name);
                for (const ch of c.children) {
                    const up = !tunnelTouched && o.sas.some(sa => sa.name === c.name && sa.state === 'ESTABLISHED'
                        && sa.children.some(x => x.name === ch.name && x.state === 'INSTALLED'));
                    if (up) { unchanged.push(`${o.site}: ${c.name}/${ch.name} is established`); continue; }
                    initiates.push({
                        id: `initiate:${o.site}:${ch.name}`, kind: 'initiate', site: o.site,
                        description: `initiate ${c.name} child ${ch.name} (IKEv${c.version} to ${c.end.peer.name} ${c.remoteAddr ?? '?'})`,
                        reason: !o.reachable ? 'charon not reachable now' : tunnelTouched ? 'this plan changes the tunnel' : 'no installed CHILD_SA', data: { ike: c.name, child: ch.name },
                    });
                }
            }
        }
        const actions = [...writes, ...terminates, ...loads, ...initiates];
        return { adapter: this.id, id: planId('apply', actions, problems, ready.map(o => renderSiteConfig(o.config, model))), mode: 'apply', sites: state.sites.map(s => s.site), actions, unchanged, problems };
    }

    planDestroy(model: Topology, state: StrongswanState): Plan {
        const problems: PlanProblem[] = [];
        const unchanged: string[] = [];
        const terminates: Action[] = [], unloads: Action[] = [], removes: Action[] = [];
        if (state.unknownSite) problems.push({ severity: 'error', message: `no strongSwan site named ${state.unknownSite}` });
        for (const o of state.sites) {
            if (o.unsafe) { problems.push({ severity: 'error', site: o.site, message: o.unsafe }); continue; }
            const names = new Set([...o.config.connections.map(c => c.name), ...(o.record?.loaded?.connections ?? [])]);
            if (o.reachable) {
                for (const n of names) {
                    if (!o.sas.some(sa => sa.name === n)) continue;
                    terminates.push({ id: `terminate:${o.site}:${n}`, kind: 'terminate', site: o.site, description: `terminate the SAs of ${n} and check that they are gone`, reason: 'SAs are up', data: { ike: n } });
                }
                const loaded = o.conns.filter(c => names.has(c.name)).map(c => c.name);
                if (loaded.length || o.record?.loaded) {
                    unloads.push({
                        id: `unload:${o.site}`, kind: 'unload', site: o.site, description: `unload ${loaded.join(', ') || 'the connections and secrets Topo loaded'} from ${o.uri}`,
                        reason: loaded.length ? 'connections are loaded' : 'the state record says Topo loaded them', data: { dir: o.dir },
                    });
                } else unchanged.push(`${o.site}: nothing of Topo's is loaded in ${o.uri}`);
            } else if (o.record?.loaded) {
                problems.push({ severity: 'warning', site: o.site, message: `charon at ${o.uri} is not reachable (${o.unreachable}); what it has loaded stays until it restarts` });
            }
            if (o.onDiskDigest !== undefined || o.record) {
                removes.push({ id: `remove-config:${o.site}`, kind: 'remove-config', site: o.site, description: `remove ${o.confPath} and the state record`, reason: 'files of a previous apply', data: { dir: o.dir } });
            }
        }
        const actions = [...terminates, ...unloads, ...removes];
        return { adapter: this.id, id: planId('destroy', actions, problems, []), mode: 'destroy', sites: state.sites.map(s => s.site), actions, unchanged, problems };
    }

    // ------------------------------------------------------------------------------ apply

    private readRecord(site: string): StateRecord | undefined {
        try {
            const text = readFileSafely(this.siteDir(site), 'topo-state.json');
            return text === undefined ? undefined : JSON.parse(text) as StateRecord;
        } catch {
            return undefined; // a link (never followed) or not JSON: replaced by the next write
        }
    }

    private writeRecord(site: string, update: (r: StateRecord) => void, createIfMissing = true): void {
        const existing = this.readRecord(site);
        if (!existing && !createIfMissing) return;
        const r = existing ?? { adapter: 'strongswan', site };
        update(r);
        writeFileSafely(this.siteDir(site), 'topo-state.json', JSON.stringify(r, null, 2) + '\n');
    }

    /**
     * Before anything changes: every folder this plan writes into is safe (see common/safe-files.ts)
     * and writable. Returns one line when it is not.
     */
    private preflight(plan: Plan): string | undefined {
        try {
            const dirs = new Set(plan.actions.filter(a => a.kind !== 'terminate' && a.kind !== 'initiate').map(a => this.siteDir(a.site)));
            if (plan.mode === 'apply') for (const s of plan.sites) if (plan.actions.some(a => a.site === s)) dirs.add(this.siteDir(s));
            if (!dirs.size) return undefined;
            assertWritable(path.resolve(this.options.workdir));
            for (const d of dirs) assertWritable(d);
            this.digestKey.persist();
            return undefined;
        } catch (e) {
            if (e instanceof UnsafePathError) return e.message;
            throw e;
        }
    }

    async apply(plan: Plan, progress: Progress = () => {}): Promise<ApplyResult> {
        const result: ApplyResult = { ok: true, completed: [], softFailures: [], reports: [] };
        const blocking = plan.problems.filter(p => p.severity === 'error');
        const refused = blocking.length ? `the plan has ${blocking.length} problem(s): ${blocking.map(p => p.message).join('; ')}` : this.preflight(plan);
        if (refused) {
            result.ok = false;
            result.refused = refused;
            return result;
        }
        const total = plan.actions.length;
        const recordRun = (ok: boolean, failedAt?: string) => {
            // after a destroy the record is gone on purpose: do not bring it back
            for (const s of plan.sites) {
                try { this.writeRecord(s, r => { r.lastRun = { at: now(), mode: plan.mode, ok, ...(failedAt ? { failedAt } : {}) }; }, plan.mode === 'apply' && plan.actions.some(a => a.site === s)); } catch { /* best effort: the run's outcome is reported anyway */ }
            }
        };
        for (const [i, action] of plan.actions.entries()) {
            const step = i + 1;
            progress({ step, total, phase: 'start', action, message: action.description });
            let outcome: { ok: true; message: string } | { ok: false; soft: boolean; error: string };
            try {
                outcome = await this.execute(action, plan.mode);
            } catch (e) {
                outcome = { ok: false, soft: false, error: e instanceof UnsafePathError ? e.message : `${action.kind} at ${action.site} failed (${e instanceof Error ? e.name : typeof e})` };
            }
            if (outcome.ok) {
                result.completed.push(action.id);
                progress({ step, total, phase: 'done', action, message: outcome.message });
                continue;
            }
            const error = outcome.error;
            progress({ step, total, phase: 'failed', action, message: error });
            if (outcome.soft) { result.softFailures.push({ action, error }); continue; }
            result.ok = false;
            result.failed = { action, error };
            recordRun(false, action.id);
            return result;
        }
        recordRun(result.softFailures.length === 0);
        if (result.softFailures.length) result.ok = false;
        return result;
    }

    /** swanctl's telling lines for a message, withheld when they hold a key. */
    private said(r: { stdout: string; stderr: string }): string {
        return this.scrub(tail(r.stderr || r.stdout));
    }

    private async execute(action: Action, mode: Plan['mode']): Promise<{ ok: true; message: string } | { ok: false; soft: boolean; error: string }> {
        const site = action.site;
        const d = action.data ?? {};
        const dir = this.siteDir(site);
        switch (action.kind) {
            case 'write-config': {
                const text = this.rendered.get(String(d.digest));
                if (text === undefined) return { ok: false, soft: false, error: 'the plan was made elsewhere: run plan again in this process' };
                const file = writeFileSafely(dir, 'swanctl.conf', text);
                // swanctl --file looks for credential folders next to the file: empty ones of Topo's own
                for (const c of CRED_DIRS) ensureSafeDir(path.join(dir, c));
                this.writeRecord(site, r => { r.written = { digest: String(d.digest), at: now() }; });
                return { ok: true, message: `wrote ${file}` };
            }
            case 'terminate': {
                const ike = String(d.ike);
                const r = await this.swanctl(site, ['--terminate', '--ike', ike, '--force', '--timeout', '5']);
                if (r.code !== 0 && !/no matching SAs/i.test(r.stdout + r.stderr)) {
                    return { ok: false, soft: false, error: `swanctl --terminate ${ike} at ${site} failed (exit ${r.code}): ${this.said(r)}` };
                }
                // verify: no IKE SA of that name is left
                for (let i = 0; i < 20; i++) {
                    const sas = await this.swanctl(site, ['--list-sas', '--pretty']);
                    if (sas.code === 0 && !parseListSas(sas.stdout).some(sa => sa.name === ike)) return { ok: true, message: `terminated ${ike}; no SA of it is left` };
                    await new Promise(res => setTimeout(res, 250));
                }
                return { ok: false, soft: false, error: `the SAs of ${ike} at ${site} are still there after swanctl --terminate` };
            }
            case 'load': {
                const file = String(d.path);
                const onDisk = readFileSafely(dir, 'swanctl.conf');
                if (onDisk === undefined || this.digestKey.digest(onDisk) !== d.digest) return { ok: false, soft: false, error: `${file} is not the file this plan loads (changed since planning): run plan again` };
                const r = await this.swanctl(site, ['--load-all', '--noprompt', '--file', file]);
                if (r.code !== 0) return { ok: false, soft: false, error: `swanctl --load-all at ${site} failed (exit ${r.code}): ${this.said(r)}` };
                const stats = await this.swanctl(site, ['--stats']);
                const charonSince = stats.stdout.match(/since (.+?)(,|$)/m)?.[1]?.trim();
                this.writeRecord(site, rec => {
                    rec.loaded = {
                        digest: String(d.digest), at: now(), uri: this.uriOf(site), connections: (d.connections as string[]) ?? [],
                        connectionDigests: (d.connectionDigests as Record<string, string>) ?? {}, ...(charonSince ? { charonSince } : {}),
                    };
                });
                const n = (r.stdout.match(/loaded connection/g) ?? []).length;
                return { ok: true, message: `loaded ${n} connection${n === 1 ? '' : 's'} into ${this.uriOf(site)}` };
            }
            case 'initiate': {
                const t = this.options.initiateTimeout ?? 20;
                const r = await this.swanctl(site, ['--initiate', '--ike', String(d.ike), '--child', String(d.child), '--timeout', String(t)], (t + 10) * 1000);
                if (r.code === 0) {
                    this.writeRecord(site, rec => { (rec.initiated ??= {})[String(d.child)] = now(); });
                    return { ok: true, message: `${String(d.child)} established` };
                }
                const out = `${r.stdout}\n${r.stderr}`;
                const unreachable = /connecting to .* failed|Connection refused|No such file or directory/i.test(r.stderr) && !/establishing/.test(r.stdout);
                return { ok: false, soft: !unreachable, error: `${String(d.child)} at ${site} did not come up: ${this.scrub(failureReason(out))}` };
            }
            case 'unload': {
                const empty = writeFileSafely(dir, 'empty.swanctl.conf', EMPTY_CONF);
                const r = await this.swanctl(site, ['--load-all', '--noprompt', '--file', empty]);
                removeFileSafely(dir, 'empty.swanctl.conf');
                if (r.code !== 0) return { ok: false, soft: false, error: `swanctl --load-all (empty) at ${site} failed (exit ${r.code}): ${this.said(r)}` };
                this.writeRecord(site, rec => { delete rec.loaded; delete rec.initiated; }, false);
                return { ok: true, message: `unloaded Topo's connections and secrets from ${this.uriOf(site)}` };
            }
            case 'remove-config': {
                removeFileSafely(dir, 'swanctl.conf');
                removeFileSafely(dir, 'topo-state.json');
                for (const c of CRED_DIRS) { try { fs.rmdirSync(path.join(dir, c)); } catch { /* not empty or gone */ } }
                return { ok: true, message: `removed ${path.join(dir, 'swanctl.conf')}` };
            }
            default:
                return { ok: false, soft: false, error: `unknown action ${action.kind} (${mode})` };
        }
    }

    // ------------------------------------------------------------------------------ report

    async report(model: Topology): Promise<TunnelReport[]> {
        const out: TunnelReport[] = [];
        for (const site of strongswanSites(model, this.options.site)) {
            const config = siteConfig(site, model, this.options.peerAddresses);
            const r = await this.swanctl(site.name, ['--list-sas', '--pretty']);
            const sas = r.code === 0 ? parseListSas(r.stdout) : [];
            for (const c of config.connections) out.push(reportConnection(c, sas, r.code === 0 ? undefined : `charon at ${this.uriOf(site.name)} not reachable`));
        }
        return out;
    }
}

/** Compares what charon negotiated for one connection with its configuration. */
export function reportConnection(c: ConnectionConfig, sas: IkeSa[], unreachable?: string): TunnelReport {
    const rep: TunnelReport = {
        tunnel: c.end.tunnel.name, name: c.name, site: c.end.site.name, peer: c.end.peer.name, established: false,
        configured: { ike: c.version, ikeProposals: c.ikeProposals, espProposals: c.children[0]?.espProposals ?? [], children: c.children.map(ch => ({ name: ch.name, local: ch.local, remote: ch.remote })) },
        narrowed: [], missingChildren: [], notes: [],
    };
    if (unreachable) { rep.notes.push(unreachable); rep.missingChildren = c.children.map(ch => ch.name); return rep; }
    const candidates = sas.filter(sa => sa.name === c.name);
    const ike = candidates.find(sa => sa.state === 'ESTABLISHED') ?? candidates[0];
    if (!ike) { rep.missingChildren = c.children.map(ch => ch.name); rep.notes.push('no IKE SA'); return rep; }
    const allChildren = candidates.filter(sa => sa.state === 'ESTABLISHED').flatMap(sa => sa.children);
    rep.negotiated = {
        ikeProposal: ike.proposal || undefined,
        children: allChildren.map(ch => ({ name: ch.name, state: ch.state, espProposal: ch.proposal || undefined, local: ch.local, remote: ch.remote })),
    };
    if (ike.state !== 'ESTABLISHED') rep.notes.push(`IKE SA ${ike.state}`);
    let proposalsOk = ike.proposal ? proposalMatches(ike.proposal, c.ikeProposals, 'ike') : true;
    const same = (a: string[], b: string[]) => [...a].sort().join(',') === [...b].sort().join(',');
    for (const ch of c.children) {
        const sa = allChildren.find(x => x.name === ch.name && x.state === 'INSTALLED');
        if (!sa) { rep.missingChildren.push(ch.name); continue; }
        if (sa.proposal && !proposalMatches(sa.proposal, ch.espProposals, 'esp')) proposalsOk = false;
        if (!same(sa.local, ch.local) || !same(sa.remote, ch.remote)) {
            rep.narrowed.push(`${ch.name}: negotiated local ${sa.local.join(',') || '-'} remote ${sa.remote.join(',') || '-'}; configured local ${ch.local.join(',')} remote ${ch.remote.join(',')}`);
        }
    }
    rep.proposalsAsConfigured = proposalsOk;
    rep.established = ike.state === 'ESTABLISHED' && rep.missingChildren.length === 0;
    return rep;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');

function firstLine(s: string): string {
    return s.split('\n').map(l => l.trim()).find(Boolean) ?? '';
}

/** The telling part of swanctl's output: its error lines (not the usage text it prints after some errors). */
function tail(s: string, n = 3): string {
    const lines = s.split('\n').map(l => l.trim()).filter(l => l && !/^(-|usage:|swanctl --)/.test(l) && !/^\S.*\(-.\)/.test(l));
    const errors = lines.filter(l => /connecting to|failed|error|injected|not found|refused|denied/i.test(l));
    return (errors.length ? errors : lines).slice(-n).join(' | ') || 'no output';
}

/** The telling lines of a failed `swanctl --initiate` (notify errors, failures), at most three. */
export function failureReason(out: string): string {
    const lines = out.split('\n').map(l => l.trim()).filter(Boolean);
    const telling = lines.filter(l => /N\((NO_PROP|TS_UNACCEPT|INVAL_ID|AUTH_FAILED|INVAL_KE|INVAL_SYN)|notify error|NO_PROPOSAL|TS_UNACCEPTABLE|AUTHENTICATION_FAILED|INVALID_ID|no proposal|failed|timeout|giving up|retransmit/i.test(l));
    const pick = (telling.length ? telling : lines).slice(-3).map(l => l.replace(/^\[\w+\]\s*/, ''));
    return pick.join(' | ') || 'swanctl --initiate failed';
}

/**
 * Whether two `swanctl --stats` "since" times name the same charon start. charon computes
 * "since" as time(NULL) - (time_monotonic(NULL) - started), from two clocks read at slightly
 * different moments (vici_query.c, stats), so one start can print a second apart from one call
 * to the next: read within 1 s as the same start (a quicker restart is caught by the uptime).
 */
export function sameCharonStart(a: string, b: string): boolean {
    if (a === b) return true;
    const ta = Date.parse(a), tb = Date.parse(b);
    return Number.isFinite(ta) && Number.isFinite(tb) && Math.abs(ta - tb) <= 1000;
}

/** The most seconds charon can have been up, from `uptime: N second|minute|hour|day(s)` (the count is truncated). */
export function uptimeAtMost(stats: string): number | undefined {
    const m = stats.match(/uptime: (\d+) (second|minute|hour|day)s?/);
    if (!m) return undefined;
    const unit = { second: 1, minute: 60, hour: 3600, day: 86400 }[m[2] as 'second'];
    return (Number(m[1]) + 1) * unit;
}
