/**
 * Google Cloud driver: Compute Engine v1 through the official client `@googleapis/compute`
 * (the v1 surface only, to keep the bundle small), Classic VPN (policy or route-based tunnels).
 *
 * Per GCP site (the runbook's steps, runbooks/providers/gcp.ts):
 *   the reserved address `<site>-vpn-ip` (its address is the peer address the other clouds need),
 *   the target VPN gateway `<site>-vpn-gw` in the VPC network that has a subnetwork with the
 *   site's CIDR in the site's region, its three forwarding rules (ESP, UDP 500, UDP 4500),
 *   a tunnel per end (peer address, IKE version, selectors, key), a route per remote network
 *   through the tunnel, and the firewall rule `<site>-allow-vpn` that lets the remote networks in.
 * Every mutating call carries a `requestId` (a retry of the same call is not done twice) and
 * waits for its Operation, whose error is checked. Every resource's description is
 * `topo:<topology> spec:<digest>`: that is how Topo knows it is its own and whether it changed.
 * Tunnels and routes cannot be patched: a change is planned as delete + create.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compute_v1 } from '@googleapis/compute/build/v1.js';
import { GoogleAuth } from 'googleapis-common';
import type { Site, Topology, TunnelEnd } from '../../model/types.js';
import { addressText } from '../../net/prefix.js';
import { settingsOf } from '../../resolve/index.js';
import { endCrypto } from '../../runbooks/crypto.js';
import { gcpFirewallSources, gcpHaLayout, gcpNames, gcpRoutedNets } from '../../runbooks/providers/gcp.js';
import { type CloudCall, CloudError, CredentialError, type DesiredResource, type Driver, type ErrorClass, type Found, type Json, pathValue, ref, secret, sleep, specDigest } from './core.js';

export interface GcpOptions {
    topology: string;
    env?: Record<string, string | undefined>;
    pollMs?: number;
    timeoutSeconds?: number;
}

type Obj = { [k: string]: Json };
type AddFn = (kind: string, name: string, phase: DesiredResource['phase'], resource: Obj, dependsOn: string[], produces?: Record<string, string>) => string;

/** The collection of each kind, and whether it lives in a region or globally. */
const COLLECTION: Record<string, { api: string; regional: boolean }> = {
    address: { api: 'addresses', regional: true },
    'target-vpn-gateway': { api: 'targetVpnGateways', regional: true },
    'forwarding-rule': { api: 'forwardingRules', regional: true },
    'vpn-tunnel': { api: 'vpnTunnels', regional: true },
    route: { api: 'routes', regional: false },
    firewall: { api: 'firewalls', regional: false },
    'vpn-gateway': { api: 'vpnGateways', regional: true },
    'external-vpn-gateway': { api: 'externalVpnGateways', regional: false },
    router: { api: 'routers', regional: true },
    'router-bgp': { api: 'routers', regional: true },
};

export class GcpDriver implements Driver {
    readonly provider = 'gcp' as const;
    private readonly env: Record<string, string | undefined>;
    private project = '';
    private keyFile?: string;
    private api?: compute_v1.Compute;

    constructor(readonly options: GcpOptions) {
        this.env = options.env ?? process.env;
    }

    /**
     * Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, else the file
     * `gcloud auth application-default login` writes. The project: GOOGLE_CLOUD_PROJECT (or
     * CLOUDSDK_CORE_PROJECT), else the credential file's project_id / quota_project_id.
     */
    checkCredentials(): void {
        const home = this.env.HOME || os.homedir();
        const wellKnown = path.join(this.env.CLOUDSDK_CONFIG || path.join(home, '.config', 'gcloud'), 'application_default_credentials.json');
        const file = this.env.GOOGLE_APPLICATION_CREDENTIALS || (fs.existsSync(wellKnown) ? wellKnown : undefined);
        if (!file) throw new CredentialError('no Google Cloud credential: set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or run gcloud auth application-default login');
        let json: { project_id?: string; quota_project_id?: string };
        try { json = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof json; } catch (e) {
            throw new CredentialError(`Google Cloud credential file ${file} is not readable JSON (${(e as NodeJS.ErrnoException).code ?? 'invalid'})`);
        }
        const project = this.env.GOOGLE_CLOUD_PROJECT || this.env.CLOUDSDK_CORE_PROJECT || json.project_id || json.quota_project_id;
        if (!project) throw new CredentialError(`no Google Cloud project: set GOOGLE_CLOUD_PROJECT (the credential in ${file} names none)`);
        this.project = project;
        this.keyFile = file;
    }

