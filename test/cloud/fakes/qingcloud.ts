/**
 * A strict, stateful fake of QingCloud's IaaS API (`GET /iaas/`) on 127.0.0.1.
 *
 * QingCloud publishes no machine-readable API description: the parameter table below is
 * transcribed from its API pages (yunify/qingcloud-docs, content/network/vpc/api/vpc_api/*.md
 * and the security group pages), each parameter with its type and whether it is required. A
 * request with a parameter not in its action's table, without a required one, with a wrong
 * type, without the common parameters, or whose signature (version 1, HMAC-SHA256) does not
 * verify with the test's secret is refused with the API's error codes. It keeps routers (with
 * their public address and security group), router statics (a type-7 IPsec rule is live only
 * after UpdateRouters, as on QingCloud), security group rules and jobs, and returns each
 * static's `val1` with the key in clear text, as the API does.
 */
import * as http from 'node:http';
import { signV1 } from '../../../language-server/src/adapters/cloud/qingcloud-api.js';
import { Faults, type World } from './world.js';

type Kind = 'string' | 'integer';
/** action -> parameter (with `.n` for lists, `.n.field` for list members) -> [type, required]. */
const ACTIONS: Record<string, Record<string, [Kind, boolean]>> = {
    DescribeRouters: { 'routers.n': ['string', false], vpc_network: ['string', false], 'status.n': ['string', false], search_word: ['string', false], 'tags.n': ['string', false], verbose: ['integer', false], offset: ['integer', false], limit: ['integer', false] },
    DescribeRouterStatics: { 'router_statics.n': ['string', false], router: ['string', false], vxnet: ['string', false], static_type: ['integer', false], verbose: ['integer', false], offset: ['integer', false], limit: ['integer', false] },
    AddRouterStatics: {
        router: ['string', true], vxnet: ['string', false], 'statics.n.router_static_name': ['string', false], 'statics.n.static_type': ['integer', true],
        'statics.n.val1': ['string', true], 'statics.n.val2': ['string', false], 'statics.n.val3': ['string', false], 'statics.n.val4': ['string', false], 'statics.n.val5': ['string', false], 'statics.n.val6': ['string', false],
    },
    DeleteRouterStatics: { 'router_statics.n': ['string', true] },
    UpdateRouters: { 'routers.n': ['string', true] },
    DescribeJobs: { 'jobs.n': ['string', false], status: ['string', false], job_action: ['string', false], verbose: ['integer', false], offset: ['integer', false], limit: ['integer', false] },
    DescribeSecurityGroupRules: { security_group: ['string', false], 'security_group_rules.n': ['string', false], direction: ['integer', false], offset: ['integer', false], limit: ['integer', false] },
    AddSecurityGroupRules: {
        security_group: ['string', true], 'rules.n.protocol': ['string', true], 'rules.n.priority': ['integer', true], 'rules.n.security_group_rule_name': ['string', false],
        'rules.n.action': ['string', false], 'rules.n.direction': ['integer', false], 'rules.n.val1': ['string', false], 'rules.n.val2': ['string', false], 'rules.n.val3': ['string', false],
    },
    DeleteSecurityGroupRules: { 'security_group_rules.n': ['string', true] },
    ApplySecurityGroup: { security_group: ['string', true], 'instances.n': ['string', false] },
    DescribeSecurityGroups: { 'security_groups.n': ['string', false], security_group_name: ['string', false], search_word: ['string', false], verbose: ['integer', false], offset: ['integer', false], limit: ['integer', false] },
};
const COMMON = ['action', 'zone', 'access_key_id', 'version', 'signature_method', 'signature_version', 'time_stamp', 'signature'];
/** The values the documents list for a few parameters. */
const VALUES: Record<string, string[]> = {
    'statics.n.val4': ['main', 'aggrmode'],
    'rules.n.protocol': ['tcp', 'udp', 'icmp', 'gre', 'esp', 'ah', 'ipip'],
    'rules.n.action': ['accept', 'drop'],
    'rules.n.direction': ['0', '1'],
};

export interface QingCloudFakeOptions {
    accessKeyId: string;
    secretKey: string;
    world: World;
    routers: { id: string; zone: string; eip: string; sg: string; cidr: string }[];
}

