/**
 * Tencent Cloud driver: VPC API 2017-03-12 through the official SDK's CommonClient
 * (`tencentcloud-sdk-nodejs-common`; the VPC product package is not on npm).
 *
 * Per Tencent site (the runbook's steps, runbooks/providers/tencent.ts):
 *   VPN gateway `<site>-vpngw` in the VPC whose CIDR is the site's network (or an adopted one),
 *   a customer gateway `<peer>-cgw` per peer (its public address, known once the peer's gateway exists),
 *   a VPN connection per tunnel end (SPD = the end's selectors, IKE and IPsec options in the
 *   API's spelling, identities = the two public addresses; async: DescribeVpcTaskResult),
 *   a route in the VPC's main route table to the VPN gateway for every remote network.
 * Ownership: the gateway and connections carry the tag `topo` = topology and `topo-spec` = a
 * digest of their parameters; customer gateways and routes (whose describe calls return no tags)
 * are Topo's when the journal recorded their creation (routes also by their description).
 * DescribeVpnConnections returns each connection's pre-shared key in clear text: it is dropped
 * from the response before anything else sees it.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import type { Site, Topology, TunnelEnd } from '../../model/types.js';
import { getProfile } from '../../providers/index.js';
import { endCrypto, lifetime, spellSuite } from '../../runbooks/crypto.js';
import { remoteNets } from '../../runbooks/context.js';
import { settingsOf } from '../../resolve/index.js';
import { tencentNames } from '../../runbooks/providers/tencent.js';
import { type CloudCall, CloudError, CredentialError, type DesiredResource, type Driver, type ErrorClass, type Found, type Json, ref, secret, sleep, specDigest } from './core.js';

export interface TencentOptions {
    topology: string;
    env?: Record<string, string | undefined>;
    /** Site name -> existing VPN gateway id to adopt. */
    adopt?: Record<string, string>;
    /** Polling interval for tasks and gateway states (ms). */
    pollMs?: number;
    /** Per-request timeout (s). */
    timeoutSeconds?: number;
}

type Obj = { [k: string]: Json };
const VERSION = '2017-03-12';
const HOST = 'vpc.tencentcloudapi.com';

export class TencentDriver implements Driver {
    readonly provider = 'tencent' as const;
    private readonly env: Record<string, string | undefined>;
    private readonly clients = new Map<string, CommonClient>();
    private credential?: { secretId: string; secretKey: string; token?: string };

    constructor(readonly options: TencentOptions) {
        this.env = options.env ?? process.env;
    }

    /** TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_SESSION_TOKEN), else ~/.tencentcloud/credentials [default]. */
    checkCredentials(): void {
        const id = this.env.TENCENTCLOUD_SECRET_ID, key = this.env.TENCENTCLOUD_SECRET_KEY;
        if (id && key) { this.credential = { secretId: id, secretKey: key, token: this.env.TENCENTCLOUD_SESSION_TOKEN || undefined }; return; }
        const home = this.env.HOME || os.homedir();
        const file = path.join(home, '.tencentcloud', 'credentials');
        let text: string | undefined;
        try { text = fs.readFileSync(file, 'utf8'); } catch { /* none */ }
        const section = text ? iniSection(text, this.env.TENCENTCLOUD_PROFILE || 'default') : undefined;
        if (section?.secret_id && section.secret_key) { this.credential = { secretId: section.secret_id, secretKey: section.secret_key }; return; }
        throw new CredentialError(`no Tencent Cloud credential: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or write secret_id and secret_key under [default] in ${file}`);
    }

