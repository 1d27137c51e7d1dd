/**
 * swanctl.conf for one strongSwan site, from the resolved model. Pure: no I/O, no environment
 * access (the caller decides how secrets are written).
 *
 * - one connection per tunnel end configured at the site (declared, mirrored or derived);
 * - IKEv2: one child with all local/remote selectors; IKEv1: one child per (local, remote)
 *   pair, because IKEv1 negotiates only the first selector of a child, silently;
 * - IKE version, proposals, selectors and key source: the end's effective settings
 *   (resolve/settings.ts); an end whose tunnel has no common suite gets no connection, only a
 *   problem (nothing falls back to a suite neither end agreed to);
 * - one setting per line (a swanctl.conf value runs to the end of its line);
 * - `secrets { ike-<peer> { id-a, id-b, secret } }` with ids = the gateways' public addresses.
 */
import type { Site, Topology, TunnelEnd } from '../../model/types.js';
import { type PskSource, settingsOf } from '../../resolve/index.js';

export type { PskSource } from '../../resolve/index.js';

export interface ChildConfig { name: string; local: string[]; remote: string[]; espProposals: string[] }

export interface ConnectionConfig {
    /** Connection name: the end's name (`<site>-<peer>` for derived and mirrored ends). */
    name: string;
    end: TunnelEnd;
    version: 1 | 2;
    localAddr?: string;
    remoteAddr?: string;
    ikeProposals: string[];
    children: ChildConfig[];
    /** Name of the secrets section (`ike-<peer>`). */
    secretName: string;
    /** Where the key comes from (never the value). */
    psk?: PskSource;
    /** true when this end's site is the one that initiates (see `initiatorOf`). */
    initiates: boolean;
    /** IKE identities (resolve/: written `local-id` / `remote-id`, else the gateway addresses). */
    localId?: string;
    remoteId?: string;
    /** Written lifetimes (seconds) and DPD interval (0 = off); charon's defaults otherwise. */
    ikeLifetime?: number;
    espLifetime?: number;
    dpdDelay?: number;
}

export interface SiteConfig {
    site: Site;
    connections: ConnectionConfig[];
    /** Things that make the configuration unusable as is (missing gateway address, ...). */
    problems: string[];
}

export function isStrongswan(site: Site): boolean {
    return site.provider === 'strongswan';
}

/**
 * Which end of a tunnel starts the negotiation: the strongSwan end if only one is strongSwan;
 * else the spoke of a star (hubs answer); else the first written end (`a`).
 */
export function initiatorOf(end: TunnelEnd): TunnelEnd {
    const t = end.tunnel;
    const sw = [t.a, t.b].filter(e => isStrongswan(e.site));
    if (sw.length === 1) return sw[0];
    const isCentre = (e: TunnelEnd) => e.site.hub === e.site;
    if (isCentre(t.a) && !isCentre(t.b)) return t.b;
    if (isCentre(t.b) && !isCentre(t.a)) return t.a;
    return t.a;
}

/**
 * The structured configuration of one site (what `renderSwanctlConf` prints). `learned`: public
 * addresses of peer sites that the topology does not write but a cloud adapter reported (a
 * Tencent or Google Cloud gateway's address exists only once it is created), by site name.
 */