interface Static { router_static_id: string; router_id: string; static_type: number; router_static_name: string; val1: string; val2: string; val3: string; val4: string; applied: boolean }

export class QingCloudFake {
    readonly faults = new Faults();
    readonly calls: { action: string; params: Record<string, string> }[] = [];
    readonly rejected: string[] = [];
    readonly statics = new Map<string, Static>();
    readonly rules = new Map<string, { id: string; sg: string; name: string; protocol: string; val1?: string; applied: boolean }>();
    private readonly jobs = new Map<string, { polls: number; done: () => void }>();
    private server?: http.Server;
    private seq = 0;
    port = 0;

    constructor(readonly options: QingCloudFakeOptions) {}

    get url(): string { return `http://127.0.0.1:${this.port}`; }

    async start(): Promise<void> {
        this.server = http.createServer({ noDelay: true, keepAliveTimeout: 100 }, (req, res) => this.handle(req, res));
        await new Promise<void>(r => this.server!.listen(0, '127.0.0.1', r));
        this.port = (this.server.address() as { port: number }).port;
    }

    async stop(): Promise<void> {
        this.server?.closeAllConnections();
        await new Promise<void>(r => this.server ? this.server.close(() => r()) : r());
    }

    private id(prefix: string): string { return `${prefix}-${(++this.seq).toString(36).padStart(8, '0')}`; }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const action = url.searchParams.get('action') ?? '';
        const send = (body: Record<string, unknown>) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ action: `${action}Response`, ret_code: 0, ...body })); };
        const fail = (code: number, message: string) => { this.rejected.push(`${code} ${message}`); res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ ret_code: code, message })); };
        if (req.method !== 'GET' || url.pathname !== '/iaas/') return fail(1100, `${req.method} ${url.pathname}`);
        const params: Record<string, string> = {};
        for (const [k, v] of url.searchParams) { if (k in params) return fail(1100, `parameter ${k} given twice`); params[k] = v; }
        for (const k of COMMON) if (params[k] === undefined) return fail(1100, `missing common parameter ${k}`);
        if (params.access_key_id !== this.options.accessKeyId) return fail(1200, `unknown access key ${params.access_key_id}`);
        if (params.signature_method !== 'HmacSHA256' || params.signature_version !== '1' || params.version !== '1') return fail(1100, 'signature_method / signature_version / version');
        if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.time_stamp)) return fail(1100, `time_stamp ${params.time_stamp}`);
        const { signature, ...signed } = params;
        if (signV1(signed, this.options.secretKey) !== signature) return fail(1200, 'signature does not match');
        const spec = ACTIONS[action];
        if (!spec) return fail(1100, `action ${action} is not in this fake`);
        const checked = checkParams(action, params);
        if (typeof checked === 'string') return fail(1100, checked);
        const args = checked;
        this.calls.push({ action, params: args });
        const before = this.faults.take(action, 'before');
        if (before) return this.fault(before.kind, res, fail);
        let out: Record<string, unknown>;
        try { out = this.dispatch(action, params.zone, args); } catch (e) { return fail((e as ApiFail).code ?? 5000, (e as Error).message); }
        const after = this.faults.take(action, 'after');
        if (after) return this.fault(after.kind, res, fail);
        send(out);
    }

    private fault(kind: string, res: http.ServerResponse, fail: (c: number, m: string) => void): void {
        if (kind === '500') { res.writeHead(500); res.end('internal error (injected)'); return; }
        if (kind === 'quota') return fail(2500, 'quota exceeded (injected)');
        setTimeout(() => res.destroy(), 5000).unref();
    }

    private list(args: Record<string, string>, name: string): string[] {
        return Object.keys(args).filter(k => new RegExp(`^${name}\\.\\d+$`).test(k)).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])).map(k => args[k]);
    }

    private members(args: Record<string, string>, name: string): Record<string, string>[] {
        const out = new Map<string, Record<string, string>>();
        for (const [k, v] of Object.entries(args)) {
            const m = new RegExp(`^${name}\\.(\\d+)\\.(\\w+)$`).exec(k);
            if (m) out.set(m[1], { ...(out.get(m[1]) ?? {}), [m[2]]: v });
        }
        return [...out.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v);
    }

    private job(done: () => void): string {
        const id = this.id('j');
        this.jobs.set(id, { polls: 0, done });
        return id;
    }

    private dispatch(action: string, zone: string, a: Record<string, string>): Record<string, unknown> {
        const routers = this.options.routers.filter(r => r.zone === zone);
        switch (action) {
            case 'DescribeRouters': {
                const ids = this.list(a, 'routers');
                const set = routers.filter(r => !ids.length || ids.includes(r.id)).map(r => ({ router_id: r.id, router_name: `vpc-${r.zone}`, status: 'active', security_group_id: r.sg,
                    is_applied: [...this.statics.values()].some(s => s.router_id === r.id && !s.applied) ? 0 : 1, vpc_network: r.cidr, eip: { eip_id: `eip-${r.id}`, eip_name: '', eip_addr: r.eip } }));
                return { router_set: set, total_count: set.length };
            }
            case 'DescribeRouterStatics': {
                const set = [...this.statics.values()].filter(s => (!a.router || s.router_id === a.router) && (!a.static_type || s.static_type === Number(a.static_type)) && routers.some(r => r.id === s.router_id))
                    .map(({ applied: _a, ...s }) => ({ ...s, create_time: '2026-01-01T00:00:00Z' }));
                return { router_static_set: set, total_count: set.length };
            }
            case 'AddRouterStatics': {
                const router = routers.find(r => r.id === a.router);
                if (!router) throw fail(2100, `router ${a.router} does not exist in ${zone}`);
                const ids: string[] = [];
                for (const s of this.members(a, 'statics')) {
                    if (Number(s.static_type) === 7) {
                        const parts = (s.val1 ?? '').split('|');
                        if (parts.length < 2 || !/^(\d+\.){3}\d+$/.test(parts[0])) throw fail(1100, `val1 of an IPsec rule is remote-IP|key|device-id, got ${parts.length} fields`);
                        for (const n of [s.val2, s.val3]) if (n && !n.split('|').every(x => /^(\d+\.){3}\d+\/\d+$/.test(x))) throw fail(1100, `networks ${n}`);
                        if ([...this.statics.values()].some(x => x.router_id === router.id && x.static_type === 7 && x.val1.split('|')[0] === parts[0])) throw fail(1100, `an IPsec tunnel to ${parts[0]} exists on ${router.id}`);
                    }
                    const st: Static = { router_static_id: this.id('rtrs'), router_id: router.id, static_type: Number(s.static_type), router_static_name: s.router_static_name ?? '', val1: s.val1, val2: s.val2 ?? '', val3: s.val3 ?? '', val4: s.val4 ?? 'main', applied: false };
                    this.statics.set(st.router_static_id, st);
                    ids.push(st.router_static_id);
                }
                return { router_statics: ids };
            }
            case 'DeleteRouterStatics': {
                const ids = this.list(a, 'router_statics');
                for (const id of ids) if (!this.statics.has(id)) throw fail(2100, `router static ${id} does not exist`);
                for (const id of ids) { this.statics.delete(id); this.options.world.remove(id); }
                return { router_statics: ids };
            }
            case 'UpdateRouters': {
                const ids = this.list(a, 'routers');
                for (const id of ids) if (!routers.some(r => r.id === id)) throw fail(2100, `router ${id} does not exist`);
                return {
                    job_id: this.job(() => {
                        for (const s of this.statics.values()) {
                            if (!ids.includes(s.router_id) || s.static_type !== 7) continue;
                            s.applied = true;
                            const router = routers.find(r => r.id === s.router_id)!;
                            const [peer, key] = s.val1.split('|');
                            this.options.world.put(s.router_static_id, { provider: 'qingcloud', name: s.router_static_name, localIp: router.eip, peerIp: peer, key, local: s.val2.split('|'), remote: s.val3.split('|'), ike: 1 });
                        }
                    }),
                };
            }
            case 'DescribeJobs': {
                const set = this.list(a, 'jobs').map(id => {
                    const j = this.jobs.get(id);
                    if (!j) throw fail(2100, `job ${id}`);
                    if (j.polls++ === 1) j.done();
                    return { job_id: id, status: j.polls > 1 ? 'successful' : 'working', job_action: 'UpdateRouters' };
                });
                return { job_set: set, total_count: set.length };
            }
            case 'DescribeSecurityGroups': {
                const ids = this.list(a, 'security_groups');
                const set = routers.filter(r => !ids.length || ids.includes(r.sg)).map(r => ({
                    security_group_id: r.sg, security_group_name: `sg-${r.zone}`, is_applied: [...this.rules.values()].some(x => x.sg === r.sg && !x.applied) ? 0 : 1,
                }));
                return { security_group_set: set, total_count: set.length };
            }
            case 'DescribeSecurityGroupRules': {
                const set = [...this.rules.values()].filter(r => !a.security_group || r.sg === a.security_group)
                    .map(r => ({ security_group_rule_id: r.id, security_group_id: r.sg, security_group_rule_name: r.name, protocol: r.protocol, priority: 1, action: 'accept', direction: 0, val1: r.val1 ?? '', val2: '', val3: '' }));
                return { security_group_rule_set: set, total_count: set.length };
            }
            case 'AddSecurityGroupRules': {
                if (!routers.some(r => r.sg === a.security_group)) throw fail(2100, `security group ${a.security_group} does not exist`);
                const ids: string[] = [];
                for (const r of this.members(a, 'rules')) {
                    const id = this.id('sgr');
                    this.rules.set(id, { id, sg: a.security_group, name: r.security_group_rule_name ?? '', protocol: r.protocol, val1: r.val1, applied: false });
                    ids.push(id);
                }
                return { security_group_rules: ids };
            }
            case 'DeleteSecurityGroupRules': {
                const ids = this.list(a, 'security_group_rules');
                for (const id of ids) if (!this.rules.has(id)) throw fail(2100, `security group rule ${id} does not exist`);
                for (const id of ids) this.rules.delete(id);
                return { security_group_rules: ids };
            }
            case 'ApplySecurityGroup': {
                if (!routers.some(r => r.sg === a.security_group)) throw fail(2100, `security group ${a.security_group} does not exist`);
                return { job_id: this.job(() => { for (const r of this.rules.values()) if (r.sg === a.security_group) r.applied = true; }) };
            }
        }
        throw fail(1100, `${action} is not implemented by the fake`);
    }

    inventory(): { statics: string[]; rules: string[] } {
        return {
            statics: [...this.statics.values()].map(s => `${s.router_id}:${s.router_static_name}${s.applied ? '' : ' (not applied)'}`).sort(),
            rules: [...this.rules.values()].map(r => `${r.sg}:${r.name}${r.applied ? '' : ' (not applied)'}`).sort(),
        };
    }
}

