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
const V1 = ROOT.nested.google.nested.cloud.nested.compute.nested.v1.nested;

const SERVICES = ['Addresses', 'TargetVpnGateways', 'ForwardingRules', 'VpnTunnels', 'Routes', 'Firewalls', 'Subnetworks', 'RegionOperations', 'GlobalOperations', 'Networks'];
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

interface Route { service: string; method: string; verb: string; regex: RegExp; params: string[]; request: string; body?: string }
const ROUTES: Route[] = [];
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
};

export interface GcpFakeOptions {
    project: string;
    clientEmail: string;
    publicKeyPem: string;
    world: World;
    networks: { name: string; subnets: { region: string; cidr: string }[] }[];
}

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
            for (const f of ['target', 'targetVpnGateway', 'nextHopVpnTunnel']) if (String(r[f] ?? '').endsWith(tail)) return String(r.selfLink);
        }
        const addr = [...this.resources.values()].find(r => r.selfLink === selfLink && r.address);
        if (addr) for (const r of this.resources.values()) if (r.IPAddress === addr.address) return String(r.selfLink);
        return undefined;
    }

    private create(collection: string, region: string, r: Obj): void {
        const bad = (field: string, why: string) => new HttpError(400, 'invalid', `Invalid value for field 'resource.${field}': ${why}`);
        switch (collection) {
            case 'addresses': r.address = `203.0.113.${this.ipSeq++}`; r.status = 'RESERVED'; break;
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
            case 'vpnTunnels': {
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

    /** As the API: the key is never returned (only a hash), tunnel status from whether the far end agrees. */
    private show(collection: string, r: Obj): Obj {
        if (collection !== 'vpnTunnels') return r;
        const { sharedSecret: _k, ...rest } = r;
        return { ...rest, status: this.options.world.established(String(r.selfLink)) ? 'ESTABLISHED' : 'NO_INCOMING_PACKETS' };
    }

    inventory(): Record<string, string[]> {
        const out: Record<string, string[]> = {};
        for (const [k] of this.resources) { const [c, , n] = k.split('/'); (out[c] ??= []).push(n); }
        for (const v of Object.values(out)) v.sort();
        return out;
    }
}

class HttpError extends Error {
    constructor(readonly status: number, readonly reason: string, message: string) { super(message); }
}