    private async compute(): Promise<compute_v1.Compute> {
        if (this.api) return this.api;
        if (!this.keyFile) this.checkCredentials();
        // TOPO_GCP_API=http://127.0.0.1:PORT/ sends the calls there (tests)
        const rootUrl = this.env.TOPO_GCP_API || undefined;
        const auth = await new GoogleAuth({ keyFile: this.keyFile, projectId: this.project, scopes: ['https://www.googleapis.com/auth/compute'] }).getClient();
        // a service account signs its own JWT (no token exchange); user credentials are refreshed as usual
        if ('useJWTAccessWithScope' in auth) (auth as { useJWTAccessWithScope?: boolean }).useJWTAccessWithScope = true;
        this.api = new compute_v1.Compute({ auth, ...(rootUrl ? { rootUrl } : {}), retry: false, timeout: (this.options.timeoutSeconds ?? 60) * 1000 } as never);
        return this.api;
    }

    private link(kind: string, region: string | undefined, name: string): string {
        const c = COLLECTION[kind];
        return c.regional ? `projects/${this.project}/regions/${region}/${c.api}/${name}` : `projects/${this.project}/global/${c.api}/${name}`;
    }

    /** The description of every resource: whose it is, and the digest of its parameters (compared by plan). */
    private describe(call: Omit<CloudCall, 'params'> & { params: Obj }): { create: CloudCall; digest: string } {
        const body = { ...(call.params.resource as Obj), description: `topo:${this.options.topology}` };
        const digest = specDigest({ ...call, params: { ...call.params, resource: body } });
        return { digest, create: { ...call, params: { ...call.params, resource: { ...body, description: `topo:${this.options.topology} spec:${digest}` } } } };
    }

    // ------------------------------------------------------------------ desired

    desired(model: Topology, sites: Site[]): { resources: DesiredResource[]; problems: string[] } {
        const resources: DesiredResource[] = [];
        const problems: string[] = [];
        for (const site of sites) {
            const region = site.region;
            if (!region) { problems.push(`site ${site.name}: Google Cloud needs 'region' (e.g. asia-east2)`); continue; }
            this.siteCidr.set(site.name, site.networks[0]?.prefix.text ?? '');
            const classic = site.ends.filter(e => settingsOf(e).routing.value !== 'bgp');
            const ha = site.ends.filter(e => settingsOf(e).routing.value === 'bgp');
            if (!classic.length && !ha.length) continue;
            const network = ref(`gcp:network:${site.name}`);
            const add = (kind: string, name: string, phase: DesiredResource['phase'], resource: Obj, dependsOn: string[], produces: Record<string, string> = {}) => {
                const c = COLLECTION[kind];
                const key = `gcp:${kind}:${name}`;
                const { create: call, digest } = this.describe({ provider: 'gcp', method: `${c.api}.insert`, region: c.regional ? region : 'global', params: { resource } });
                const prior = resources.find(r => r.key === key);
                if (prior) {
                    // a global resource two sites want (the peer gateway of a peer of two GCP sites): one, if they agree
                    if (prior.digest !== digest) problems.push(`${kind} ${name}: sites ${prior.site} and ${site.name} need it with different parameters; give one of the peers another name`);
                    return key;
                }
                resources.push({
                    key, provider: 'gcp', kind, name, site: site.name, phase, create: call, digest, dependsOn,
                    produces: { [`id:${key}`]: 'id', ...produces },
                    remove: () => ({ provider: 'gcp', method: `${c.api}.delete`, region: call.region, params: { name } }),
                });
                return key;
            };
            if (classic.length) this.classic(site, region, classic, network, add, problems);
            if (ha.length) this.ha(site, region, classic.length > 0, network, add, resources, problems);
            const remote = gcpFirewallSources(site).map(n => n.prefix.text);
            if (remote.length) {
                const fw = gcpNames.firewall(site);
                add('firewall', fw, 'routes', { name: fw, network, direction: 'INGRESS', priority: 1000, sourceRanges: remote, allowed: [{ IPProtocol: 'all' }] }, []);
            }
        }
        return { resources, problems };
    }