export function siteConfig(site: Site, _topology?: Topology, learned: Record<string, string> = {}): SiteConfig {
    const problems: string[] = [];
    const connections: ConnectionConfig[] = [];
    const address = (p: Site['gateway']) => (p ? p.text.replace(/\/(32|128)$/, '') : undefined);
    if (!site.gateway) problems.push(`site ${site.name} has no gateway address (write 'gateway IP' in its site statement)`);
    const used = new Set<string>();
    // Connection and child names are unique in one charon by construction: strongSwan merges
    // sections of the same name silently (an explicit tunnel `a-b` to c and the derived `a-b` to b).
    const names = new Set<string>();
    const unique = (base: string) => {
        let name = base;
        for (let n = 2; names.has(name); n++) name = `${base}-${n}`;
        names.add(name);
        return name;
    };
    for (const end of site.ends) {
        const settings = settingsOf(end);
        const crypto = settings.crypto;
        const peer = end.peer;
        if (crypto.state !== 'resolved') {
            problems.push(`tunnel ${end.tunnel.name} at ${site.name}: ${crypto.reason === 'no-ike-version' ? 'the two ends share no IKE version' : 'the two ends share no proposal'}; no connection is written for it`);
            continue;
        }
        // a redundant tunnel uses its own pair of the sites' gateway addresses; a gateway behind NAT
        // binds its own address (`behind-nat`), the peer connects to the public one (NAT-T is automatic in charon)
        const localAddr = address(settings.natAddress.value ?? settings.gateway.value);
        const remoteAddr = address(settings.peerGateway.value) ?? learned[peer.name];
        if (!remoteAddr) problems.push(`tunnel ${end.tunnel.name}: the peer site ${peer.name} has no gateway address`);
        const local = settings.local.value.map(n => n.prefix.text);
        const remote = settings.remote.value.map(n => n.prefix.text);
        if (!local.length || !remote.length) problems.push(`tunnel ${end.tunnel.name} at ${site.name}: no traffic selectors (the sites have no cidr)`);
        const name = unique(end.name);
        const children: ChildConfig[] = [];
        const version = crypto.ike.value, espProposals = crypto.espProposals.value;
        if (version === 1) {
            let i = 0;
            for (const l of local) for (const r of remote) children.push({ name: unique(`${name}-${i++}`), local: [l], remote: [r], espProposals });
        } else {
            children.push({ name, local, remote, espProposals });
        }
        let secretName = `ike-${peer.name}`;
        for (let n = 2; used.has(secretName); n++) secretName = `ike-${peer.name}-${n}`;
        used.add(secretName);
        connections.push({
            name, end, version, localAddr, remoteAddr, ikeProposals: crypto.ikeProposals.value, children,
            secretName, psk: settings.psk.value, initiates: initiatorOf(end) === end,
            localId: settings.localId.value?.value ?? localAddr, remoteId: settings.remoteId.value?.value ?? remoteAddr,
            ...writtenTimers(settings),
        });
    }
    return { site, connections, problems };
}

const isWritten = (s: { from: string }) => s.from === 'declared' || s.from === 'mirrored';

/** The lifetimes and DPD written for an end (resolve/); what is not written keeps charon's defaults. */
function writtenTimers(s: ReturnType<typeof settingsOf>): Pick<ConnectionConfig, 'ikeLifetime' | 'espLifetime' | 'dpdDelay'> {
    const dpd = s.dpd.value;
    return {
        ikeLifetime: isWritten(s.ikeLifetime) ? s.ikeLifetime.value : undefined,
        espLifetime: isWritten(s.espLifetime) ? s.espLifetime.value : undefined,
        dpdDelay: isWritten(s.dpd) && dpd ? (dpd === 'off' ? 0 : dpd.delay) : undefined,
    };
}

/** An identity as a swanctl.conf value: an address or FQDN as is, a user FQDN as is (strongSwan reads `@` forms). */
function idValue(id: string): string {
    return /^[A-Za-z0-9.:@_-]+$/.test(id) ? id : JSON.stringify(id);
}

export interface RenderOptions {
    /**
     * How to write each secret. Default `reference`: a placeholder naming where the key comes
     * from (for runbooks and display). A function returns the key (e.g. read from the environment
     * at apply time), written base64-encoded; `{ verbatim }` is written as is (a shell expression
     * in a runbook's here-document); undefined writes the reference.
     */
    secret?: 'reference' | ((connection: ConnectionConfig) => string | { verbatim: string } | undefined);
    /** First comment line (default: names the site and the topology). */
    header?: string;
}

