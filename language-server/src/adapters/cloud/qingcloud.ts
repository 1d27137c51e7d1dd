/**
 * QingCloud driver: the VPC router's IPsec tunnels through the IaaS API (qingcloud-api.ts).
 *
 * Per QingCloud site (the runbook's steps, runbooks/providers/qingcloud.ts): the VPC router is
 * the one whose public address is the site's `gateway` (Topo does not create routers); per
 * tunnel end a router static of type 7 ("三层 IPsec 隧道", AddRouterStatics; named after the end:
 * `val1` = peer address | key | `%any`, `val2` = local networks, `val3` = target networks,
 * `val4` = `main`), applied with UpdateRouters (a job, polled with DescribeJobs); the router's
 * security group gets rules for UDP 500, UDP 4500 and ESP (AddSecurityGroupRules, then
 * ApplySecurityGroup). The API documents `val1` as "remote IP | cipher (optional) | key |
 * device id" but its example has three fields; Topo sends the example's form (no cipher: the
 * router then negotiates, "自动匹配、自动协商").
 * DescribeRouterStatics returns `val1` with the key in clear text: it is cut out of every answer
 * before anything else sees it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Site, Topology } from '../../model/types.js';
import { settingsOf } from '../../resolve/index.js';
import { type CloudCall, CloudError, CredentialError, type DesiredResource, type Driver, type ErrorClass, type Found, type Json, join, ref, secret, sleep } from './core.js';
import { type QcValue, QingCloudApiError, QingCloudClient } from './qingcloud-api.js';

export interface QingCloudOptions {
    topology: string;
    env?: Record<string, string | undefined>;
    pollMs?: number;
    timeoutSeconds?: number;
}

type Obj = Record<string, unknown>;

/** The security group rules an IPsec router needs (the IPsec doc: UDP 500, UDP 4500, ESP). */
const SG_RULES = [
    { name: 'topo-ipsec-udp500', protocol: 'udp', val1: '500', val2: '500' },
    { name: 'topo-ipsec-udp4500', protocol: 'udp', val1: '4500', val2: '4500' },
    { name: 'topo-ipsec-esp', protocol: 'esp' },
] as const;

export class QingCloudDriver implements Driver {
    readonly provider = 'qingcloud' as const;
    private readonly env: Record<string, string | undefined>;
    private client?: QingCloudClient;
    /** Each site's router and security group, found by observe. */
    private readonly routers = new Map<string, { router: string; sg?: string; zone: string; routerApplied?: boolean; sgApplied?: boolean }>();

    constructor(readonly options: QingCloudOptions) {
        this.env = options.env ?? process.env;
    }

    /** QY_ACCESS_KEY_ID / QY_SECRET_ACCESS_KEY, else `qy_access_key_id` / `qy_secret_access_key` in ~/.qingcloud/config.yaml. */
    checkCredentials(): void {
        const id = this.env.QY_ACCESS_KEY_ID, key = this.env.QY_SECRET_ACCESS_KEY;
        let credential = id && key ? { accessKeyId: id, secretAccessKey: key } : undefined;
        const file = path.join(this.env.HOME || os.homedir(), '.qingcloud', 'config.yaml');
        if (!credential) {
            let text = '';
            try { text = fs.readFileSync(file, 'utf8'); } catch { /* none */ }
            const yaml = (k: string) => new RegExp(`^${k}\\s*:\\s*['"]?([^'"\\s#]+)`, 'm').exec(text)?.[1];
            const a = yaml('qy_access_key_id'), s = yaml('qy_secret_access_key');
            if (a && s) credential = { accessKeyId: a, secretAccessKey: s };
        }
        if (!credential) throw new CredentialError(`no QingCloud credential: set QY_ACCESS_KEY_ID and QY_SECRET_ACCESS_KEY, or write qy_access_key_id and qy_secret_access_key in ${file}`);
        // TOPO_QINGCLOUD_API=http://127.0.0.1:PORT sends the calls there (tests)
        this.client = new QingCloudClient(credential, this.env.TOPO_QINGCLOUD_API || 'https://api.qingcloud.com', (this.options.timeoutSeconds ?? 30) * 1000);
    }

