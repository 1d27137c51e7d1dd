/**
 * A self-managed strongSwan gateway: prepare the host, write swanctl.conf (rendered by the
 * strongSwan adapter's `renderSwanctlConf`, with every secret as a shell variable reference that
 * the here-document fills in: the key never appears in the runbook), load, initiate.
 */
import { renderSwanctlConf, siteConfig, type ConnectionConfig } from '../../adapters/strongswan/render.js';
import { implicitPskVariable } from '../../resolve/index.js';
import type { Site } from '../../model/types.js';
import { type Ctx, code, gatewayAddress, gwIp, pskProduces, pskValue, step } from '../context.js';
import type { Step, Txt } from '../types.js';

/** The shell variable the here-document reads a connection's key from. */
export function secretVariable(c: ConnectionConfig): string {
    return c.psk?.kind === 'env' ? c.psk.variable : implicitPskVariable(c.end.tunnel.name);
}

export function strongswanSteps(ctx: Ctx, site: Site): Step[] {
    const s = ctx.m.strongswan;
    const steps: Step[] = [];
    const isHub = site.hub === site || site.ends.length > 1;
    const prep = [
        'apt-get install -y strongswan-swanctl strongswan-charon',
        'sysctl -w net.ipv4.ip_forward=1',
        ...(isHub ? ['sysctl -w net.ipv4.conf.all.send_redirects=0'] : []),
    ];
    steps.push(step({
        key: `strongswan:prepare:${site.name}`, phase: 'gateway', site, provider: 'strongswan',
        title: s.prepare,
        blocks: [
            { kind: 'fields', fields: [{ label: s.publicAddress, value: [site.gateway ? gwIp(ctx, site) : s.publicAddressUnknown] }] },
            { kind: 'code', lang: 'sh', text: prep.join('\n') },
        ],
        notes: [[s.firewallNote]],
        troubleshooting: [[s.tsPrepare]],
        produces: { [`gwip:${site.name}`]: n => s.addressIn(n) },
    }));
    if (site.ends.length === 0) return steps;

    const config = siteConfig(site, ctx.topology);
    // base64 (0s...) as the adapter writes it: swanctl would decode a key that begins with 0x or 0s
    const conf = renderSwanctlConf(site, ctx.topology, { secret: c => ({ verbatim: `0s$(printf '%s' "$${secretVariable(c)}" | base64 -w0)` }) });
    const file = `/etc/swanctl/conf.d/${site.name}.conf`;
    const heredoc = ['umask 077', `cat > ${file} <<EOF`, conf.trimEnd(), 'EOF'].join('\n');
    const keyNotes: Txt[] = config.connections.map(c => c.psk?.kind === 'env' && !c.psk.implicit
        ? [s.keyEnv(code(`$${c.psk.variable}`), c.end.tunnel.name)]
        : [s.keyFrom(code(`$${secretVariable(c)}`), c.end.tunnel.name), ...pskValue(ctx, c.end)]);
    let produces: Step['produces'] = {};
    for (const end of site.ends) produces = { ...produces, ...pskProduces(ctx, end) };
    const load = [
        'swanctl --load-all',
        ...config.connections.filter(c => c.initiates).flatMap(c => c.children.map(ch => `swanctl --initiate --child ${ch.name}`)),
        'swanctl --list-sas',
    ];
    const blocks: Step['blocks'] = [
        ...keyNotes.map(text => ({ kind: 'para' as const, text })),
        { kind: 'code', lang: 'sh', text: heredoc, caption: [s.confCaption(code(file))] },
        { kind: 'code', lang: 'sh', text: load.join('\n'), caption: [s.loadCaption] },
    ];
    const notes: Txt[] = site.ends.filter(e => !gatewayAddress(e.peer)).map(e => [s.addRemote(e.name), ' ', gwIp(ctx, e.peer, e.tunnel)]);
    if (site.ends.some(e => e.local.some(n => !site.networks.some(own => own.prefix.text === n.prefix.text)))) notes.push([s.hubAnchorNote]);
    steps.push(step({
        key: `strongswan:conf:${site.name}`, phase: 'tunnel', site, provider: 'strongswan',
        title: s.configure(site.ends.length), blocks, notes,
        troubleshooting: [[s.tsNoProp], [s.tsAuth], [s.tsTs]],
        produces,
    }));
    return steps;
}
