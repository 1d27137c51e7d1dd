/**
 * A strict, stateful fake of the Compute Engine v1 REST API on 127.0.0.1, for the real client.
 *
 * Routes, request messages and resource messages come from the protos shipped in
 * `@google-cloud/compute` (build/protos/protos.json): a request whose path, query parameter or
 * body field is not in the published messages is rejected with 400 as the API does (gax's own
 * JSON decoding would drop unknown fields and map a bad enum to 0, so the check is here); so is
 * a wrong type, an enum value that is not in the field's enum, a missing REQUIRED field. The
 * caller must present a self-signed JWT made with the test's service account key. It keeps
 * addresses, target VPN gateways, forwarding rules, tunnels, routes and firewalls, answers
 * inserts and deletes with Operations (RUNNING, then DONE through `wait`), deduplicates by
 * `requestId`, refuses deletes of resources in use, and injects faults.
 */
import { createPublicKey, createVerify, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Faults, type World } from './world.js';

type Obj = Record<string, unknown>;
interface Field { type: string; rule?: string; options?: Record<string, unknown> }
interface Message { fields: Record<string, Field>; nested?: Record<string, { values?: Record<string, number>; fields?: unknown }> }
interface Method { requestType: string; responseType: string; options: Record<string, string> }

const require_ = createRequire(__filename);
const protosPath = path.join(path.dirname(require_.resolve('@google-cloud/compute/package.json')), 'build/protos/protos.json');
type Nested = { nested: Record<string, Nested & Message & { methods?: Record<string, Method> }> };
const ROOT = JSON.parse(fs.readFileSync(protosPath, 'utf8')) as Nested;
export const V1 = ROOT.nested.google.nested.cloud.nested.compute.nested.v1.nested;

const SERVICES = ['Addresses', 'TargetVpnGateways', 'ForwardingRules', 'VpnTunnels', 'Routes', 'Firewalls', 'Subnetworks', 'RegionOperations', 'GlobalOperations', 'Networks', 'VpnGateways', 'ExternalVpnGateways', 'Routers'];
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export interface Route { service: string; method: string; verb: string; regex: RegExp; params: string[]; request: string; body?: string }
export const ROUTES: Route[] = [];
for (const svc of SERVICES) {
    for (const [name, m] of Object.entries(V1[svc].methods ?? {})) {
        const verb = ['get', 'post', 'delete', 'patch', 'put'].find(v => m.options[`(google.api.http).${v}`]);
        if (!verb) continue;
        const template = m.options[`(google.api.http).${verb}`];
        const params: string[] = [];
        const regex = new RegExp(`^${template.replace(/\{(\w+)\}/g, (_, p: string) => { params.push(camel(p)); return '([^/]+)'; })}$`);
        const body = m.options['(google.api.http).body'];
        ROUTES.push({ service: svc, method: name, verb: verb.toUpperCase(), regex, params, request: m.requestType, body: body ? camel(body) : undefined });
    }
}