    /** Classic VPN: reserved address, target VPN gateway, its three forwarding rules, a tunnel per end (peer address, selectors), a route per remote network. */
    private classic(site: Site, region: string, ends: TunnelEnd[], network: Json, add: AddFn, problems: string[]): void {
        const addrName = gcpNames.address(site);
        const gwName = gcpNames.gateway(site);
        const addr = add('address', addrName, 'gateway', { name: addrName, addressType: 'EXTERNAL' }, [], { [`ip:${site.name}`]: 'address' });
        const gw = add('target-vpn-gateway', gwName, 'gateway', { name: gwName, network }, []);
        const gwLink = this.link('target-vpn-gateway', region, gwName);
        const rules = ([['esp', 'ESP', undefined], ['udp500', 'UDP', '500'], ['udp4500', 'UDP', '4500']] as const).map(([suffix, proto, port]) =>
            add('forwarding-rule', `${gwName}-${suffix}`, 'gateway', { name: `${gwName}-${suffix}`, IPProtocol: proto, ...(port ? { portRange: port } : {}), IPAddress: ref(`ip:${site.name}`), target: gwLink }, [addr, gw]));
        for (const end of ends) {
            const c = endCrypto(end);
            if (!c) { problems.push(`tunnel ${end.tunnel.name} at ${site.name}: the ends share no proposal Google Cloud offers (see topo check)`); continue; }
            const policy = settingsOf(end).routing.value === 'policy';
            const tunnel = add('vpn-tunnel', end.name, 'tunnel', {
                name: end.name, targetVpnGateway: gwLink, peerIp: ref(`ip:${end.peer.name}`), ikeVersion: c.ike, sharedSecret: secret(end.tunnel.name),
                localTrafficSelector: policy ? settingsOf(end).local.value.map(n => n.prefix.text) : ['0.0.0.0/0'],
                remoteTrafficSelector: policy ? settingsOf(end).remote.value.map(n => n.prefix.text) : ['0.0.0.0/0'],
            }, [gw, ...rules]);
            for (const r of gcpRoutedNets(end)) {
                const name = `${end.name}-${r.prefix.text.replace(/[./:]/g, '-')}`.toLowerCase().slice(0, 63).replace(/-+$/, '');
                add('route', name, 'routes', { name, network, destRange: r.prefix.text, priority: 1000, nextHopVpnTunnel: this.link('vpn-tunnel', region, end.name) }, [tunnel]);
            }
        }
    }