    private client(region: string): CommonClient {
        let c = this.clients.get(region);
        if (c) return c;
        if (!this.credential) this.checkCredentials();
        // TOPO_TENCENT_API=http://127.0.0.1:PORT sends the calls there (tests): the host name stays
        // vpc.tencentcloudapi.com because the SDK signs with the endpoint's first label as service.
        const api = this.env.TOPO_TENCENT_API ? new URL(this.env.TOPO_TENCENT_API) : undefined;
        const agent = api ? new http.Agent({ lookup: ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) => o?.all ? cb(null, [{ address: api.hostname, family: 4 }]) : cb(null, api.hostname, 4)) as never }) : undefined;
        c = new CommonClient(api ? `${HOST}:${api.port}` : HOST, VERSION, {
            credential: this.credential!, region,
            profile: { httpProfile: { endpoint: api ? `${HOST}:${api.port}` : HOST, protocol: api ? 'http://' : 'https://', reqTimeout: this.options.timeoutSeconds ?? 30, ...(agent ? { agent } : {}) } },
        });
        this.clients.set(region, c);
        return c;
    }

    /** One API call; errors become CloudErrors; a connection's key is removed from the answer. */
    async call(region: string, action: string, params: Json): Promise<Obj> {
        try {
            const r = await this.client(region).request(action, params as Record<string, unknown>) as Obj;
            return stripKeys(r) as Obj;
        } catch (e) {
            throw toCloudError(action, e);
        }
    }

    // ------------------------------------------------------------------ desired

    desired(model: Topology, sites: Site[]): { resources: DesiredResource[]; problems: string[] } {
        const resources: DesiredResource[] = [];
        const problems: string[] = [];
        /** The tags of a gateway or connection: whose it is, and the digest of its parameters (compared by plan). */
        const tags = (call: Omit<CloudCall, 'params'> & { params: Obj }): { create: CloudCall; digest: string } => {
            const withTopo = { ...call, params: { ...call.params, Tags: [{ Key: 'topo', Value: this.options.topology }] } };
            const digest = specDigest(withTopo);
            return { digest, create: { ...withTopo, params: { ...withTopo.params, Tags: [...(withTopo.params.Tags as Json[]), { Key: 'topo-spec', Value: digest }] } } };
        };
        for (const site of sites) {
            const region = site.region;
            if (!region) { problems.push(`site ${site.name}: Tencent Cloud needs 'region' (e.g. ap-hongkong)`); continue; }
            this.siteCidr.set(site.name, site.networks[0]?.prefix.text ?? '');
            const gwName = tencentNames.gateway(site);
            const gwKey = `tencent:vpngw:${site.name}`;
            const adopted = this.options.adopt?.[site.name];
            resources.push({
                key: gwKey, provider: 'tencent', kind: 'vpn-gateway', name: gwName, site: site.name, phase: 'gateway', adopted,
                ...tags({ provider: 'tencent', method: 'CreateVpnGateway', region, params: { VpcId: ref(`tencent:vpc:${site.name}`), VpnGatewayName: gwName, InternetMaxBandwidthOut: 5, InstanceChargeType: 'POSTPAID_BY_HOUR' } }),
                produces: { [`id:${gwKey}`]: 'VpnGatewayId', [`ip:${site.name}`]: 'PublicIpAddress' },
                remove: f => ({ provider: 'tencent', method: 'DeleteVpnGateway', region, params: { VpnGatewayId: f.id } }),
            });
            const peers: Site[] = [];
            for (const e of site.ends) if (!peers.includes(e.peer)) peers.push(e.peer);
            for (const peer of peers) {
                const cgwKey = `tencent:cgw:${site.name}:${peer.name}`;
                const cgwName = tencentNames.customerGateway(peer);
                resources.push({
                    key: cgwKey, provider: 'tencent', kind: 'customer-gateway', name: cgwName, site: site.name, phase: 'peer',
                    create: { provider: 'tencent', method: 'CreateCustomerGateway', region, params: { CustomerGatewayName: cgwName, IpAddress: ref(`ip:${peer.name}`), Tags: [{ Key: 'topo', Value: this.options.topology }] } },
                    produces: { [`id:${cgwKey}`]: 'CustomerGatewayId' },
                    remove: f => ({ provider: 'tencent', method: 'DeleteCustomerGateway', region, params: { CustomerGatewayId: f.id } }),
                });
            }
            for (const end of site.ends) {
                const conn = this.connection(site, end, region, gwKey, tags, problems);
                if (conn) resources.push(conn);
            }
            const routeTable = `tencent:rtb:${site.name}`;
            const declared = site.routes.filter(r => r.via && (r.via.a.site === site || r.via.b.site === site)).map(r => r.destination.prefix.text);
            const dests = [...new Set([...declared, ...remoteNets(site).map(n => n.prefix.text)])];
            for (const dest of dests) {
                const key = `tencent:route:${site.name}:${dest}`;
                const route: Obj = { DestinationCidrBlock: dest, GatewayType: 'VPN', GatewayId: ref(`id:${gwKey}`), RouteDescription: `topo:${this.options.topology}` };
                resources.push({
                    key, provider: 'tencent', kind: 'route', name: `${dest} -> ${gwName}`, site: site.name, phase: 'routes',
                    create: { provider: 'tencent', method: 'CreateRoutes', region, params: { RouteTableId: ref(routeTable), Routes: [route] } },
                    produces: { [`id:${key}`]: 'RouteId' },
                    remove: f => ({
                        provider: 'tencent', method: 'DeleteRoutes', region,
                        params: { RouteTableId: f.facts.routeTable, Routes: [{ DestinationCidrBlock: dest, GatewayType: 'VPN', GatewayId: f.facts.gateway, RouteId: Number(f.id) }] },
                    }),
                });
            }
        }
        return { resources, problems };
    }

    private connection(site: Site, end: TunnelEnd, region: string, gwKey: string, tags: (c: CloudCall & { params: Obj }) => { create: CloudCall; digest: string }, problems: string[]): DesiredResource | undefined {
        const routing = settingsOf(end).routing.value;
        const profile = getProfile('tencent');
        const c = endCrypto(end);
        if (!c?.ikeSuite || !c.espSuite) { problems.push(`tunnel ${end.tunnel.name} at ${site.name}: the ends share no proposal Tencent Cloud offers (see topo check)`); return undefined; }
        if (routing !== 'policy') { problems.push(`tunnel ${end.tunnel.name} at ${site.name}: routing ${routing} on Tencent Cloud is not applied by Topo yet (only policy, i.e. SPD)`); return undefined; }
        const ike = spellSuite('tencent', 'ike', c.ikeSuite), esp = spellSuite('tencent', 'esp', c.espSuite);
        const missing = [...ike.missing, ...esp.missing];
        if (missing.length) { problems.push(`tunnel ${end.tunnel.name} at ${site.name}: Tencent Cloud does not offer ${missing.join(', ')}`); return undefined; }
        const peer = end.peer.provider;
        const key = `tencent:conn:${site.name}:${end.name}`;
        // one SPD entry per local network, each with every remote network
        const { local, remote } = settingsOf(end);
        const spd: Json[] = local.value.map(l => ({ LocalCidrBlock: l.prefix.text, RemoteCidrBlock: remote.value.map(r => r.prefix.text) }));
        const params: Obj = {
            VpcId: ref(`tencent:vpc:${site.name}`),
            VpnGatewayId: ref(`id:${gwKey}`),
            CustomerGatewayId: ref(`id:tencent:cgw:${site.name}:${end.peer.name}`),
            VpnConnectionName: end.name,
            PreShareKey: secret(end.tunnel.name),
            RouteType: profile.settingSpelling.routing[routing] ?? 'Policy',
            SecurityPolicyDatabases: spd,
            IKEOptionsSpecification: {
                PropoEncryAlgorithm: ike.encryption!, PropoAuthenAlgorithm: (ike.integrity ?? ike.prf)!,
                ExchangeMode: 'MAIN', LocalIdentity: 'ADDRESS', RemoteIdentity: 'ADDRESS',
                LocalAddress: ref(`ip:${site.name}`), RemoteAddress: ref(`ip:${end.peer.name}`),
                DhGroupName: ike.dh!, IKESaLifetimeSeconds: lifetime('tencent', peer, c.ike, 'ike')?.seconds ?? 86400,
                IKEVersion: profile.settingSpelling.ike[c.ike] ?? `IKEV${c.ike}`,
            },
            IPSECOptionsSpecification: {
                EncryptAlgorithm: esp.encryption!, IntegrityAlgorithm: esp.integrity ?? 'SHA',
                IPSECSaLifetimeSeconds: lifetime('tencent', peer, c.ike, 'esp')?.seconds ?? 3600,
                PfsDhGroup: esp.dh ?? profile.settingSpelling.noPfs ?? 'NULL',
            },
        };
        return {
            key, provider: 'tencent', kind: 'vpn-connection', name: end.name, site: site.name, phase: 'tunnel',
            ...tags({ provider: 'tencent', method: 'CreateVpnConnection', region, params }),
            produces: { [`id:${key}`]: 'VpnConnectionId' },
            remove: f => ({ provider: 'tencent', method: 'DeleteVpnConnection', region, params: { VpnGatewayId: f.facts.gateway, VpnConnectionId: f.id } }),
        };
    }

    // ------------------------------------------------------------------ observe

    async observe(resources: DesiredResource[], journalIds: Set<string>): Promise<{ found: Found[]; facts: Record<string, string>; problems: string[] }> {
        const found: Found[] = [];
        const facts: Record<string, string> = {};
        const problems: string[] = [];
        const sites = new Map<string, string>();
        for (const r of resources) if (r.create.region) sites.set(r.site, r.create.region);
        for (const [site, region] of sites) {
            const gw = resources.find(r => r.site === site && r.kind === 'vpn-gateway');
            const cidr = this.siteCidr.get(site);
            const vpcs = await this.call(region, 'DescribeVpcs', { Filters: [{ Name: 'cidr-block', Values: [cidr ?? ''] }] });
            const vpc = ((vpcs.VpcSet as Obj[]) ?? [])[0];
            if (!vpc) { problems.push(`site ${site}: no VPC with CIDR ${cidr} in Tencent Cloud region ${region}`); continue; }
            facts[`tencent:vpc:${site}`] = String(vpc.VpcId);
            const tables = await this.call(region, 'DescribeRouteTables', { Filters: [{ Name: 'vpc-id', Values: [String(vpc.VpcId)] }] });
            const main = ((tables.RouteTableSet as Obj[]) ?? []).find(t => t.Main === true);
            if (main) facts[`tencent:rtb:${site}`] = String(main.RouteTableId);
            else problems.push(`site ${site}: VPC ${String(vpc.VpcId)} has no main route table`);
            for (const r of resources.filter(x => x.site === site)) {
                if (r.kind === 'route') continue;
                const f = await this.find(r, journalIds, undefined, String(vpc.VpcId));
                if (f) { found.push(f); Object.assign(facts, f.facts); }
            }
            if (gw?.adopted && !found.some(f => f.key === gw.key)) problems.push(`site ${site}: the VPN gateway to adopt, ${gw.adopted}, does not exist in ${region}`);
            const gwFound = found.find(f => f.key === `tencent:vpngw:${site}`);
            if (main && gwFound) {
                for (const route of ((main.RouteSet as Obj[]) ?? [])) {
                    if (route.GatewayType !== 'VPN' || route.GatewayId !== gwFound.id) continue;
                    const key = `tencent:route:${site}:${String(route.DestinationCidrBlock)}`;
                    if (!resources.some(r => r.key === key)) continue;
                    const id = String(route.RouteId);
                    found.push({
                        key, id, owned: journalIds.has(`${key}=${id}`) || String(route.RouteDescription ?? '').startsWith(`topo:${this.options.topology}`),
                        facts: { [`id:${key}`]: id, routeTable: String(main.RouteTableId), gateway: gwFound.id },
                        matches: () => true,
                    });
                }
            }
        }
        for (const f of found) if (f.key.startsWith('tencent:conn:') || f.key.startsWith('tencent:route:')) f.facts.gateway ??= facts[`id:tencent:vpngw:${f.key.split(':')[2]}`];
        return { found, facts, problems };
    }

    /** Each site's first network, recorded by desired(): the VPC is found by its CIDR. */
    readonly siteCidr = new Map<string, string>();

    async find(r: DesiredResource, journalIds: Set<string>, params?: Json, vpcId?: string): Promise<Found | undefined> {
        const region = r.create.region!;
        const topoTag = (o: Obj) => ((o.TagSet as Obj[]) ?? []).some(t => t.Key === 'topo' && t.Value === this.options.topology);
        const specTag = (o: Obj) => ((o.TagSet as Obj[]) ?? []).find(t => t.Key === 'topo-spec')?.Value as string | undefined;
        switch (r.kind) {
            case 'vpn-gateway': {
                const q: Obj = r.adopted ? { VpnGatewayIds: [r.adopted] } : { Filters: [{ Name: 'vpn-gateway-name', Values: [r.name] }, ...(vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : [])] };
                const res = await this.call(region, 'DescribeVpnGateways', q).catch(e => { if (r.adopted && e instanceof CloudError && e.errorClass === 'not-found') return {} as Obj; throw e; });
                const g = ((res.VpnGatewaySet as Obj[]) ?? [])[0];
                if (!g) return undefined;
                const id = String(g.VpnGatewayId);
                return {
                    key: r.key, id, owned: !!r.adopted || topoTag(g) || journalIds.has(`${r.key}=${id}`), digest: specTag(g), status: String(g.State ?? ''),
                    facts: { [`id:${r.key}`]: id, ...(g.PublicIpAddress ? { [`ip:${r.site}`]: String(g.PublicIpAddress) } : {}) },
                };
            }
            case 'customer-gateway': {
                const res = await this.call(region, 'DescribeCustomerGateways', { Filters: [{ Name: 'customer-gateway-name', Values: [r.name] }] });
                const g = ((res.CustomerGatewaySet as Obj[]) ?? [])[0];
                if (!g) return undefined;
                const id = String(g.CustomerGatewayId);
                const params = r.create.params as Obj;
                return {
                    key: r.key, id, owned: journalIds.has(`${r.key}=${id}`), facts: { [`id:${r.key}`]: id },
                    matches: resolve => resolve(params.IpAddress) === g.IpAddress,
                };
            }
            case 'vpn-connection': {
                const res = await this.call(region, 'DescribeVpnConnections', { Filters: [{ Name: 'vpn-connection-name', Values: [r.name] }, ...(vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : [])] });
                const c = ((res.VpnConnectionSet as Obj[]) ?? [])[0];
                if (!c) return undefined;
                const id = String(c.VpnConnectionId);
                return {
                    key: r.key, id, owned: topoTag(c) || journalIds.has(`${r.key}=${id}`), digest: specTag(c), status: String(c.NetStatus ?? c.State ?? ''),
                    facts: { [`id:${r.key}`]: id, gateway: String(c.VpnGatewayId) },
                };
            }
            case 'route': {
                // observe() reads routes with their table; this is the look-up after an interrupted CreateRoutes
                const p = params as Obj | undefined;
                const want = (p?.Routes as Obj[] | undefined)?.[0];
                if (!p || !want) return undefined;
                const tables = await this.call(region, 'DescribeRouteTables', { RouteTableIds: [String(p.RouteTableId)] });
                const route = (((tables.RouteTableSet as Obj[]) ?? [])[0]?.RouteSet as Obj[] | undefined ?? []).find(x => x.DestinationCidrBlock === want.DestinationCidrBlock && x.GatewayId === want.GatewayId);
                if (!route) return undefined;
                const id = String(route.RouteId);
                return { key: r.key, id, owned: true, facts: { [`id:${r.key}`]: id, routeTable: String(p.RouteTableId), gateway: String(want.GatewayId) }, matches: () => true };
            }
        }
        return undefined;
    }

    // ------------------------------------------------------------------ execute

    async execute(call: CloudCall, params: Json): Promise<Json | undefined> {
        const region = call.region!;
        const p = params as Obj;
        switch (call.method) {
            case 'CreateVpnGateway': {
                const r = await this.call(region, call.method, params);
                const gw = r.VpnGateway as Obj;
                return await this.waitGateway(region, String(gw.VpnGatewayId));
            }
            case 'CreateCustomerGateway':
                return (await this.call(region, call.method, params)).CustomerGateway;
            case 'CreateVpnConnection': {
                // a gateway created by an interrupted run may still be PENDING
                await this.waitGateway(region, String(p.VpnGatewayId));
                const r = await this.call(region, call.method, params);
                await this.waitTask(region, String(r.RequestId), call.method);
                const conn = r.VpnConnection as Obj | undefined;
                if (conn?.VpnConnectionId) return conn;
                const found = await this.call(region, 'DescribeVpnConnections', { Filters: [{ Name: 'vpn-connection-name', Values: [String(p.VpnConnectionName)] }] });
                return ((found.VpnConnectionSet as Obj[]) ?? [])[0];
            }
            case 'CreateRoutes': {
                await this.call(region, call.method, params);
                const route = (p.Routes as Obj[])[0];
                const tables = await this.call(region, 'DescribeRouteTables', { RouteTableIds: [String(p.RouteTableId)] });
                const table = ((tables.RouteTableSet as Obj[]) ?? [])[0];
                return ((table?.RouteSet as Obj[]) ?? []).find(x => x.DestinationCidrBlock === route.DestinationCidrBlock && x.GatewayId === route.GatewayId);
            }
            case 'DeleteVpnConnection': {
                const r = await this.ignoreNotFound(() => this.call(region, call.method, params));
                if (r) await this.waitTask(region, String(r.RequestId), call.method);
                return undefined;
            }
            default:
                await this.ignoreNotFound(() => this.call(region, call.method, params));
                return undefined;
        }
    }

    /** Deleting what is already gone is done (a retried or resumed delete). */
    private async ignoreNotFound(f: () => Promise<Obj>): Promise<Obj | undefined> {
        try { return await f(); } catch (e) { if (e instanceof CloudError && e.errorClass === 'not-found') return undefined; throw e; }
    }

    private async waitGateway(region: string, id: string): Promise<Obj> {
        for (let i = 0; i < 120; i++) {
            const r = await this.call(region, 'DescribeVpnGateways', { VpnGatewayIds: [id] });
            const g = ((r.VpnGatewaySet as Obj[]) ?? [])[0];
            if (g && g.State === 'AVAILABLE') return g;
            await sleep(this.options.pollMs ?? 5000);
        }
        throw new CloudError('tencent', 'CreateVpnGateway', 'Timeout', `VPN gateway ${id} did not become AVAILABLE`, 'transient');
    }

    private async waitTask(region: string, taskId: string, method: string): Promise<void> {
        for (let i = 0; i < 120; i++) {
            const r = await this.call(region, 'DescribeVpcTaskResult', { TaskId: taskId });
            if (r.Status === 'SUCCESS') return;
            if (r.Status === 'FAILED') throw new CloudError('tencent', method, 'TaskFailed', `task ${taskId}: ${String(r.Output ?? 'failed')}`, 'other');
            await sleep(this.options.pollMs ?? 3000);
        }
        throw new CloudError('tencent', method, 'Timeout', `task ${taskId} did not finish`, 'transient');
    }

    /** The provider's view of each connection (NetStatus). */
    async status(resources: DesiredResource[]): Promise<Map<string, string>> {
        const out = new Map<string, string>();
        for (const r of resources.filter(x => x.kind === 'vpn-connection')) {
            const f = await this.find(r, new Set());
            if (f?.status) out.set(r.key, f.status);
        }
        return out;
    }
}

