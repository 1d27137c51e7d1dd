/**
 * What the cloud adapters share: the resources a provider's driver wants to exist (each created
 * by exactly one API call whose parameters are data), values only known at run time (the id of
 * a resource created earlier in the run, a gateway's public address, a pre-shared key), errors
 * classified so that retries are bounded and a failure is one line, and the credential error
 * that stops a run before anything changes.
 *
 * A driver (tencent.ts, gcp.ts) knows one provider's API; `CloudAdapter` (adapter.ts) turns the
 * drivers' desired and found resources into one plan in the runbooks' dependency order, runs it
 * and keeps the journal.
 */
import { createHash } from 'node:crypto';
import type { Site, Topology } from '../../model/types.js';

export type CloudProviderId = 'tencent' | 'gcp' | 'qingcloud';
export const CLOUD_PROVIDERS: readonly CloudProviderId[] = ['tencent', 'gcp', 'qingcloud'];
/** Whether a site's provider is one the cloud adapters drive (the editor asks, to show their status). */
export const isCloudProvider = (p: string | undefined): p is CloudProviderId => !!p && (CLOUD_PROVIDERS as readonly string[]).includes(p);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The order of the runbooks (runbooks/types.ts phases): every provider's gateways and addresses
 * first (GCP's reserved address exists before Tencent's customer gateway that needs it), then
 * what describes the peers, then the tunnels, then routes and firewall rules.
 */
export const PHASES = ['gateway', 'peer', 'tunnel', 'routes'] as const;
export type Phase = (typeof PHASES)[number];

/** A fact known only at run time: `id:<resource key>`, `ip:<site>` (the site's public VPN address), `link:<resource key>` (GCP self link). */
export const ref = (fact: string): Json => ({ $ref: fact });
/** The pre-shared key of a tunnel: resolved when the call is made, shown as where it comes from. */
export const secret = (tunnel: string): Json => ({ $secret: tunnel });
/** A string made of parts, some known only at run time (QingCloud's `val1` = `peer|key|id`). */
export const join = (parts: Json[], sep: string): Json => ({ $join: parts, sep });

export interface CloudCall {
    provider: CloudProviderId;
    /** The API's own name: Tencent `CreateVpnGateway`, GCP `vpnTunnels.insert`. */
    method: string;
    /** Region / project scope of the call (Tencent region, GCP region or `global`). */
    region?: string;
    params: Json;
    /** The follow-up calls the driver makes to finish this one (shown in the plan). */
    then?: string;
}

/** One resource a driver wants to exist, created by one call. */
export interface DesiredResource {
    /** Unique within a run: `<provider>:<kind>:<name>`. */
    key: string;
    provider: CloudProviderId;
    kind: string;
    name: string;
    site: string;
    phase: Phase;
    create: CloudCall;
    /** The digest of `create` as stored with the resource (tag, description); absent when the provider keeps none. */
    digest?: string;
    /** Facts the created resource makes known: fact -> dotted path in the resource the driver returns. */
    produces: Record<string, string>;
    /** The call that deletes the resource found as `found`. */
    remove(found: Found): CloudCall;
    /** Keys of resources this one names without a ref (GCP links by name): replaced with them. */
    dependsOn?: string[];
    /** Not a resource but pending changes to apply (QingCloud's UpdateRouters): planned when not `found`, never destroyed or journaled. */
    transient?: boolean;
    /** Changed in place: a found resource with other parameters is planned as its create call alone (GCP's routers.patch), not delete + create. */
    patchable?: boolean;
    /** An existing resource the user handed to Topo (never changed or deleted). */
    adopted?: string;
}

/** What observe found under a desired resource's name (or adopted id). */
export interface Found {
    key: string;
    id: string;
    /** Tagged or labelled as this topology's, or recorded in the journal as created by Topo. */
    owned: boolean;
    /** The spec digest stored with the resource (tag / description), when the provider keeps one. */
    digest?: string;
    /** Facts read from the resource (its id, public address, self link). */
    facts: Record<string, string>;
    /** The provider's view of a tunnel (`NetStatus`, `status`). */
    status?: string;
    /** For resources without a stored digest: whether it already is what `create` would make (refs resolved). */
    matches?: (resolve: (v: Json) => Json) => boolean;
}