/** How a reference to a key reads in a rendered file. */
export function secretReference(c: ConnectionConfig): string {
    const src = c.psk;
    if (!src) return '<pre-shared key>';
    return src.kind === 'env' ? `<value of environment variable ${src.variable}>` : `<pre-shared key written in tunnel ${src.tunnel}>`;
}

/**
 * A key as a swanctl.conf value: always base64 (`0s...`). swanctl reads a value that begins with
 * `0x` or `0s` (any case, quoted or not) as hex or base64, so a literal key `0x1234abcd` written
 * plainly would become other bytes and fail with AUTH_FAILED against a peer holding the literal.
 */
export function quoteSecret(value: string): string {
    return `0s${Buffer.from(value, 'utf8').toString('base64')}`;
}

/** swanctl.conf for `site` (a strongSwan site of `topology`). */
export function renderSwanctlConf(site: Site, topology: Topology, options: RenderOptions = {}): string {
    return renderSiteConfig(siteConfig(site, topology), topology, options);
}

export function renderSiteConfig(config: SiteConfig, topology: Topology | undefined, options: RenderOptions = {}): string {
    const { site } = config;
    const out: string[] = [];
    const role = site.hub === site ? `hub ${site.name}` : site.hub ? `spoke ${site.name} (hub ${site.hub.name})` : `site ${site.name}`;
    out.push(options.header ?? `# ${role}${topology?.name ? `, topology ${topology.name}` : ''}: generated by Topo; edit the .topo file, not this file`);
    for (const p of config.problems) out.push(`# PROBLEM: ${p}`);
    out.push('connections {');
    for (const c of config.connections) {
        out.push(`  ${c.name} {`);
        out.push(`    version = ${c.version}`);
        if (c.localAddr) out.push(`    local_addrs = ${c.localAddr}`);
        if (c.remoteAddr) out.push(`    remote_addrs = ${c.remoteAddr}`);
        out.push(`    proposals = ${c.ikeProposals.join(',')}`);
        if (c.ikeLifetime !== undefined) out.push(`    rekey_time = ${c.ikeLifetime}s`);
        if (c.dpdDelay !== undefined) out.push(`    dpd_delay = ${c.dpdDelay}s`);
        out.push('    local {');
        out.push('      auth = psk');
        if (c.localId) out.push(`      id = ${idValue(c.localId)}`);
        out.push('    }');
        out.push('    remote {');
        out.push('      auth = psk');
        if (c.remoteId) out.push(`      id = ${idValue(c.remoteId)}`);
        out.push('    }');
        out.push('    children {');
        for (const ch of c.children) {
            out.push(`      ${ch.name} {`);
            out.push(`        local_ts = ${ch.local.join(',')}`);
            out.push(`        remote_ts = ${ch.remote.join(',')}`);
            out.push(`        esp_proposals = ${ch.espProposals.join(',')}`);
            if (c.espLifetime !== undefined) out.push(`        rekey_time = ${c.espLifetime}s`);
            out.push('        start_action = none');
            out.push('      }');
        }
        out.push('    }');
        out.push('  }');
    }
    out.push('}');
    out.push('secrets {');
    for (const c of config.connections) {
        const value = typeof options.secret === 'function' ? options.secret(c) : undefined;
        out.push(`  ${c.secretName} {`);
        if (c.localId) out.push(`    id-a = ${idValue(c.localId)}`);
        if (c.remoteId) out.push(`    id-b = ${idValue(c.remoteId)}`);
        out.push(`    secret = ${value === undefined ? JSON.stringify(secretReference(c)) : typeof value === 'string' ? quoteSecret(value) : value.verbatim}`);
        out.push('  }');
    }
    out.push('}');
    return out.join('\n') + '\n';
}

/** The strongSwan sites of a topology, optionally only the named one. */
export function strongswanSites(topology: Topology, only?: string): Site[] {
    return topology.sites.filter(s => isStrongswan(s) && (only === undefined || s.name === only));
}