    /** One call; the key inside any `val1` is cut out of the answer. */
    async call(zone: string, action: string, params: Record<string, QcValue>): Promise<Obj> {
        if (!this.client) this.checkCredentials();
        try {
            return stripStaticKeys(await this.client!.call(action, zone, params)) as Obj;
        } catch (e) {
            throw toCloudError(action, e);
        }
    }

    desired(_model: Topology, sites: Site[]): { resources: DesiredResource[]; problems: string[] } {
        const resources: DesiredResource[] = [];
        const problems: string[] = [];
        for (const site of sites) {
            const zone = site.region;
            if (!zone) { problems.push(`site ${site.name}: QingCloud needs 'region' (the zone, e.g. pek3)`); continue; }
            if (!site.gateway) { problems.push(`site ${site.name}: QingCloud needs 'gateway' (the VPC router's public address: Topo finds the router by it)`); continue; }
            const router = ref(`qingcloud:router:${site.name}`);
            for (const end of site.ends) {
                const key = `qingcloud:ipsec:${site.name}:${end.name}`;
                const stat = {
                    router_static_name: end.name, static_type: 7,
                    val1: join([ref(`ip:${end.peer.name}`), secret(end.tunnel.name), '%any'], '|'),
                    val2: settingsOf(end).local.value.map(n => n.prefix.text).join('|'), val3: settingsOf(end).remote.value.map(n => n.prefix.text).join('|'), val4: 'main',
                };
                resources.push({
                    key, provider: 'qingcloud', kind: 'ipsec-tunnel', name: end.name, site: site.name, phase: 'tunnel',
                    create: { provider: 'qingcloud', method: 'AddRouterStatics', region: zone, params: { router, statics: [stat] }, then: 'UpdateRouters (applies the rule), DescribeJobs until it is done' },
                    produces: { [`id:${key}`]: 'router_static_id' },
                    remove: f => ({ provider: 'qingcloud', method: 'DeleteRouterStatics', region: zone, params: { router_statics: [f.id] }, then: 'UpdateRouters, DescribeJobs until it is done' }),
                });
            }
            if (site.ends.length) {
                for (const r of SG_RULES) {
                    const key = `qingcloud:sg-rule:${site.name}:${r.name}`;
                    const rule: Record<string, Json> = { security_group_rule_name: r.name, protocol: r.protocol, priority: 1, action: 'accept', direction: 0 };
                    if ('val1' in r) { rule.val1 = r.val1; rule.val2 = r.val2; }
                    resources.push({
                        key, provider: 'qingcloud', kind: 'security-group-rule', name: r.name, site: site.name, phase: 'gateway',
                        create: { provider: 'qingcloud', method: 'AddSecurityGroupRules', region: zone, params: { security_group: ref(`qingcloud:sg:${site.name}`), rules: [rule] }, then: 'ApplySecurityGroup, DescribeJobs until it is done' },
                        produces: { [`id:${key}`]: 'security_group_rule_id' },
                        remove: f => ({ provider: 'qingcloud', method: 'DeleteSecurityGroupRules', region: zone, params: { security_group_rules: [f.id] }, then: 'ApplySecurityGroup, DescribeJobs until it is done' }),
                    });
                }
            }
            // changes added but not applied (an interrupted run): UpdateRouters / ApplySecurityGroup again
            for (const [kind, method, param] of [['router-update', 'UpdateRouters', 'routers'], ['security-group-apply', 'ApplySecurityGroup', 'security_group']] as const) {
                const key = `qingcloud:${kind}:${site.name}`;
                const target = ref(kind === 'router-update' ? `qingcloud:router:${site.name}` : `qingcloud:sg:${site.name}`);
                const call: CloudCall = { provider: 'qingcloud', method, region: zone, params: { [param]: param === 'routers' ? [target] : target }, then: 'DescribeJobs until it is done' };
                resources.push({ key, provider: 'qingcloud', kind, name: `${site.name} pending changes`, site: site.name, phase: 'routes', transient: true, create: call, produces: { [`id:${key}`]: 'job_id' }, remove: () => call });
            }
            this.gateways.set(site.name, site.gateway.text.replace(/\/32$/, ''));
        }
        return { resources, problems };
    }

    private readonly gateways = new Map<string, string>();