export interface Driver {
    readonly provider: CloudProviderId;
    /** Throws CredentialError when no credential is found. Reads nothing from the network. */
    checkCredentials(): void;
    /** What should exist for these sites (the provider's sites of the topology), in creation order. */
    desired(model: Topology, sites: Site[]): { resources: DesiredResource[]; problems: string[] };
    /** Looks up every desired resource; also reads the facts the plan needs (VPC, network, route table). */
    observe(resources: DesiredResource[], journalIds: Set<string>): Promise<{ found: Found[]; facts: Record<string, string>; problems: string[] }>;
    /** Finds one resource again (after a failed create whose effect is unknown); `params` are the create call's, resolved. */
    find(resource: DesiredResource, journalIds: Set<string>, params?: Json): Promise<Found | undefined>;
    /** Finishes a resource found after an interrupted create (QingCloud: apply the router's pending rules). */
    settle?(resource: DesiredResource, found: Found, params: Json): Promise<void>;
    /** Makes one call and waits for it to take effect (task, operation, state); returns the resource for a create. */
    execute(call: CloudCall, params: Json): Promise<Json | undefined>;
}

/** No credential for a provider: one line naming what to set (the CLI exits 2 before anything changes). */
export class CredentialError extends Error {}

export type ErrorClass = 'transient' | 'quota' | 'permission' | 'not-found' | 'invalid' | 'other';

/** An API error as one line: provider, call, the provider's code, its message. */
export class CloudError extends Error {
    constructor(readonly provider: CloudProviderId, readonly method: string, readonly code: string, message: string, readonly errorClass: ErrorClass) {
        super(`${provider} ${method}: ${code}: ${message}`);
    }
}

/** A short digest of a call's parameters (refs and key placeholders as written: no key ever goes in). */
export function specDigest(call: CloudCall): string {
    return createHash('sha256').update(`${call.method}\u0000${canonical(call.params)}`).digest('hex').slice(0, 16);
}

export function canonical(v: Json): string {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
    return `{${Object.keys(v).sort().map(k => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

/** Every `$ref` fact a value needs. */
export function refsOf(v: Json, out: string[] = []): string[] {
    if (v === null || typeof v !== 'object') return out;
    if (Array.isArray(v)) { for (const x of v) refsOf(x, out); return out; }
    if (typeof v.$ref === 'string') { out.push(v.$ref); return out; }
    for (const k of Object.keys(v)) refsOf(v[k], out);
    return out;
}

/** Replaces refs and secrets; `missing` collects refs without a value (left as they are). */
export function substitute(v: Json, fact: (name: string) => string | undefined, key: (tunnel: string) => string | undefined, missing: string[] = []): Json {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(x => substitute(x, fact, key, missing));
    if (typeof v.$ref === 'string') {
        const value = fact(v.$ref);
        if (value === undefined) { missing.push(v.$ref); return v; }
        return value;
    }
    if (typeof v.$secret === 'string') {
        const value = key(v.$secret);
        if (value === undefined) { missing.push(`key of ${v.$secret}`); return v; }
        return value;
    }
    if (Array.isArray(v.$join)) {
        const before = missing.length;
        const parts = v.$join.map(x => substitute(x, fact, key, missing));
        return missing.length > before ? v : parts.map(String).join(String(v.sep ?? ''));
    }
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(v)) out[k] = substitute(v[k], fact, key, missing);
    return out;
}

/** A value read from a resource by a dotted path (`VpnGateway.PublicIpAddress`, `vpnInterfaces.0.ipAddress`). */
export function pathValue(v: Json | undefined, dotted: string): string | undefined {
    let cur: Json | undefined = v;
    for (const part of dotted.split('.')) {
        if (cur === null || typeof cur !== 'object') return undefined;
        cur = Array.isArray(cur) ? (/^\d+$/.test(part) ? cur[Number(part)] : undefined) : cur[part];
    }
    return typeof cur === 'string' || typeof cur === 'number' ? String(cur) : undefined;
}

/**
 * Parameters as the plan shows them: values inline, a ref as `<what it is>`, a key as where it
 * comes from (never the key).
 */
export function showParams(v: Json, describeRef: (fact: string) => string | { known: string }, describeSecret: (tunnel: string) => string): string {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(x => showParams(x, describeRef, describeSecret)).join(', ')}]`;
    if (typeof v.$ref === 'string') {
        const d = describeRef(v.$ref);
        return typeof d === 'string' ? `<${d}>` : JSON.stringify(d.known);
    }
    if (typeof v.$secret === 'string') return `<${describeSecret(v.$secret)}>`;
    if (Array.isArray(v.$join)) {
        return JSON.stringify(v.$join.map(x => (typeof x === 'string' ? x : showParams(x, describeRef, describeSecret).replace(/^"(.*)"$/, '$1'))).join(String(v.sep ?? '')));
    }
    return `{${Object.keys(v).map(k => `${k}: ${showParams(v[k], describeRef, describeSecret)}`).join(', ')}}`;
}

/** The label value every provider accepts (lowercase letters, digits, dashes; at most 63). */
export function labelValue(s: string): string {
    return s.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 63) || 'topo';
}

export const sleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms));