/** Checks a JSON value against a proto message (as the REST API's JSON mapping does). */
export function validateMessage(type: string, value: unknown, where: string): string | undefined {
    const msg = V1[type];
    if (!msg?.fields) return `${where}: no message ${type}`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${where}: expected an object (${type})`;
    for (const [k, v] of Object.entries(value as Obj)) {
        const f = msg.fields[k];
        if (!f) return `Invalid JSON payload received. Unknown name "${k}" at '${where}': Cannot find field.`;
        const enumDef = f.type === 'string' ? msg.nested?.[k[0].toUpperCase() + k.slice(1)]?.values : (msg.nested?.[f.type] ?? V1[f.type])?.values;
        const one = (x: unknown, w: string): string | undefined => {
            if (enumDef) return typeof x === 'string' && x in enumDef && !/^UNDEFINED_/.test(x) ? undefined : `Invalid value at '${w}' (${type}.${k}), "${String(x)}"`;
            switch (f.type) {
                case 'string': return typeof x === 'string' ? undefined : `Invalid value at '${w}' (TYPE_STRING), ${JSON.stringify(x)}`;
                case 'bool': return typeof x === 'boolean' ? undefined : `Invalid value at '${w}' (TYPE_BOOL), ${JSON.stringify(x)}`;
                case 'int32': case 'uint32': case 'int64': case 'uint64': {
                    const n = typeof x === 'string' && /^-?\d+$/.test(x) ? Number(x) : x;
                    return typeof n === 'number' && Number.isInteger(n) && (!f.type.startsWith('u') || n >= 0) ? undefined : `Invalid value at '${w}' (TYPE_${f.type.toUpperCase()}), ${JSON.stringify(x)}`;
                }
                case 'double': case 'float': return typeof x === 'number' ? undefined : `Invalid value at '${w}' (TYPE_DOUBLE), ${JSON.stringify(x)}`;
                default: return validateMessage(f.type, x, w);
            }
        };
        if (f.rule === 'repeated') {
            if (!Array.isArray(v)) return `Invalid value at '${where}.${k}': expected a list`;
            for (const [i, x] of v.entries()) { const e = one(x, `${where}.${k}[${i}]`); if (e) return e; }
        } else if (f.type.startsWith('map') || (f as { keyType?: string }).keyType) {
            if (typeof v !== 'object' || v === null) return `Invalid value at '${where}.${k}': expected a map`;
        } else {
            const e = one(v, `${where}.${k}`);
            if (e) return e;
        }
    }
    return undefined;
}

function required(type: string): string[] {
    return Object.entries(V1[type]?.fields ?? {}).filter(([, f]) => f.options?.['(google.api.field_behavior)'] === 'REQUIRED').map(([k]) => camel(k));
}

const KIND: Record<string, { collection: string; type: string; regional: boolean }> = {
    Addresses: { collection: 'addresses', type: 'Address', regional: true },
    TargetVpnGateways: { collection: 'targetVpnGateways', type: 'TargetVpnGateway', regional: true },
    ForwardingRules: { collection: 'forwardingRules', type: 'ForwardingRule', regional: true },
    VpnTunnels: { collection: 'vpnTunnels', type: 'VpnTunnel', regional: true },
    Routes: { collection: 'routes', type: 'Route', regional: false },
    Firewalls: { collection: 'firewalls', type: 'Firewall', regional: false },
    VpnGateways: { collection: 'vpnGateways', type: 'VpnGateway', regional: true },
    ExternalVpnGateways: { collection: 'externalVpnGateways', type: 'ExternalVpnGateway', regional: false },
    Routers: { collection: 'routers', type: 'Router', regional: true },
};

/** The ASNs a Cloud Router takes: private 16- and 32-bit ranges, and Google's 16550 (Cloud Router docs). */
const routerAsn = (n: number) => (n >= 64512 && n <= 65534) || (n >= 4200000000 && n <= 4294967294) || n === 16550;

/** `169.254.10.2/30` -> the address and its network as numbers. */
function v4(cidr: string): { addr: number; net: number; len: number } | undefined {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/.exec(cidr);
    if (!m) return undefined;
    const addr = ((+m[1] << 24) >>> 0) + (+m[2] << 16) + (+m[3] << 8) + +m[4];
    const len = m[5] === undefined ? 32 : +m[5];
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    return { addr, net: (addr & mask) >>> 0, len };
}

export interface GcpFakeOptions {
    project: string;
    clientEmail: string;
    publicKeyPem: string;
    world: World;
    networks: { name: string; subnets: { region: string; cidr: string }[] }[];
}

const IN_USE_FIELDS = ['target', 'targetVpnGateway', 'nextHopVpnTunnel', 'vpnGateway', 'peerExternalGateway', 'router'];

export class GcpFake {
    readonly faults = new Faults();
    readonly calls: { method: string; body?: Obj; query: Obj }[] = [];
    readonly rejected: string[] = [];
    /** `<collection>/<scope>/<name>` -> resource. */
    readonly resources = new Map<string, Obj>();
    private readonly operations = new Map<string, Obj>();
    private readonly requestIds = new Map<string, Obj>();
    private server?: http.Server;
    private seq = 100;
    private ipSeq = 10;
    /** Addresses handed out before the sequential ones (a test that wants the topology's written gateway addresses). */
    readonly nextAddresses: string[] = [];
    port = 0;

    constructor(readonly options: GcpFakeOptions) {}

    get url(): string { return `http://127.0.0.1:${this.port}/`; }
    private base(): string { return `https://www.googleapis.com/compute/v1/projects/${this.options.project}`; }

    async start(): Promise<void> {
        this.server = http.createServer({ noDelay: true, keepAliveTimeout: 100 }, (req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', c => chunks.push(c as Buffer));
            req.on('end', () => { void this.handle(req, Buffer.concat(chunks).toString('utf8'), res); });
        });
        await new Promise<void>(r => this.server!.listen(0, '127.0.0.1', r));
        this.port = (this.server.address() as { port: number }).port;
    }

    async stop(): Promise<void> {
        this.server?.closeAllConnections();
        await new Promise<void>(r => this.server ? this.server.close(() => r()) : r());
    }

    private error(res: http.ServerResponse, status: number, reason: string, message: string): void {
        if (status === 400 || status === 401) this.rejected.push(`${status} ${reason}: ${message}`);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: status, message, errors: [{ domain: 'global', reason, message }] } }));
    }

    private checkAuth(req: http.IncomingMessage): string | undefined {
        const m = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(String(req.headers.authorization ?? ''));
        if (!m) return `no bearer token (${String(req.headers.authorization).slice(0, 30)})`;
        const verify = createVerify('RSA-SHA256');
        verify.update(`${m[1]}.${m[2]}`);
        if (!verify.verify(createPublicKey(this.options.publicKeyPem), Buffer.from(m[3], 'base64url'))) return 'token signature is not the service account\'s';
        const claims = JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8')) as { iss?: string; exp?: number };
        if (claims.iss !== this.options.clientEmail) return `token issued by ${claims.iss}`;
        if (!claims.exp || claims.exp * 1000 < Date.now()) return 'token expired';
        return undefined;
    }

    private async handle(req: http.IncomingMessage, text: string, res: http.ServerResponse): Promise<void> {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const auth = this.checkAuth(req);
        if (auth) return this.error(res, 401, 'authError', auth);
        const route = ROUTES.find(r => r.verb === req.method && r.regex.test(url.pathname));
        if (!route) return this.error(res, 404, 'notFound', `no route ${req.method} ${url.pathname}`);
        const args: Obj = {};
        const match = route.regex.exec(url.pathname)!;
        route.params.forEach((p, i) => { args[p] = decodeURIComponent(match[i + 1]); });
        const reqFields = V1[route.request].fields;
        for (const [k, v] of url.searchParams) {
            if (['alt', 'prettyPrint', '$.xgafv', 'fields', 'quotaUser', 'userIp'].includes(k)) continue;
            if (!reqFields[k] || k === route.body || route.params.includes(k)) return this.error(res, 400, 'invalidParameter', `Invalid JSON payload received. Unknown name "${k}": Cannot bind query parameter.`);
            args[k] = v;
        }
        let body: Obj | undefined;
        if (route.body) {
            try { body = JSON.parse(text || 'null') as Obj; } catch { return this.error(res, 400, 'parseError', 'body is not JSON'); }
            const bodyType = reqFields[route.body].type;
            const invalid = validateMessage(bodyType, body, route.body);
            if (invalid) return this.error(res, 400, 'invalid', invalid);
            args[route.body] = body;
        }
        for (const r of required(route.request)) if (args[r] === undefined) return this.error(res, 400, 'required', `Required field '${r}' not specified`);
        const method = `${route.service[0].toLowerCase()}${route.service.slice(1)}.${route.method[0].toLowerCase()}${route.method.slice(1)}`;
        this.calls.push({ method, body, query: Object.fromEntries(url.searchParams) });
        const before = this.faults.take(method, 'before');
        if (before) return this.fault(before.kind, res);
        let out: { status: number; body: Obj };
        try {
            out = this.dispatch(route, args, body);
        } catch (e) {
            if (e instanceof HttpError) return this.error(res, e.status, e.reason, e.message);
            throw e;
        }
        const responseType = V1[route.service].methods![route.method].responseType;
        const outErr = out.status === 200 ? validateMessage(responseType.replace(/^.*\./, ''), out.body, 'response') : undefined;
        if (outErr) { this.rejected.push(`FAKE ${outErr}`); return this.error(res, 500, 'fakeBug', `fake answer breaks the schema: ${outErr}`); }
        const after = this.faults.take(method, 'after');
        if (after) return this.fault(after.kind, res);
        res.writeHead(out.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out.body));
    }

    private fault(kind: string, res: http.ServerResponse): void {
        if (kind === '500') return this.error(res, 500, 'backendError', 'Internal error (injected)');
        if (kind === 'quota') return this.error(res, 403, 'quotaExceeded', 'Quota exceeded (injected)');
        setTimeout(() => res.destroy(), 5000).unref();
    }

    private key(collection: string, scope: string, name: string): string { return `${collection}/${scope}/${name}`; }

    private find(link: string): Obj | undefined {
        const m = /projects\/[^/]+\/(regions\/([^/]+)|global)\/(\w+)\/([^/]+)$/.exec(link);
        return m ? this.resources.get(this.key(m[3], m[2] ?? 'global', m[4])) : undefined;
    }

    private networkOf(link: unknown): { name: string } | undefined {
        const m = /global\/networks\/([^/]+)$/.exec(String(link));
        return m ? this.options.networks.find(n => n.name === m[1]) : undefined;
    }

    private operation(type: string, target: string, region?: string): Obj {
        const name = `operation-${randomUUID()}`;
        const op: Obj = {
            kind: 'compute#operation', id: String(++this.seq), name, operationType: type, status: 'RUNNING', progress: 0, targetLink: target,
            selfLink: `${this.base()}/${region ? `regions/${region}` : 'global'}/operations/${name}`, insertTime: new Date().toISOString(), ...(region ? { region: `${this.base()}/regions/${region}` } : {}),
        };
        this.operations.set(name, op);
        return op;
    }

    private dispatch(route: Route, a: Obj, body: Obj | undefined): { status: number; body: Obj } {
        if (a.project !== this.options.project) throw new HttpError(403, 'forbidden', `no access to project ${String(a.project)}`);
        const region = a.region as string | undefined;
        if (route.service === 'Subnetworks' && route.method === 'List') {
            const items = this.options.networks.flatMap(n => n.subnets.filter(s => s.region === region).map(s => ({
                kind: 'compute#subnetwork', id: String(++this.seq), name: n.name, network: `${this.base()}/global/networks/${n.name}`, ipCidrRange: s.cidr, region: `${this.base()}/regions/${region}`, selfLink: `${this.base()}/regions/${region}/subnetworks/${n.name}`,
            })));
            return { status: 200, body: { kind: 'compute#subnetworkList', id: 'list', items, selfLink: `${this.base()}/regions/${region}/subnetworks` } };
        }
        if (route.service === 'RegionOperations' || route.service === 'GlobalOperations') {
            const op = this.operations.get(String(a.operation));
            if (!op) throw new HttpError(404, 'notFound', `operation ${String(a.operation)}`);
            if (route.method === 'Wait' || route.method === 'Get') { op.status = 'DONE'; op.progress = 100; op.endTime = new Date().toISOString(); }
            return { status: 200, body: op };
        }
        const kind = KIND[route.service];
        if (!kind) throw new HttpError(400, 'unsupported', `${route.service}.${route.method} is not implemented by the fake`);
        const scope = kind.regional ? String(region) : 'global';
        const nameParam = route.params.find(p => p !== 'project' && p !== 'region');
        switch (route.method) {
            case 'Get': {
                const r = this.resources.get(this.key(kind.collection, scope, String(a[nameParam!])));
                if (!r) throw new HttpError(404, 'notFound', `The resource 'projects/${this.options.project}/${kind.regional ? `regions/${scope}` : 'global'}/${kind.collection}/${String(a[nameParam!])}' was not found`);
                return { status: 200, body: this.show(kind.collection, r) };
            }
            case 'Insert': {
                const rid = a.requestId as string | undefined;
                if (rid && this.requestIds.has(rid)) return { status: 200, body: this.requestIds.get(rid)! };
                const res = { ...body! };
                const name = String(res.name ?? '');
                if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) throw new HttpError(400, 'invalid', `Invalid value for field 'resource.name': '${name}'`);
                const k = this.key(kind.collection, scope, name);
                if (this.resources.has(k)) throw new HttpError(409, 'alreadyExists', `The resource '${k}' already exists`);
                this.create(kind.collection, scope, res);
                const selfLink = `${this.base()}/${kind.regional ? `regions/${scope}` : 'global'}/${kind.collection}/${name}`;
                Object.assign(res, { id: String(++this.seq), kind: `compute#${kind.type[0].toLowerCase()}${kind.type.slice(1)}`, selfLink, creationTimestamp: new Date().toISOString(), ...(kind.regional ? { region: `${this.base()}/regions/${scope}` } : {}) });
                this.resources.set(k, res);
                const op = this.operation('insert', selfLink, kind.regional ? scope : undefined);
                if (rid) this.requestIds.set(rid, op);
                return { status: 200, body: op };
            }
            case 'Patch': {
                const rid = a.requestId as string | undefined;
                if (rid && this.requestIds.has(rid)) return { status: 200, body: this.requestIds.get(rid)! };
                const k = this.key(kind.collection, scope, String(a[nameParam!]));
                const r = this.resources.get(k);
                if (!r) throw new HttpError(404, 'notFound', `The resource '${k}' was not found`);
                if (body!.name !== undefined && body!.name !== r.name) throw new HttpError(400, 'invalid', `Invalid value for field 'resource.name': '${String(body!.name)}'. The name cannot be changed.`);
                // PATCH semantics: the fields given replace the stored ones (a list as a whole)
                const next = { ...r, ...body! };
                this.patch(kind.collection, scope, next);
                this.resources.set(k, next);
                const op = this.operation('patch', String(r.selfLink), kind.regional ? scope : undefined);
                if (rid) this.requestIds.set(rid, op);
                return { status: 200, body: op };
            }
            case 'Delete': {
                const rid = a.requestId as string | undefined;
                if (rid && this.requestIds.has(rid)) return { status: 200, body: this.requestIds.get(rid)! };
                const k = this.key(kind.collection, scope, String(a[nameParam!]));
                const r = this.resources.get(k);
                if (!r) throw new HttpError(404, 'notFound', `The resource '${k}' was not found`);
                const user = this.userOf(String(r.selfLink));
                if (user) throw new HttpError(400, 'resourceInUseByAnotherResource', `The ${kind.collection} resource '${String(r.name)}' is already being used by '${user}'`);
                this.resources.delete(k);
                if (kind.collection === 'vpnTunnels') this.options.world.remove(String(r.selfLink));
                const op = this.operation('delete', String(r.selfLink), kind.regional ? scope : undefined);
                if (rid) this.requestIds.set(rid, op);
                return { status: 200, body: op };
            }
        }
        throw new HttpError(400, 'unsupported', `${route.service}.${route.method} is not implemented by the fake`);
    }

    /** What refuses a delete: a resource that names this one. */
    private userOf(selfLink: string): string | undefined {
        const tail = selfLink.replace(/^.*projects\//, 'projects/');
        for (const r of this.resources.values()) {
            for (const f of IN_USE_FIELDS) if (String(r[f] ?? '').endsWith(tail)) return String(r.selfLink);
        }
        const addr = [...this.resources.values()].find(r => r.selfLink === selfLink && r.address);
        if (addr) for (const r of this.resources.values()) if (r.IPAddress === addr.address) return String(r.selfLink);
        return undefined;
    }

    private create(collection: string, region: string, r: Obj): void {
        const bad = (field: string, why: string) => new HttpError(400, 'invalid', `Invalid value for field 'resource.${field}': ${why}`);
        switch (collection) {
            case 'addresses': r.address = this.nextAddress(); r.status = 'RESERVED'; break;
            case 'vpnGateways': {
                if (!this.networkOf(r.network)) throw bad('network', `'${String(r.network)}' does not exist`);
                if (r.vpnInterfaces !== undefined) throw bad('vpnInterfaces', 'output only: the interfaces and their addresses are assigned by Google');
                r.vpnInterfaces = [{ id: 0, ipAddress: this.nextAddress() }, { id: 1, ipAddress: this.nextAddress() }];
                break;
            }
            case 'externalVpnGateways': {
                const want: Record<string, number> = { SINGLE_IP_INTERNALLY_REDUNDANT: 1, TWO_IPS_REDUNDANCY: 2, FOUR_IPS_REDUNDANCY: 4 };
                const ifs = (r.interfaces as Obj[] | undefined) ?? [];
                if (!r.redundancyType) throw bad('redundancyType', 'required');
                if (ifs.length !== want[String(r.redundancyType)]) throw bad('interfaces', `${String(r.redundancyType)} takes ${want[String(r.redundancyType)]} interface(s), got ${ifs.length}`);
                ifs.forEach((x, i) => {
                    if (x.id !== i) throw bad(`interfaces[${i}].id`, `expected ${i}`);
                    const ip = v4(String(x.ipAddress ?? ''));
                    if (!ip || ip.len !== 32) throw bad(`interfaces[${i}].ipAddress`, `'${String(x.ipAddress)}' is not an IPv4 address`);
                });
                break;
            }
            case 'routers': {
                if (!this.networkOf(r.network)) throw bad('network', `'${String(r.network)}' does not exist`);
                const asn = Number((r.bgp as Obj | undefined)?.asn);
                if (!routerAsn(asn)) throw bad('bgp.asn', `${String((r.bgp as Obj | undefined)?.asn)} is not a private ASN or 16550`);
                if ((r.interfaces as Obj[] | undefined)?.length || (r.bgpPeers as Obj[] | undefined)?.length) this.patch('routers', region, r);
                break;
            }
            case 'targetVpnGateways': if (!this.networkOf(r.network)) throw bad('network', `'${String(r.network)}' does not exist`); r.status = 'READY'; break;
            case 'forwardingRules': {
                const gw = this.find(String(r.target));
                if (!gw) throw bad('target', `'${String(r.target)}' does not exist`);
                const addr = [...this.resources.values()].find(x => x.address === r.IPAddress && String(x.region ?? '').endsWith(`/regions/${region}`));
                if (!addr) throw bad('IPAddress', `'${String(r.IPAddress)}' is not a reserved address in ${region}`);
                if (r.IPProtocol !== 'ESP' && r.IPProtocol !== 'UDP') throw bad('IPProtocol', 'a VPN gateway takes ESP and UDP');
                addr.status = 'IN_USE';
                break;
            }
            case 'vpnTunnels': if (r.vpnGateway !== undefined) { this.haTunnel(region, r); break; } else {
                const gw = this.find(String(r.targetVpnGateway));
                if (!gw) throw bad('targetVpnGateway', `'${String(r.targetVpnGateway)}' does not exist`);
                const rules = [...this.resources.values()].filter(x => String(x.target ?? '').endsWith(String(r.targetVpnGateway).replace(/^.*projects\//, 'projects/')));
                const need = ['ESP', 'UDP:500', 'UDP:4500'];
                for (const n of need) if (!rules.some(x => (x.IPProtocol === 'ESP' ? 'ESP' : `UDP:${String(x.portRange)}`) === n)) throw bad('targetVpnGateway', `the gateway has no forwarding rule for ${n}`);
                if (!r.sharedSecret) throw bad('sharedSecret', 'required');
                if (r.ikeVersion !== 1 && r.ikeVersion !== 2) throw bad('ikeVersion', String(r.ikeVersion));
                const local = (r.localTrafficSelector as string[]) ?? [];
                const remote = (r.remoteTrafficSelector as string[]) ?? [];
                if (r.ikeVersion === 1 && (local.length > 1 || remote.length > 1)) throw bad('localTrafficSelector', 'IKEv1 takes one CIDR per selector');
                const ip = String(rules[0].IPAddress);
                r.status = 'FIRST_HANDSHAKE';
                r.sharedSecretHash = 'hash';
                this.options.world.put(`${this.base()}/regions/${region}/vpnTunnels/${String(r.name)}`, {
                    provider: 'gcp', name: String(r.name), localIp: ip, peerIp: String(r.peerIp), key: String(r.sharedSecret), local, remote, ike: Number(r.ikeVersion),
                });
                break;
            }
            case 'routes': {
                if (!this.networkOf(r.network)) throw bad('network', `'${String(r.network)}' does not exist`);
                if (r.nextHopVpnTunnel && !this.find(String(r.nextHopVpnTunnel))) throw bad('nextHopVpnTunnel', `'${String(r.nextHopVpnTunnel)}' does not exist`);
                break;
            }
            case 'firewalls': if (!this.networkOf(r.network)) throw bad('network', `'${String(r.network)}' does not exist`); break;
        }
    }

    private nextAddress(): string {
        return this.nextAddresses.shift() ?? `203.0.113.${this.ipSeq++}`;
    }

    /** An HA VPN tunnel: on an interface of an HA VPN gateway, to an interface of a peer gateway, with a Cloud Router of the same network; no Classic fields. */
    private haTunnel(region: string, r: Obj): void {
        const bad = (field: string, why: string) => new HttpError(400, 'invalid', `Invalid value for field 'resource.${field}': ${why}`);
        for (const f of ['targetVpnGateway', 'peerIp', 'localTrafficSelector', 'remoteTrafficSelector']) if (r[f] !== undefined) throw bad(f, 'not allowed on a tunnel of an HA VPN gateway');
        const gw = this.find(String(r.vpnGateway));
        if (!gw || !String(gw.selfLink).includes('/vpnGateways/')) throw bad('vpnGateway', `'${String(r.vpnGateway)}' does not exist`);
        if (!String(gw.region).endsWith(`/regions/${region}`)) throw bad('vpnGateway', 'not in the tunnel\'s region');
        const gi = Number(r.vpnGatewayInterface ?? 0);
        const ifc = (gw.vpnInterfaces as Obj[]).find(x => x.id === gi);
        if (!ifc) throw bad('vpnGatewayInterface', `${gi}: the gateway has interfaces 0 and 1`);
        if (!r.peerExternalGateway && !r.peerGcpGateway) throw bad('peerExternalGateway', 'required: a peer VPN gateway');
        const peer = this.find(String(r.peerExternalGateway));
        if (!peer) throw bad('peerExternalGateway', `'${String(r.peerExternalGateway)}' does not exist`);
        const pi = Number(r.peerExternalGatewayInterface ?? 0);
        const pif = (peer.interfaces as Obj[]).find(x => x.id === pi);
        if (!pif) throw bad('peerExternalGatewayInterface', `${pi}: the peer gateway has ${(peer.interfaces as Obj[]).length} interface(s)`);
        const router = this.find(String(r.router));
        if (!router) throw bad('router', `'${String(r.router)}' does not exist`);
        if (!String(router.region).endsWith(`/regions/${region}`) || this.networkOf(router.network) !== this.networkOf(gw.network)) throw bad('router', 'not in the region and network of the VPN gateway');
        if (!r.sharedSecret) throw bad('sharedSecret', 'required');
        if (r.ikeVersion !== 1 && r.ikeVersion !== 2) throw bad('ikeVersion', String(r.ikeVersion));
        const dup = [...this.resources.values()].find(x => x.vpnGateway && shortLink(String(x.vpnGateway)) === shortLink(String(r.vpnGateway)) && x.vpnGatewayInterface === r.vpnGatewayInterface
            && shortLink(String(x.peerExternalGateway)) === shortLink(String(r.peerExternalGateway)) && x.peerExternalGatewayInterface === r.peerExternalGatewayInterface);
        if (dup) throw bad('peerExternalGatewayInterface', `a tunnel (${String(dup.name)}) already joins these two interfaces`);
        r.status = 'WAITING_FOR_FULL_CONFIG';
        r.sharedSecretHash = 'hash';
        this.options.world.put(`${this.base()}/regions/${region}/vpnTunnels/${String(r.name)}`, {
            provider: 'gcp', name: String(r.name), localIp: String(ifc.ipAddress), peerIp: String(pif.ipAddress), key: String(r.sharedSecret), local: ['0.0.0.0/0'], remote: ['0.0.0.0/0'], ike: Number(r.ikeVersion),
        });
    }

    /** A router's interfaces and BGP peers: each interface on a tunnel that uses this router, a /30 of 169.254.0.0/16; each peer on an interface, both addresses in its range. */
    private patch(collection: string, region: string, r: Obj): void {
        const bad = (field: string, why: string) => new HttpError(400, 'invalid', `Invalid value for field 'resource.${field}': ${why}`);
        if (collection !== 'routers') throw new HttpError(400, 'unsupported', `${collection}.patch is not implemented by the fake`);
        const asn = Number((r.bgp as Obj | undefined)?.asn);
        if (!routerAsn(asn)) throw bad('bgp.asn', String(asn));
        const ifs = (r.interfaces as Obj[] | undefined) ?? [];
        const names = new Set<string>();
        for (const [i, x] of ifs.entries()) {
            if (!x.name || names.has(String(x.name))) throw bad(`interfaces[${i}].name`, `'${String(x.name)}' is missing or used twice`);
            names.add(String(x.name));
            const t = this.find(String(x.linkedVpnTunnel ?? ''));
            if (!t) throw bad(`interfaces[${i}].linkedVpnTunnel`, `'${String(x.linkedVpnTunnel)}' does not exist`);
            if (shortLink(String(t.router)) !== shortLink(`projects/${this.options.project}/regions/${region}/routers/${String(r.name)}`)) throw bad(`interfaces[${i}].linkedVpnTunnel`, 'the tunnel uses another Cloud Router');
            const ip = v4(String(x.ipRange ?? ''));
            if (!ip || ip.len !== 30 || (ip.net & 0xffff0000) >>> 0 !== v4('169.254.0.0')!.addr) throw bad(`interfaces[${i}].ipRange`, `'${String(x.ipRange)}' is not a /30 in 169.254.0.0/16`);
            if (ip.addr === ip.net || ip.addr === ip.net + 3) throw bad(`interfaces[${i}].ipRange`, `'${String(x.ipRange)}': not a host address of the /30`);
            x.managementType = 'MANAGED_BY_USER';
        }
        const peers = (r.bgpPeers as Obj[] | undefined) ?? [];
        for (const [i, p] of peers.entries()) {
            const ifc = ifs.find(x => x.name === p.interfaceName);
            if (!ifc) throw bad(`bgpPeers[${i}].interfaceName`, `'${String(p.interfaceName)}' is not an interface of the router`);
            const range = v4(String(ifc.ipRange))!;
            const mine = v4(String(p.ipAddress ?? '')), theirs = v4(String(p.peerIpAddress ?? ''));
            if (!theirs || theirs.net >>> (32 - range.len) !== range.net >>> (32 - range.len) || theirs.addr === range.addr) throw bad(`bgpPeers[${i}].peerIpAddress`, `'${String(p.peerIpAddress)}' is not the other address of ${String(ifc.ipRange)}`);
            if (p.ipAddress !== undefined && (!mine || mine.addr !== range.addr)) throw bad(`bgpPeers[${i}].ipAddress`, `'${String(p.ipAddress)}' is not the interface's address ${String(ifc.ipRange)}`);
            const pa = Number(p.peerAsn);
            if (!Number.isInteger(pa) || pa < 1) throw bad(`bgpPeers[${i}].peerAsn`, 'required');
            if (pa === asn) throw bad(`bgpPeers[${i}].peerAsn`, 'the same as the router\'s ASN (eBGP only)');
            p.managementType = 'MANAGED_BY_USER';
        }
    }

    /** As the API: the key is never returned (only a hash), tunnel status from whether the far end agrees. */
    private show(collection: string, r: Obj): Obj {
        if (collection !== 'vpnTunnels') return r;
        const { sharedSecret: _k, ...rest } = r;
        // an HA VPN tunnel waits for its BGP session: an interface of its router linked to it
        if (r.vpnGateway) {
            const router = this.find(String(r.router));
            const linked = ((router?.interfaces as Obj[] | undefined) ?? []).some(x => shortLink(String(x.linkedVpnTunnel)) === shortLink(String(r.selfLink)));
            if (!linked) return { ...rest, status: 'WAITING_FOR_FULL_CONFIG' };
        }
        return { ...rest, status: this.options.world.established(String(r.selfLink)) ? 'ESTABLISHED' : 'NO_INCOMING_PACKETS' };
    }

    inventory(): Record<string, string[]> {
        const out: Record<string, string[]> = {};
        for (const [k] of this.resources) { const [c, , n] = k.split('/'); (out[c] ??= []).push(n); }
        for (const v of Object.values(out)) v.sort();
        return out;
    }
}

function shortLink(link: string): string {
    const i = link.indexOf('projects/');
    return i >= 0 ? link.slice(i) : link;
}

class HttpError extends Error {
    constructor(readonly status: number, readonly reason: string, message: string) { super(message); }
}