    async observe(resources: DesiredResource[], journalIds: Set<string>): Promise<{ found: Found[]; facts: Record<string, string>; problems: string[] }> {
        const found: Found[] = [];
        const facts: Record<string, string> = {};
        const problems: string[] = [];
        for (const [site, ip] of this.gateways) {
            const zone = resources.find(r => r.site === site)?.create.region;
            if (!zone) continue;
            const res = await this.call(zone, 'DescribeRouters', { verbose: 1, limit: 100 });
            const router = ((res.router_set as Obj[]) ?? []).find(r => (r.eip as Obj | undefined)?.eip_addr === ip);
            if (!router) { problems.push(`site ${site}: no VPC router with public address ${ip} in QingCloud zone ${zone}`); continue; }
            const id = String(router.router_id);
            const sg = router.security_group_id ? String(router.security_group_id) : undefined;
            this.routers.set(site, { router: id, sg, zone, routerApplied: router.is_applied !== 0 });
            facts[`qingcloud:router:${site}`] = id;
            if (sg) {
                facts[`qingcloud:sg:${site}`] = sg;
                const groups = await this.call(zone, 'DescribeSecurityGroups', { security_groups: [sg] });
                this.routers.get(site)!.sgApplied = ((groups.security_group_set as Obj[]) ?? [])[0]?.is_applied !== 0;
            } else problems.push(`site ${site}: router ${id} has no security group`);
            for (const r of resources.filter(x => x.site === site)) {
                const f = await this.find(r, journalIds);
                if (f) { found.push(f); Object.assign(facts, f.facts); }
            }
        }
        return { found, facts, problems };
    }

    async find(r: DesiredResource, journalIds: Set<string>): Promise<Found | undefined> {
        const where = this.routers.get(r.site);
        if (!where) return undefined;
        if (r.kind === 'router-update' || r.kind === 'security-group-apply') {
            // "found" = nothing pending: nothing to do, and nothing for destroy to remove
            const applied = r.kind === 'router-update' ? where.routerApplied : where.sgApplied;
            return applied ? { key: r.key, id: 'applied', owned: true, facts: {}, matches: () => true } : undefined;
        }
        if (r.kind === 'ipsec-tunnel') {
            const res = await this.call(where.zone, 'DescribeRouterStatics', { router: where.router, static_type: 7, limit: 100 });
            const s = ((res.router_static_set as Obj[]) ?? []).find(x => x.router_static_name === r.name);
            if (!s) return undefined;
            const id = String(s.router_static_id);
            const want = ((r.create.params as Record<string, Json>).statics as Record<string, Json>[])[0];
            return {
                key: r.key, id, owned: journalIds.has(`${r.key}=${id}`), facts: { [`id:${r.key}`]: id },
                // the key is not compared (it is never read back); the peer address and the networks are
                matches: resolve => {
                    const peer = resolve((want.val1 as { $join: Json[] }).$join[0]);
                    return String(s.val1).split('|')[0] === peer && s.val2 === want.val2 && s.val3 === want.val3 && (s.val4 ?? 'main') === want.val4;
                },
            };
        }
        if (!where.sg) return undefined;
        const res = await this.call(where.zone, 'DescribeSecurityGroupRules', { security_group: where.sg, limit: 100 });
        const rule = ((res.security_group_rule_set as Obj[]) ?? []).find(x => x.security_group_rule_name === r.name);
        if (!rule) return undefined;
        const id = String(rule.security_group_rule_id);
        return { key: r.key, id, owned: journalIds.has(`${r.key}=${id}`) || r.name.startsWith('topo-'), facts: { [`id:${r.key}`]: id }, matches: () => true };
    }

    async settle(r: DesiredResource, _found: Found, params: Json): Promise<void> {
        const p = params as Record<string, QcValue>;
        if (r.kind === 'ipsec-tunnel') await this.applyRouter(r.create.region!, String(p.router));
        if (r.kind === 'security-group-rule') await this.applySg(r.create.region!, String(p.security_group));
    }