interface ApiFail extends Error { code?: number }
function fail(code: number, message: string): ApiFail {
    return Object.assign(new Error(message), { code });
}

/**
 * A request's parameters (flattened, as sent) against the action's table: the parameters for
 * the fake, or why the API would refuse them (also used to check a request log, request-log.ts).
 */
export function checkParams(action: string, params: Record<string, string>): Record<string, string> | string {
    const spec = ACTIONS[action];
    if (!spec) return `action ${action} is not in this fake`;
    const args: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) {
        if (COMMON.includes(k)) continue;
        const shape = k.replace(/\.\d+(?=\.|$)/g, '.n');
        const s = spec[shape];
        if (!s || !/^([a-z_]+(\.[1-9]\d*)?)(\.[a-z_0-9]+)?$/.test(k.replace(/\.[1-9]\d*\./, '.1.'))) return `${action}: unknown parameter ${k}`;
        if (s[0] === 'integer' && !/^-?\d+$/.test(v)) return `${action}: ${k} must be an integer`;
        if (VALUES[shape] && !VALUES[shape].includes(v)) return `${action}: ${k}=${v} is not one of ${VALUES[shape].join(', ')}`;
        args[k] = v;
    }
    for (const [shape, [, required]] of Object.entries(spec)) {
        if (!required) continue;
        const re = new RegExp(`^${shape.replace(/\./g, '\\.').replace(/\\\.n/g, '\\.\\d+')}$`);
        if (!Object.keys(args).some(k => re.test(k))) return `${action}: missing ${shape}`;
    }
    return args;
}
