// Deterministic synthetic topologies for `npm run bench` (bench/README.md).
//
// Every topology is realistic: providers and regions, a public gateway address per site, one
// /24 per spoke (no two sites overlap), a host in every site, and explicit tunnels with
// `ike v2`, proposals both providers accept, `psk env` and a routing mode. The same seed gives
// the same bytes, so figures of two runs compare.

/** mulberry32: a tiny seeded PRNG (deterministic across Node versions). */
export function rng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const REGIONS = {
    tencent: ['ap-guangzhou', 'ap-shanghai', 'ap-beijing', 'ap-hongkong', 'ap-singapore'],
    aws: ['us-east-1', 'eu-west-1', 'ap-northeast-1', 'eu-central-1', 'us-west-2'],
    alibaba: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'ap-southeast-1'],
    huawei: ['cn-north-4', 'cn-east-3', 'cn-south-1', 'ap-southeast-1'],
    qingcloud: ['pek3', 'sh1', 'gd2', 'ap2a'],
    azure: ['westeurope', 'eastus', 'southeastasia', 'japaneast'],
    gcp: ['asia-east2', 'europe-west1', 'us-central1', 'asia-northeast1'],
    strongswan: ['dc-frankfurt', 'dc-amsterdam', 'dc-virginia', 'dc-tokyo'],
};
const PROVIDERS = Object.keys(REGIONS);

// Accepted with IKEv2 by every provider profile in language-server/src/providers (AES-128 /
// SHA-256 / DH 14: QingCloud's `AES` is AES-128, and it is the baseline every console offers).
const IKE_PROPOSAL = 'aes128-sha256-modp2048';
const ESP_PROPOSAL = 'aes128-sha256-modp2048';

const pad = (n, w = 5) => String(n).padStart(w, '0');
/** Spoke i (1-based, up to 65,535) owns 10.(i>>8).(i&255).0/24. */
const spokeNet = i => `10.${i >> 8}.${i & 255}.0/24`;
const spokeHost = i => `10.${i >> 8}.${i & 255}.10`;
/** Stars of more than 65,535 spokes: spoke i (up to 262,143) owns a /26 of 10.0.0.0/8. */
const smallNet = i => `10.${i >> 10}.${(i >> 2) & 255}.${(i & 3) << 6}/26`;
const smallHost = i => `10.${i >> 10}.${(i >> 2) & 255}.${((i & 3) << 6) + 10}`;
/** A public-looking, unique gateway address per site. */
const gatewayOf = i => `${198 - (i >> 16)}.${51 + ((i >> 8) & 127)}.${i & 255}.${1 + (i % 200)}`;

function siteLine(name, provider, region, cidr, gateway, hub, routes = []) {
    const r = routes.map(([dest, via]) => ` route ${dest} via ${via}`).join('');
    return `site ${name} < provider ${provider} region ${region} cidr ${cidr} gateway ${gateway}${r} >${hub ? ` hub ${hub}` : ''}`;
}

// Tencent Cloud route tables need an explicit route (next hop: the VPN gateway) for what goes
// into a policy-based tunnel (missing-route otherwise), so its sites carry `route` lines.
const NEEDS_ROUTES = new Set(['tencent']);

function tunnelProps(local, remote, psk, routing = 'policy') {
    const sel = local ? ` local ${local} remote ${remote}` : '';
    return `<${sel} ike v2 ike-proposal ${IKE_PROPOSAL} esp-proposal ${ESP_PROPOSAL} psk env ${psk} routing ${routing} >`;
}

/**
 * The spokes of a star, as statement groups per spoke (site, host, and for every 10th spoke an
 * explicit hub <-> spoke tunnel; the others are derived from `hub`).
 */
function starParts(spokes, seed) {
    const r = rng(seed);
    const hub = 'core';
    const head = [
        siteLine(hub, 'strongswan', 'dc-frankfurt', '172.16.0.0/16', '203.0.113.1', hub),
        'host core-vm 172.16.0.10 in core',
    ];
    const parts = [];
    const [netOf, hostOf] = spokes > 65535 ? [smallNet, smallHost] : [spokeNet, spokeHost];
    for (let i = 1; i <= spokes; i++) {
        const provider = PROVIDERS[Math.floor(r() * PROVIDERS.length)];
        const regions = REGIONS[provider];
        const region = regions[Math.floor(r() * regions.length)];
        const name = `s${pad(i)}`;
        const tunnel = `${hub}-${name}`;
        const routes = NEEDS_ROUTES.has(provider) ? [['10.0.0.0/8', tunnel], ['172.16.0.0/16', tunnel]] : [];
        const lines = [siteLine(name, provider, region, netOf(i), gatewayOf(i), hub, routes), `host vm${pad(i)} ${hostOf(i)} in ${name}`];
        // AWS accepts one CIDR per side on a policy-based tunnel: its spokes attach over BGP.
        // A spoke that routes via its tunnel must name it, so Tencent spokes declare theirs.
        if (NEEDS_ROUTES.has(provider)) lines.push(`tunnel ${tunnel} ${hub} <-> ${name} ${tunnelProps(undefined, undefined, `PSK_${name.toUpperCase()}`)}`);
        else if (provider === 'aws') lines.push(`tunnel ${hub}-${name} ${hub} <-> ${name} ${tunnelProps(undefined, undefined, `PSK_${name.toUpperCase()}`, 'bgp')}`);
        else if (i % 10 === 0) lines.push(`tunnel ${hub}-${name} ${hub} <-> ${name} ${tunnelProps(undefined, undefined, `PSK_${name.toUpperCase()}`)}`);
        parts.push(lines);
    }
    return { head, parts };
}

