/**
 * A strict, stateful fake of Tencent Cloud's VPC API (2017-03-12) on 127.0.0.1, for the real SDK.
 *
 * Every request is checked against the published API description
 * (test/cloud/fixtures/tencent/vpc-vpn-api.json, see ORIGIN.md there): unknown or deprecated
 * parameters, missing required ones and wrong types are rejected the way the API rejects them;
 * the TC3-HMAC-SHA256 signature is verified with the test's secret key; every answer is checked
 * against the response structure too. It keeps VPCs, route tables, VPN gateways (PENDING, then
 * AVAILABLE), customer gateways and VPN connections (created by an async task polled with
 * DescribeVpcTaskResult), returns the pre-shared key in clear text as the real API does, and
 * injects faults (500, timeout, quota) before or after a call takes effect.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { Faults, type World } from './world.js';

type Obj = Record<string, unknown>;
interface Member { name: string; type: string; member: string; required?: boolean; disabled?: boolean; document?: string }
interface Schema { actions: Record<string, { input: string; output: string; document: string }>; objects: Record<string, { members: Member[] }> }

export const TENCENT_SCHEMA: Schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/tencent/vpc-vpn-api.json'), 'utf8')) as Schema;

class ApiError extends Error {
    constructor(readonly code: string, message: string) { super(message); }
}

/** Checks `value` against object `name` of the schema; returns the first violation. */
export function validate(schema: Schema, name: string, value: unknown, where: string, direction: 'in' | 'out'): string | undefined {
    const obj = schema.objects[name];
    if (!obj) return direction === 'out' ? undefined : `${where}: no structure ${name}`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${where}: expected an object`;
    const members = new Map(obj.members.map(m => [m.name, m]));
    for (const [k, v] of Object.entries(value as Obj)) {
        const m = members.get(k);
        if (!m || (direction === 'in' && m.disabled)) return `UnknownParameter ${where}.${k}`;
        const err = checkType(schema, m, v, `${where}.${k}`, direction);
        if (err) return err;
    }
    if (direction === 'in') for (const m of obj.members) if (m.required && !(m.name in (value as Obj))) return `MissingParameter ${where}.${m.name}`;
    return undefined;
}

function checkType(schema: Schema, m: Member, v: unknown, where: string, direction: 'in' | 'out'): string | undefined {
    const scalar = (type: string, x: unknown, w: string): string | undefined => {
        if (type === 'string' || type === 'datetime') return typeof x === 'string' ? undefined : `InvalidParameter ${w}: expected a string`;
        if (/int/.test(type)) return typeof x === 'number' && Number.isInteger(x) && (!/^uint/.test(type) || x >= 0) ? undefined : `InvalidParameter ${w}: expected ${type}`;
        if (type === 'bool') return typeof x === 'boolean' ? undefined : `InvalidParameter ${w}: expected a boolean`;
        if (type === 'float' || type === 'double') return typeof x === 'number' ? undefined : `InvalidParameter ${w}: expected a number`;
        return validate(schema, type, x, w, direction);
    };
    if (m.type === 'list') {
        if (!Array.isArray(v)) return `InvalidParameter ${where}: expected a list`;
        for (const [i, x] of v.entries()) { const e = scalar(m.member, x, `${where}[${i}]`); if (e) return e; }
        return undefined;
    }
    if (m.type === 'object') return validate(schema, m.member, v, where, direction);
    return scalar(m.member ?? m.type, v, where);
}

/**
 * Values the API accepts, read from the structure file's own field documents: "可选值：'A', 'B'"
 * (allowed values) and "枚举值：<li>A：..." (enumerations). The fake rejects anything else.
 */
export const ENUMS: Record<string, string[]> = (() => {
    const out: Record<string, string[]> = {};
    for (const obj of Object.values(TENCENT_SCHEMA.objects)) {
        for (const m of obj.members) {
            const doc = (m.document ?? '').replace(/&#39;/g, "'");
            let values: string[] = [];
            const allowed = /可选值[：:]([^<]*)/.exec(doc);
            if (allowed) values = [...allowed[1].matchAll(/'([^']+)'/g)].map(x => x[1]);
            else if (/枚举值/.test(doc)) values = [...doc.matchAll(/<li>([\w-]+)[：:]/g)].map(x => x[1]);
            if (values.length) out[m.name] = [...new Set([...(out[m.name] ?? []), ...values])];
        }
    }
    return out;
})();

export function checkEnums(v: unknown, where: string): string | undefined {
    if (Array.isArray(v)) { for (const [i, x] of v.entries()) { const e = checkEnums(x, `${where}[${i}]`); if (e) return e; } return undefined; }
    if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v as Obj)) {
            if (ENUMS[k] && typeof x === 'string' && !ENUMS[k].includes(x)) return `InvalidParameterValue ${where}.${k}: ${x} is not one of ${ENUMS[k].join(', ')}`;
            const e = checkEnums(x, `${where}.${k}`);
            if (e) return e;
        }
    }
    return undefined;
}

export interface TencentFakeOptions {
    secretId: string;
    secretKey: string;
    world: World;
    vpcs: { id: string; cidr: string; region: string }[];
}

interface Gw { VpnGatewayId: string; VpcId: string; VpnGatewayName: string; PublicIpAddress: string; State: string; describes: number; region: string; Tags: Obj[]; InternetMaxBandwidthOut: number }

export class TencentFake {
    readonly faults = new Faults();
    readonly calls: { action: string; params: Obj; region?: string }[] = [];
    readonly rejected: string[] = [];
    readonly gateways = new Map<string, Gw>();
    readonly cgws = new Map<string, { CustomerGatewayId: string; CustomerGatewayName: string; IpAddress: string; region: string }>();
    readonly conns = new Map<string, Obj & { region: string }>();
    readonly tables = new Map<string, { RouteTableId: string; VpcId: string; Main: boolean; RouteSet: Obj[] }>();
    private readonly tasks = new Map<string, number>();
    private server?: http.Server;
    private seq = 0;
    private ipSeq = 10;
    private routeSeq = 1000;
    port = 0;

    constructor(readonly options: TencentFakeOptions) {
        for (const v of options.vpcs) {
            const id = `rtb-${v.id.slice(4)}`;
            this.tables.set(id, { RouteTableId: id, VpcId: v.id, Main: true, RouteSet: [{ RouteId: this.routeSeq++, DestinationCidrBlock: v.cidr, GatewayType: 'LOCAL', GatewayId: 'Local', RouteDescription: '', Enabled: true, RouteType: 'NETD', RouteTableId: id }] });
        }
    }

    get url(): string { return `http://127.0.0.1:${this.port}`; }

    async start(): Promise<void> {
        this.server = http.createServer({ noDelay: true, keepAliveTimeout: 100 }, (req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', c => chunks.push(c as Buffer));
            req.on('end', () => { void this.handle(req, Buffer.concat(chunks), res); });
        });
        await new Promise<void>(r => this.server!.listen(0, '127.0.0.1', r));
        this.port = (this.server.address() as { port: number }).port;
    }

    async stop(): Promise<void> {
        this.server?.closeAllConnections();
        await new Promise<void>(r => this.server ? this.server.close(() => r()) : r());
    }

    private id(prefix: string): string {
        return `${prefix}-${(++this.seq).toString(36).padStart(8, '0')}`;
    }

    private async handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
        const requestId = randomUUID();
        const send = (status: number, payload: Obj) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify({ Response: { ...payload, RequestId: requestId } })); };
        const fail = (code: string, message: string) => { this.rejected.push(`${code}: ${message}`); send(200, { Error: { Code: code, Message: message } }); };
        const action = String(req.headers['x-tc-action'] ?? '');
        const region = req.headers['x-tc-region'] as string | undefined;
        const auth = this.checkSignature(req, body);
        if (auth) return fail('AuthFailure.SignatureFailure', auth);
        if (req.headers['x-tc-version'] !== '2017-03-12') return fail('InvalidParameter', `version ${String(req.headers['x-tc-version'])}`);
        const spec = TENCENT_SCHEMA.actions[action];
        if (!spec) return fail('InvalidAction', `${action} is not an action of this fake (VPN subset)`);
        let params: Obj;
        try { params = JSON.parse(body.toString('utf8')) as Obj; } catch { return fail('InvalidParameter', 'body is not JSON'); }
        const invalid = validate(TENCENT_SCHEMA, spec.input, params, action, 'in') ?? checkEnums(params, action);
        if (invalid) {
            const [code, ...rest] = invalid.split(' ');
            return fail(/^[A-Z]\w+$/.test(code) ? code : 'InvalidParameter', rest.join(' ') || invalid);
        }
        this.calls.push({ action, params, region });
        const before = this.faults.take(action, 'before');
        if (before) return this.injectFault(before.kind, res, send, fail);
        let out: Obj;
        try {
            out = this.dispatch(action, params, region ?? '', requestId);
        } catch (e) {
            if (e instanceof ApiError) return fail(e.code, e.message);
            throw e;
        }
        const outErr = validate(TENCENT_SCHEMA, spec.output, { ...out, RequestId: requestId }, `${action} response`, 'out');
        if (outErr) { res.writeHead(500); res.end(`fake answer breaks the schema: ${outErr}`); this.rejected.push(`FAKE ${outErr}`); return; }
        const after = this.faults.take(action, 'after');
        if (after) return this.injectFault(after.kind, res, send, fail);
        send(200, out);
    }

    private injectFault(kind: string, res: http.ServerResponse, send: (s: number, p: Obj) => void, fail: (c: string, m: string) => void): void {
        if (kind === '500') { res.writeHead(500, { 'content-type': 'text/plain' }); res.end('internal server error (injected)'); return; }
        if (kind === 'quota') return fail('LimitExceeded', 'quota exceeded (injected)');
        // timeout: say nothing until the client gives up
        setTimeout(() => res.destroy(), 5000).unref();
        void send;
    }

    /** TC3-HMAC-SHA256 as Tencent documents it (signature v3), with the test's secret key. */
    private checkSignature(req: http.IncomingMessage, body: Buffer): string | undefined {
        const auth = String(req.headers.authorization ?? '');
        const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/(\w+)\/tc3_request, SignedHeaders=([\w;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
        if (!m) return 'no TC3-HMAC-SHA256 authorization';
        const [, id, date, service, signed, signature] = m;
        if (id !== this.options.secretId) return `unknown SecretId ${id}`;
        if (service !== 'vpc') return `service ${service} in the credential scope`;
        const ts = Number(req.headers['x-tc-timestamp']);
        if (new Date(ts * 1000).toISOString().slice(0, 10) !== date) return 'credential date is not the timestamp\'s';
        const headers = signed.split(';').map(h => `${h}:${h === 'host' ? String(req.headers.host).replace(/:\d+$/, '') : String(req.headers[h])}\n`).join('');
        const canonical = ['POST', '/', '', headers, signed, createHash('sha256').update(body).digest('hex')].join('\n');
        const toSign = ['TC3-HMAC-SHA256', String(ts), `${date}/${service}/tc3_request`, createHash('sha256').update(canonical).digest('hex')].join('\n');
        const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s).digest();
        const kSigning = hmac(hmac(hmac(`TC3${this.options.secretKey}`, date), service), 'tc3_request');
        if (createHmac('sha256', kSigning).update(toSign).digest('hex') !== signature) return 'signature does not match';
        return undefined;
    }

    private filters(params: Obj): Map<string, string[]> {
        const out = new Map<string, string[]>();
        for (const f of (params.Filters as { Name: string; Values: string[] }[] | undefined) ?? []) out.set(f.Name, f.Values);
        return out;
    }

    private onlyFilters(f: Map<string, string[]>, allowed: string[]): void {
        for (const k of f.keys()) if (!allowed.includes(k)) throw new ApiError('InvalidParameter.FilterInvalidKey', `filter ${k} is not supported`);
    }

    private dispatch(action: string, p: Obj, region: string, requestId: string): Obj {
        const f = this.filters(p);
        const has = (name: string, v: string) => !f.has(name) || f.get(name)!.includes(v);
        switch (action) {
            case 'DescribeVpcs': {
                this.onlyFilters(f, ['vpc-name', 'is-default', 'vpc-id', 'cidr-block', 'tag-key']);
                const set = this.options.vpcs.filter(v => v.region === region && has('cidr-block', v.cidr) && has('vpc-id', v.id))
                    .map(v => ({ VpcId: v.id, VpcName: `vpc-${v.cidr}`, CidrBlock: v.cidr, IsDefault: false, EnableMulticast: false, CreatedTime: '2026-01-01 00:00:00', DnsServerSet: [], DomainName: '', DhcpOptionsId: '', EnableDhcp: true, Ipv6CidrBlock: '', TagSet: [], AssistantCidrSet: [] }));
                return { TotalCount: set.length, VpcSet: set };
            }
            case 'DescribeRouteTables': {
                this.onlyFilters(f, ['route-table-id', 'route-table-name', 'vpc-id', 'association.main']);
                const ids = p.RouteTableIds as string[] | undefined;
                const set = [...this.tables.values()].filter(t => has('vpc-id', t.VpcId) && (!ids || ids.includes(t.RouteTableId)) && this.options.vpcs.some(v => v.id === t.VpcId && v.region === region))
                    .map(t => ({ ...t, RouteTableName: 'default', AssociationSet: [], CreatedTime: '2026-01-01 00:00:00', TagSet: [], LocalCidrForCcn: [] }));
                return { TotalCount: set.length, RouteTableSet: set };
            }
            case 'CreateVpnGateway': {
                const vpc = this.options.vpcs.find(v => v.id === p.VpcId && v.region === region);
                if (!vpc) throw new ApiError('ResourceNotFound', `no VPC ${String(p.VpcId)} in ${region}`);
                if (p.InstanceChargeType === 'PREPAID' && !p.InstanceChargePrepaid) throw new ApiError('InvalidParameterValue', 'PREPAID needs InstanceChargePrepaid');
                const gw: Gw = {
                    VpnGatewayId: this.id('vpngw'), VpcId: vpc.id, VpnGatewayName: String(p.VpnGatewayName), PublicIpAddress: `198.51.100.${this.ipSeq++}`,
                    State: 'PENDING', describes: 0, region, Tags: (p.Tags as Obj[]) ?? [], InternetMaxBandwidthOut: Number(p.InternetMaxBandwidthOut),
                };
                this.gateways.set(gw.VpnGatewayId, gw);
                return { VpnGateway: this.showGw(gw) };
            }
            case 'DescribeVpnGateways': {
                this.onlyFilters(f, ['vpc-id', 'vpn-gateway-id', 'vpn-gateway-name', 'type', 'public-ip-address', 'renew-flag', 'zone']);
                const ids = p.VpnGatewayIds as string[] | undefined;
                if (ids) for (const id of ids) if (!this.gateways.has(id)) throw new ApiError('ResourceNotFound', `VPN gateway ${id} does not exist`);
                const set = [...this.gateways.values()].filter(g => g.region === region && (!ids || ids.includes(g.VpnGatewayId)) && has('vpn-gateway-name', g.VpnGatewayName) && has('vpc-id', g.VpcId));
                for (const g of set) if (g.State === 'PENDING' && ++g.describes > 1) g.State = 'AVAILABLE';
                return { TotalCount: set.length, VpnGatewaySet: set.map(g => this.showGw(g)) };
            }
            case 'DeleteVpnGateway': {
                const g = this.gateways.get(String(p.VpnGatewayId));
                if (!g) throw new ApiError('ResourceNotFound', `VPN gateway ${String(p.VpnGatewayId)} does not exist`);
                if ([...this.conns.values()].some(c => c.VpnGatewayId === g.VpnGatewayId)) throw new ApiError('ResourceInUse', 'the gateway still has VPN connections');
                if ([...this.tables.values()].some(t => t.RouteSet.some(r => r.GatewayId === g.VpnGatewayId))) throw new ApiError('ResourceInUse', 'route tables still point at the gateway');
                this.gateways.delete(g.VpnGatewayId);
                return {};
            }
            case 'CreateCustomerGateway': {
                if ([...this.cgws.values()].some(c => c.IpAddress === p.IpAddress && c.region === region)) throw new ApiError('InvalidParameterValue.Duplicate', `a customer gateway with address ${String(p.IpAddress)} exists`);
                if (!/^\d+\.\d+\.\d+\.\d+$/.test(String(p.IpAddress))) throw new ApiError('InvalidParameterValue.Malformed', `IpAddress ${String(p.IpAddress)}`);
                const c = { CustomerGatewayId: this.id('cgw'), CustomerGatewayName: String(p.CustomerGatewayName), IpAddress: String(p.IpAddress), region };
                this.cgws.set(c.CustomerGatewayId, c);
                return { CustomerGateway: this.showCgw(c) };
            }
            case 'DescribeCustomerGateways': {
                this.onlyFilters(f, ['customer-gateway-id', 'customer-gateway-name', 'ip-address']);
                const set = [...this.cgws.values()].filter(c => c.region === region && has('customer-gateway-name', c.CustomerGatewayName) && has('ip-address', c.IpAddress));
                return { TotalCount: set.length, CustomerGatewaySet: set.map(c => this.showCgw(c)) };
            }
            case 'DeleteCustomerGateway': {
                const c = this.cgws.get(String(p.CustomerGatewayId));
                if (!c) throw new ApiError('ResourceNotFound', `customer gateway ${String(p.CustomerGatewayId)} does not exist`);
                if ([...this.conns.values()].some(x => x.CustomerGatewayId === c.CustomerGatewayId)) throw new ApiError('ResourceInUse', 'the customer gateway is used by a VPN connection');
                this.cgws.delete(c.CustomerGatewayId);
                return {};
            }
            case 'CreateVpnConnection': {
                const g = this.gateways.get(String(p.VpnGatewayId));
                if (!g || g.region !== region) throw new ApiError('ResourceNotFound', `VPN gateway ${String(p.VpnGatewayId)} does not exist`);
                if (g.State !== 'AVAILABLE') throw new ApiError('UnsupportedOperation', `VPN gateway ${g.VpnGatewayId} is ${g.State}`);
                const c = this.cgws.get(String(p.CustomerGatewayId));
                if (!c) throw new ApiError('ResourceNotFound', `customer gateway ${String(p.CustomerGatewayId)} does not exist`);
                if (p.VpcId !== undefined && p.VpcId !== g.VpcId) throw new ApiError('InvalidParameterValue', 'VpcId is not the gateway\'s');
                if ([...this.conns.values()].some(x => x.VpnGatewayId === g.VpnGatewayId && x.CustomerGatewayId === c.CustomerGatewayId)) throw new ApiError('InvalidParameterValue.Duplicate', 'a connection between these gateways exists');
                const spd = (p.SecurityPolicyDatabases as { LocalCidrBlock: string; RemoteCidrBlock: string[] }[] | undefined) ?? [];
                const ike = (p.IKEOptionsSpecification as Obj | undefined) ?? {};
                const conn = {
                    VpnConnectionId: this.id('vpnx'), VpnConnectionName: String(p.VpnConnectionName), VpcId: g.VpcId, VpnGatewayId: g.VpnGatewayId, CustomerGatewayId: c.CustomerGatewayId,
                    PreShareKey: String(p.PreShareKey), VpnProto: 'IPSEC', EncryptProto: 'IKE/IPSec', RouteType: String(p.RouteType ?? 'StaticRoute'), CreatedTime: '2026-01-01 00:00:00',
                    State: 'AVAILABLE', NetStatus: 'UNAVAILABLE', SecurityPolicyDatabaseSet: spd, IKEOptionsSpecification: ike, IPSECOptionsSpecification: (p.IPSECOptionsSpecification as Obj) ?? {},
                    EnableHealthCheck: false, HealthCheckLocalIp: '', HealthCheckRemoteIp: '', HealthCheckStatus: '', DpdEnable: 0, DpdTimeout: '30', DpdAction: 'clear',
                    TagSet: (p.Tags as Obj[]) ?? [], NegotiationType: 'active', region,
                };
                this.conns.set(conn.VpnConnectionId, conn);
                this.options.world.put(conn.VpnConnectionId, {
                    provider: 'tencent', name: conn.VpnConnectionName, localIp: g.PublicIpAddress, peerIp: c.IpAddress, key: conn.PreShareKey,
                    local: spd.map(s => s.LocalCidrBlock), remote: [...new Set(spd.flatMap(s => s.RemoteCidrBlock))], ike: ike.IKEVersion === 'IKEV2' ? 2 : 1,
                });
                this.tasks.set(requestId, 0);
                return { VpnConnection: this.showConn(conn) };
            }
            case 'DescribeVpnConnections': {
                this.onlyFilters(f, ['vpc-id', 'vpn-gateway-id', 'customer-gateway-id', 'vpn-connection-name', 'vpn-connection-id']);
                const set = [...this.conns.values()].filter(c => c.region === region && has('vpn-connection-name', String(c.VpnConnectionName)) && has('vpc-id', String(c.VpcId)) && has('vpn-gateway-id', String(c.VpnGatewayId)));
                return { TotalCount: set.length, VpnConnectionSet: set.map(c => this.showConn(c)) };
            }
            case 'DeleteVpnConnection': {
                const c = this.conns.get(String(p.VpnConnectionId));
                if (!c || c.VpnGatewayId !== p.VpnGatewayId) throw new ApiError('ResourceNotFound', `VPN connection ${String(p.VpnConnectionId)} does not exist`);
                this.conns.delete(String(c.VpnConnectionId));
                this.options.world.remove(String(c.VpnConnectionId));
                this.tasks.set(requestId, 0);
                return {};
            }
            case 'DescribeVpcTaskResult': {
                const n = this.tasks.get(String(p.TaskId));
                if (n === undefined) throw new ApiError('ResourceNotFound', `task ${String(p.TaskId)}`);
                this.tasks.set(String(p.TaskId), n + 1);
                return n === 0 ? { Status: 'RUNNING', Output: '', Result: [] } : { Status: 'SUCCESS', Output: 'SUCCESS', Result: [] };
            }
            case 'CreateRoutes': {
                const t = this.tables.get(String(p.RouteTableId));
                if (!t) throw new ApiError('ResourceNotFound', `route table ${String(p.RouteTableId)}`);
                for (const r of p.Routes as Obj[]) {
                    if (r.GatewayType === 'VPN' && !this.gateways.has(String(r.GatewayId))) throw new ApiError('ResourceNotFound', `VPN gateway ${String(r.GatewayId)}`);
                    if (t.RouteSet.some(x => x.DestinationCidrBlock === r.DestinationCidrBlock)) throw new ApiError('InvalidParameterValue.Duplicate', `a route to ${String(r.DestinationCidrBlock)} exists`);
                }
                for (const r of p.Routes as Obj[]) t.RouteSet.push({ ...r, RouteId: this.routeSeq++, Enabled: true, RouteType: 'USER', RouteTableId: t.RouteTableId, RouteItemId: this.id('rti') });
                return { TotalCount: 1, RouteTableSet: [{ ...t, RouteTableName: 'default', AssociationSet: [], CreatedTime: '2026-01-01 00:00:00', TagSet: [], LocalCidrForCcn: [] }] };
            }
            case 'DeleteRoutes': {
                const t = this.tables.get(String(p.RouteTableId));
                if (!t) throw new ApiError('ResourceNotFound', `route table ${String(p.RouteTableId)}`);
                const gone: Obj[] = [];
                for (const r of (p.Routes as Obj[]) ?? []) {
                    const i = t.RouteSet.findIndex(x => x.RouteId === r.RouteId || (r.RouteId === undefined && x.DestinationCidrBlock === r.DestinationCidrBlock));
                    if (i < 0) throw new ApiError('ResourceNotFound', `route ${String(r.RouteId)}`);
                    gone.push(...t.RouteSet.splice(i, 1));
                }
                return { RouteSet: gone };
            }
            default:
                throw new ApiError('UnsupportedOperation', `${action} is not implemented by the fake`);
        }
    }

    private showGw(g: Gw): Obj {
        return {
            VpnGatewayId: g.VpnGatewayId, VpcId: g.VpcId, VpnGatewayName: g.VpnGatewayName, Type: 'IPSEC', State: g.State, PublicIpAddress: g.PublicIpAddress,
            RenewFlag: '', InstanceChargeType: 'POSTPAID_BY_HOUR', InternetMaxBandwidthOut: g.InternetMaxBandwidthOut, CreatedTime: '2026-01-01 00:00:00', ExpiredTime: '0000-00-00 00:00:00',
            IsAddressBlocked: false, NewPurchasePlan: '', RestrictState: 'NORMAL', Zone: `${g.region}-1`, VpnGatewayQuotaSet: [], Version: '2.0', NetworkInstanceId: g.VpcId, TagSet: g.Tags,
        };
    }

    private showCgw(c: { CustomerGatewayId: string; CustomerGatewayName: string; IpAddress: string }): Obj {
        return { CustomerGatewayId: c.CustomerGatewayId, CustomerGatewayName: c.CustomerGatewayName, IpAddress: c.IpAddress, CreatedTime: '2026-01-01 00:00:00' };
    }

    /** As the real API: with the key in clear text, and NetStatus from whether the far end agrees. */
    private showConn(c: Obj & { region: string }): Obj {
        const { region: _region, ...shown } = c;
        return { ...shown, NetStatus: this.options.world.established(String(c.VpnConnectionId)) ? 'AVAILABLE' : 'UNAVAILABLE' };
    }

    /** Everything that exists now, for assertions (ids by kind). */
    inventory(): { gateways: string[]; cgws: string[]; conns: string[]; routes: string[] } {
        return {
            gateways: [...this.gateways.values()].map(g => g.VpnGatewayName).sort(),
            cgws: [...this.cgws.values()].map(c => `${c.CustomerGatewayName}=${c.IpAddress}`).sort(),
            conns: [...this.conns.values()].map(c => String(c.VpnConnectionName)).sort(),
            routes: [...this.tables.values()].flatMap(t => t.RouteSet.filter(r => r.GatewayType === 'VPN').map(r => `${String(r.DestinationCidrBlock)}->${String(r.GatewayId)}`)).sort(),
        };
    }
}