    async execute(call: CloudCall, params: Json): Promise<Json | undefined> {
        const zone = call.region!;
        const p = params as Record<string, QcValue>;
        switch (call.method) {
            case 'UpdateRouters': {
                await this.applyRouter(zone, String((p.routers as QcValue[])[0]));
                return { job_id: 'done' };
            }
            case 'ApplySecurityGroup': {
                await this.applySg(zone, String(p.security_group));
                return { job_id: 'done' };
            }
            case 'AddRouterStatics': {
                const r = await this.call(zone, call.method, p);
                await this.applyRouter(zone, String(p.router));
                return { router_static_id: String((r.router_statics as string[])[0]) };
            }
            case 'DeleteRouterStatics': {
                const router = [...this.routers.values()].find(x => x.zone === zone)?.router;
                await this.ignoreNotFound(() => this.call(zone, call.method, p));
                if (router) await this.applyRouter(zone, router);
                return undefined;
            }
            case 'AddSecurityGroupRules': {
                const r = await this.call(zone, call.method, p);
                await this.applySg(zone, String(p.security_group));
                return { security_group_rule_id: String((r.security_group_rules as string[])[0]) };
            }
            case 'DeleteSecurityGroupRules': {
                const sg = [...this.routers.values()].find(x => x.zone === zone)?.sg;
                await this.ignoreNotFound(() => this.call(zone, call.method, p));
                if (sg) await this.applySg(zone, sg);
                return undefined;
            }
        }
        throw new CloudError('qingcloud', call.method, 'unsupported', 'no such call', 'other');
    }

    private async ignoreNotFound(f: () => Promise<Obj>): Promise<Obj | undefined> {
        try { return await f(); } catch (e) { if (e instanceof CloudError && e.errorClass === 'not-found') return undefined; throw e; }
    }

    private async applyRouter(zone: string, router: string): Promise<void> {
        const r = await this.call(zone, 'UpdateRouters', { routers: [router] });
        await this.waitJob(zone, String(r.job_id), 'UpdateRouters');
    }

    private async applySg(zone: string, sg: string): Promise<void> {
        const r = await this.call(zone, 'ApplySecurityGroup', { security_group: sg });
        await this.waitJob(zone, String(r.job_id), 'ApplySecurityGroup');
    }

    private async waitJob(zone: string, job: string, method: string): Promise<void> {
        for (let i = 0; i < 120; i++) {
            const r = await this.call(zone, 'DescribeJobs', { jobs: [job] });
            const status = String(((r.job_set as Obj[]) ?? [])[0]?.status ?? '');
            if (status === 'successful') return;
            if (status === 'failed') throw new CloudError('qingcloud', method, 'JobFailed', `job ${job} failed`, 'other');
            await sleep(this.options.pollMs ?? 2000);
        }
        throw new CloudError('qingcloud', method, 'Timeout', `job ${job} did not finish`, 'transient');
    }
}

/** Cuts the key out of every router static's `val1` (`ip|key|id` -> `ip||id`). */
export function stripStaticKeys(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(stripStaticKeys);
    if (v && typeof v === 'object') {
        const o = v as Obj;
        const out: Obj = {};
        for (const [k, x] of Object.entries(o)) out[k] = stripStaticKeys(x);
        if ('router_static_id' in o && Number(o.static_type) === 7 && typeof o.val1 === 'string') {
            const parts = o.val1.split('|');
            out.val1 = [parts[0], ...parts.slice(1, -1).map(() => ''), parts.length > 1 ? parts[parts.length - 1] : ''].join('|');
        }
        return out;
    }
    return v;
}

/** ret_code classes of the API's error code table (1xxx request, 2xxx resource, 5xxx server). */
function toCloudError(action: string, e: unknown): CloudError {
    if (!(e instanceof QingCloudApiError)) return new CloudError('qingcloud', action, 'error', String((e as Error)?.message ?? e).split('\n')[0], 'transient');
    const code = e.retCode;
    let cls: ErrorClass = 'other';
    if (code === 'timeout' || (typeof code === 'number' && (code >= 500 && code < 600 || code >= 5000))) cls = 'transient';
    else if (code === 2500 || code === 2400) cls = 'quota';
    else if (code === 1200 || code === 1400) cls = 'permission';
    else if (code === 2100) cls = 'not-found';
    else if (code === 1100) cls = 'invalid';
    return new CloudError('qingcloud', action, String(code), e.message.split('\n')[0], cls);
}