    /**
     * HA VPN (the runbook's steps, from the same layout: gcpHaLayout): the HA VPN gateway
     * `<site>-ha-vpn-gw` (two interfaces, addresses assigned by Google), a peer (external) VPN
     * gateway `<peer>-peer-gw` per peer with one interface per peer address (redundancy type from
     * their number), the Cloud Router `<site>-router` with the site's ASN, a tunnel per end on its
     * interfaces, then the router's BGP configuration (an interface and a BGP peer per tunnel:
     * inside addresses, peer ASN) set with `routers.patch` once the tunnels exist.
     */
    private ha(site: Site, region: string, hasClassic: boolean, network: Json, add: AddFn, resources: DesiredResource[], problems: string[]): void {
        const layout = gcpHaLayout(site);
        const gwName = gcpNames.haGateway(site);
        const vgw = add('vpn-gateway', gwName, 'gateway', { name: gwName, network, stackType: 'IPV4_ONLY' }, [], {
            [`gcp:ha-ip0:${site.name}`]: 'vpnInterfaces.0.ipAddress', [`gcp:ha-ip1:${site.name}`]: 'vpnInterfaces.1.ipAddress',
            ...(hasClassic ? {} : { [`ip:${site.name}`]: 'vpnInterfaces.0.ipAddress' }),
        });
        const gwLink = this.link('vpn-gateway', region, gwName);
        const peerKeys = new Map<string, string>();
        for (const p of layout.peers) {
            if (!p.redundancy) { problems.push(`site ${site.name}: peer ${p.peer.name} has ${p.interfaces.length} gateway addresses; a Google Cloud peer VPN gateway has 1, 2 or 4 interfaces`); continue; }
            peerKeys.set(p.name, add('external-vpn-gateway', p.name, 'peer', {
                name: p.name, redundancyType: p.redundancy, interfaces: p.interfaces.map(x => ({ id: x.id, ipAddress: x.address ?? ref(`ip:${p.peer.name}`) })),
            }, []));
        }
        const routerName = gcpNames.router(site);
        if (layout.asn === undefined) { problems.push(`site ${site.name}: the Cloud Router needs an ASN: write 'asn N' on the site (Google Cloud has no default; a private ASN 64512-65534 or 4200000000-4294967294)`); return; }
        const router = add('router', routerName, 'peer', { name: routerName, network, bgp: { asn: layout.asn } }, []);
        const routerLink = this.link('router', region, routerName);
        const interfaces: Obj[] = [];
        const bgpPeers: Obj[] = [];
        const tunnels: string[] = [];
        for (const t of layout.tunnels) {
            const end = t.end;
            const c = endCrypto(end);
            if (!c) { problems.push(`tunnel ${end.tunnel.name} at ${site.name}: the ends share no proposal Google Cloud offers (see topo check)`); continue; }
            const peerKey = peerKeys.get(t.peer.name);
            if (!peerKey) continue;
            tunnels.push(add('vpn-tunnel', end.name, 'tunnel', {
                name: end.name, vpnGateway: gwLink, vpnGatewayInterface: t.vpnInterface,
                peerExternalGateway: this.link('external-vpn-gateway', undefined, t.peer.name), peerExternalGatewayInterface: t.peerInterface,
                router: routerLink, ikeVersion: c.ike, sharedSecret: secret(end.tunnel.name),
            }, [vgw, peerKey, router]));
            if (!t.inside || !t.peerInside) { problems.push(`tunnel ${end.tunnel.name}: the Cloud Router's BGP session needs the inside addresses: write local-inside / remote-inside (two addresses of one /30 in 169.254.0.0/16)`); continue; }
            if (t.peerAsn === undefined) { problems.push(`tunnel ${end.tunnel.name}: the Cloud Router's BGP session needs the ASN of ${end.peer.name}: write 'asn N' on that site`); continue; }
            const ifName = gcpName(`${end.name}-if`);
            interfaces.push({ name: ifName, linkedVpnTunnel: this.link('vpn-tunnel', region, end.name), ipRange: `${addressText(t.inside.address)}/${t.inside.network.length}` });
            bgpPeers.push({ name: gcpName(`${end.name}-bgp`), interfaceName: ifName, ipAddress: addressText(t.inside.address), peerIpAddress: addressText(t.peerInside.address), peerAsn: t.peerAsn });
        }
        if (!interfaces.length) return;
        // the router's BGP configuration: set in place (routers.patch), emptied before the tunnels go
        const key = `gcp:router-bgp:${routerName}`;
        const create: CloudCall = { provider: 'gcp', method: 'routers.patch', region, params: { name: routerName, resource: { interfaces, bgpPeers } } };
        resources.push({
            key, provider: 'gcp', kind: 'router-bgp', name: routerName, site: site.name, phase: 'routes', create, patchable: true,
            dependsOn: [router, ...tunnels], produces: { [`id:${key}`]: 'id' },
            remove: () => ({ provider: 'gcp', method: 'routers.patch', region, params: { name: routerName, resource: { interfaces: [], bgpPeers: [] } } }),
        });
    }

    // ------------------------------------------------------------------ observe

    async observe(resources: DesiredResource[], journalIds: Set<string>): Promise<{ found: Found[]; facts: Record<string, string>; problems: string[] }> {
        const found: Found[] = [];
        const facts: Record<string, string> = {};
        const problems: string[] = [];
        const sites = new Map<string, string>();
        for (const r of resources) if (r.create.region && r.create.region !== 'global') sites.set(r.site, r.create.region);
        for (const [site, region] of sites) {
            const cidr = this.siteCidr.get(site);
            const subnets = await this.call('subnetworks.list', async () => (await this.compute()).subnetworks.list({ project: this.project, region }));
            const sub = ((subnets.items as Obj[]) ?? []).find(s => s.ipCidrRange === cidr);
            if (!sub) { problems.push(`site ${site}: no subnetwork with range ${cidr} in Google Cloud region ${region} of project ${this.project}`); continue; }
            facts[`gcp:network:${site}`] = shortLink(String(sub.network));
        }
        for (const r of resources) {
            const f = await this.find(r, journalIds);
            if (f) { found.push(f); Object.assign(facts, f.facts); }
        }
        return { found, facts, problems };
    }