/** A star of `spokes` spokes around one hub, in one file. */
export function star(spokes, seed = 8) {
    const { head, parts } = starParts(spokes, seed);
    const text = [
        `// Synthetic star: 1 hub, ${spokes} spokes (bench/generate.mjs, seed ${seed}).`,
        `topology star-${spokes}`,
        '',
        ...head,
        ...parts.flat(),
        '',
    ].join('\n');
    return [{ name: 'star.topo', text }];
}

/** The same star split over `files` files that share one `topology NAME`. */
export function split(spokes, files, seed = 8) {
    const { head, parts } = starParts(spokes, seed);
    const per = Math.ceil(parts.length / files);
    const out = [];
    for (let f = 0; f < files; f++) {
        const chunk = parts.slice(f * per, (f + 1) * per);
        const text = [
            `// Synthetic star split over ${files} files: part ${f + 1} (bench/generate.mjs, seed ${seed}).`,
            `topology split-${spokes}`,
            '',
            ...(f === 0 ? head : []),
            ...chunk.flat(),
            '',
        ].join('\n');
        out.push({ name: `part-${pad(f + 1, 3)}.topo`, text });
    }
    return out;
}

/**
 * A partial mesh: `sites` sites, each joined to the next `degree` sites (mod `sites`), so
 * sites * degree explicit tunnels with selectors, proposals and keys. One in three is written
 * as two `->` statements (one per end), the others as `<->`.
 */
export function mesh(sites, degree, seed = 9) {
    const r = rng(seed);
    const lines = [`// Synthetic partial mesh: ${sites} sites, ${sites * degree} tunnels (bench/generate.mjs, seed ${seed}).`, `topology mesh-${sites}`, ''];
    const name = i => `m${pad(i, 3)}`;
    const net = i => `10.${100 + (i >> 8)}.${i & 255}.0/24`;
    const providers = [];
    for (let i = 0; i < sites; i++) providers.push(PROVIDERS[Math.floor(r() * PROVIDERS.length)]);
    const regionOf = providers.map(p => REGIONS[p][Math.floor(r() * REGIONS[p].length)]);
    const routes = providers.map(() => []);
    const tunnels = [];
    let n = 0;
    for (let i = 0; i < sites; i++) {
        for (let d = 1; d <= degree; d++) {
            const j = (i + d) % sites;
            const a = name(i), b = name(j);
            const psk = `PSK_${a.toUpperCase()}_${b.toUpperCase()}`;
            // QingCloud tunnels are policy-based only
            const routing = providers[i] === 'qingcloud' || providers[j] === 'qingcloud' || r() < 0.5 ? 'policy' : 'static';
            if (NEEDS_ROUTES.has(providers[i])) routes[i].push([net(j), `${a}-${b}`]);
            if (NEEDS_ROUTES.has(providers[j])) routes[j].push([net(i), `${a}-${b}`]);
            if (n++ % 3 === 2) {
                tunnels.push(`tunnel ${a}-${b} ${a} -> ${b} ${tunnelProps(net(i), net(j), psk, routing)}`);
                tunnels.push(`tunnel ${b}-${a} ${b} -> ${a} ${tunnelProps(net(j), net(i), psk, routing)}`);
            } else {
                tunnels.push(`tunnel ${a}-${b} ${a} <-> ${b} ${tunnelProps(net(i), net(j), psk, routing)}`);
            }
        }
    }
    for (let i = 0; i < sites; i++) {
        lines.push(siteLine(name(i), providers[i], regionOf[i], net(i), gatewayOf(1000 + i), undefined, routes[i]));
        lines.push(`host vm${pad(i, 3)} 10.${100 + (i >> 8)}.${i & 255}.10 in ${name(i)}`);
    }
    lines.push('', ...tunnels);
    lines.push('');
    return [{ name: 'mesh.topo', text: lines.join('\n') }];
}

/** The benchmark's scenarios. */
export function scenarios() {
    return [
        { id: 'star-100', title: 'star, 100 spokes', sites: 101, files: star(100) },
        { id: 'star-1000', title: 'star, 1,000 spokes', sites: 1001, files: star(1000) },
        { id: 'star-10000', title: 'star, 10,000 spokes', sites: 10001, files: star(10000) },
        { id: 'mesh-300', title: 'mesh, 300 sites, 3,000 tunnels', sites: 300, files: mesh(300, 10) },
        { id: 'split-10000', title: 'star, 10,000 spokes in 100 files', sites: 10001, files: split(10000, 100) },
        // Ten times the largest, over 100 files of 1,000 spokes (in one file, 19 MB, it would pass
        // the parser's limits, services/parser/limits.ts): one cold check, and a short LSP session
        // (the server must stay responsive: completion in full, fewer edits, diagrams and reads).
        {
            id: 'star-100000', title: 'star, 100,000 spokes in 100 files', sites: 100001, files: split(100000, 100),
            limits: { parseRuns: 1, checkRuns: 1, edits: 6, diagramEdits: 2, requests: 10 },
        },
    ];
}