/** Drops every `PreShareKey` from an answer (DescribeVpnConnections returns it in clear text). */
export function stripKeys(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(stripKeys);
    if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) if (k !== 'PreShareKey') out[k] = stripKeys(x);
        return out;
    }
    return v;
}

function toCloudError(action: string, e: unknown): CloudError {
    const err = e as { code?: string; message?: string; httpCode?: number; name?: string; type?: string };
    const code = err.code ?? (err.httpCode ? `HTTP ${err.httpCode}` : err.name ?? 'Error');
    const message = String(err.message ?? e).split('\n')[0];
    let cls: ErrorClass = 'other';
    if (/^(InternalError|RequestLimitExceeded|ResourceUnavailable|ServiceUnavailable)/.test(code) || (err.httpCode ?? 0) >= 500
        || /timeout|ETIMEDOUT|ECONNRESET|ECONNREFUSED|socket hang up|aborted|network/i.test(`${code} ${message}`)) cls = 'transient';
    if (/^LimitExceeded|QuotaLimit|^ResourceInsufficient/.test(code)) cls = 'quota';
    if (/^AuthFailure|^UnauthorizedOperation/.test(code)) cls = 'permission';
    if (/^ResourceNotFound|^InvalidParameterValue\.NotFound|NotFound$/.test(code)) cls = 'not-found';
    if (/^(InvalidParameter|MissingParameter|UnknownParameter)/.test(code) && cls === 'other') cls = 'invalid';
    return new CloudError('tencent', action, code, message, cls);
}

function iniSection(text: string, name: string): Record<string, string> | undefined {
    let current: string | undefined;
    const out: Record<string, Record<string, string>> = {};
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line || line.startsWith('#') || line.startsWith(';')) continue;
        const sec = /^\[(.+)\]$/.exec(line);
        if (sec) { current = sec[1].trim(); out[current] ??= {}; continue; }
        const kv = /^([^=]+)=(.*)$/.exec(line);
        if (kv && current) out[current][kv[1].trim()] = kv[2].trim();
    }
    return out[name];
}