    readonly siteCidr = new Map<string, string>();

    async find(r: DesiredResource, journalIds: Set<string>): Promise<Found | undefined> {
        const c = COLLECTION[r.kind];
        const scope = c.regional ? { project: this.project, region: r.create.region } : { project: this.project };
        let res: Obj;
        try {
            res = await this.call(`${c.api}.get`, async () => (await this.compute() as unknown as Record<string, { get(p: unknown): Promise<{ data: unknown }> }>)[c.api].get({ ...scope, [singular(c.api)]: r.name }));
        } catch (e) {
            if (e instanceof CloudError && e.errorClass === 'not-found') return undefined;
            throw e;
        }
        const desc = String(res.description ?? '');
        const m = /^topo:(\S+)(?: spec:(\w+))?/.exec(desc);
        const id = String(res.id ?? res.name);
        const facts: Record<string, string> = { [`id:${r.key}`]: id };
        for (const [fact, p] of Object.entries(r.produces)) {
            const v = pathValue(res, p);
            if (v !== undefined) facts[fact] = v;
        }
        const owned = m?.[1] === this.options.topology || journalIds.has(`${r.key}=${id}`);
        if (r.kind === 'router-bgp') {
            // the BGP configuration of Topo's router: there when the router has interfaces or BGP peers
            const has = (x: Json | undefined) => Array.isArray(x) && x.length > 0;
            if (!has(res.interfaces) && !has(res.bgpPeers)) return undefined;
            const want = r.create.params as Obj;
            return { key: r.key, id, owned, facts, matches: resolve => sameBgp(res, (resolve(want.resource) as Obj)) };
        }
        return { key: r.key, id, owned, digest: m?.[2], facts, status: res.status === undefined ? undefined : String(res.status) };
    }

    // ------------------------------------------------------------------ execute

    async execute(call: CloudCall, params: Json): Promise<Json | undefined> {
        const [api, verb] = call.method.split('.');
        const regional = call.region !== 'global';
        const scope = regional ? { project: this.project, region: call.region } : { project: this.project };
        const p = params as Obj;
        const coll = (await this.compute() as unknown as Record<string, Record<string, (p: unknown) => Promise<{ data: unknown }>>>)[api];
        const requestId = randomUUID();
        if (verb === 'insert') {
            const resource = p.resource as Obj;
            let op: Obj;
            try {
                op = await this.call(call.method, () => coll.insert({ ...scope, requestId, requestBody: resource }));
            } catch (e) {
                if (!(e instanceof CloudError && e.code.startsWith('409'))) throw e;
                op = {};   // already exists (a retried insert): read it
            }
            if (op.name) await this.waitOperation(call.method, op, regional ? call.region : undefined);
            return await this.call(`${api}.get`, () => coll.get({ ...scope, [singular(api)]: resource.name }));
        }
        if (verb === 'delete') {
            let op: Obj;
            try {
                op = await this.call(call.method, () => coll.delete({ ...scope, requestId, [singular(api)]: p.name }));
            } catch (e) {
                if (e instanceof CloudError && e.errorClass === 'not-found') return undefined;
                throw e;
            }
            await this.waitOperation(call.method, op, regional ? call.region : undefined);
            return undefined;
        }
        if (verb === 'patch') {
            const op = await this.call(call.method, () => coll.patch({ ...scope, requestId, [singular(api)]: p.name, requestBody: p.resource }));
            await this.waitOperation(call.method, op, regional ? call.region : undefined);
            return await this.call(`${api}.get`, () => coll.get({ ...scope, [singular(api)]: p.name }));
        }
        throw new CloudError('gcp', call.method, 'unsupported', 'no such call', 'other');
    }

    private async waitOperation(method: string, first: Obj, region: string | undefined): Promise<void> {
        let op = first;
        for (let i = 0; i < 120 && op.status !== 'DONE'; i++) {
            const name = String(op.name);
            op = region
                ? await this.call('regionOperations.wait', async () => (await this.compute()).regionOperations.wait({ project: this.project, region, operation: name }))
                : await this.call('globalOperations.wait', async () => (await this.compute()).globalOperations.wait({ project: this.project, operation: name }));
            if (op.status !== 'DONE') await sleep(this.options.pollMs ?? 2000);
        }
        if (op.status !== 'DONE') throw new CloudError('gcp', method, 'Timeout', `operation ${String(op.name)} did not finish`, 'transient');
        const errors = ((op.error as Obj | undefined)?.errors as Obj[] | undefined) ?? [];
        if (errors.length) {
            const e = errors[0];
            const code = String(e.code ?? 'OPERATION_ERROR');
            throw new CloudError('gcp', method, code, String(e.message ?? ''), /QUOTA/.test(code) ? 'quota' : /RESOURCE_NOT_READY|INTERNAL|UNAVAILABLE/.test(code) ? 'transient' : 'other');
        }
    }

    private async call(method: string, f: () => Promise<{ data: unknown }>): Promise<Obj> {
        try {
            return (await f()).data as Obj;
        } catch (e) {
            throw toCloudError(method, e);
        }
    }
}

/** Whether a router's interfaces and BGP peers are the ones wanted (the fields Topo sets; links compared by their path). */
function sameBgp(router: Obj, want: Obj): boolean {
    const pick = (list: Json | undefined, fields: string[]) => (Array.isArray(list) ? list : [])
        .map(x => fields.map(f => { const v = (x as Obj)[f]; return f.startsWith('linked') ? shortLink(String(v ?? '')) : String(v ?? ''); }).join('|')).sort().join(',');
    const IF = ['name', 'linkedVpnTunnel', 'ipRange'], PEER = ['name', 'interfaceName', 'ipAddress', 'peerIpAddress', 'peerAsn'];
    return pick(router.interfaces, IF) === pick(want.interfaces, IF) && pick(router.bgpPeers, PEER) === pick(want.bgpPeers, PEER);
}

/** A GCP resource name (RFC 1035: lowercase letters, digits, dashes; at most 63). */
function gcpName(s: string): string {
    return s.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/-+$/, '');
}

/** `vpnTunnels` -> `vpnTunnel` (the path parameter's name), `addresses` -> `address`. */
function singular(api: string): string {
    return api.endsWith('sses') ? api.slice(0, -2) : api.slice(0, -1);
}

/** `https://www.googleapis.com/compute/v1/projects/p/global/networks/n` -> `projects/p/global/networks/n`. */
function shortLink(url: string): string {
    const i = url.indexOf('projects/');
    return i >= 0 ? url.slice(i) : url;
}

function toCloudError(method: string, e: unknown): CloudError {
    const err = e as { status?: number; code?: string | number; message?: string; response?: { status?: number; data?: { error?: { code?: number; message?: string; status?: string; errors?: { reason?: string }[] } } } };
    const status = err.response?.status ?? err.status ?? (typeof err.code === 'number' ? err.code : undefined);
    const body = err.response?.data?.error;
    const reason = body?.errors?.[0]?.reason ?? body?.status ?? '';
    const message = String(body?.message ?? err.message ?? e).split('\n')[0];
    let cls: ErrorClass = 'other';
    if ((status !== undefined && (status >= 500 || status === 429)) || /rateLimitExceeded|backendError/.test(reason)
        || /timeout|ETIMEDOUT|ECONNRESET|ECONNREFUSED|socket hang up|aborted/i.test(`${String(err.code ?? '')} ${message}`)) cls = 'transient';
    if (/quotaExceeded|QUOTA_EXCEEDED/.test(reason) || /quota/i.test(message) && status === 403) cls = 'quota';
    else if (status === 401 || status === 403) cls = 'permission';
    if (status === 404) cls = 'not-found';
    if (status === 400) cls = 'invalid';
    const code = status !== undefined ? `${status}${reason ? ` ${reason}` : ''}` : String(err.code ?? 'error');
    return new CloudError('gcp', method, code, message, cls);
}
