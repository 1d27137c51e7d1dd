/** A self-managed strongSwan gateway: prepare the host, write swanctl.conf and its secrets, load, initiate. */
import type { Site } from '../../model/types.js';
import { type Ctx, code, gatewayAddress, gwIp, pskProduces, pskValue, pskVariable, step } from '../context.js';
import { childNames, swanctlConnections, swanctlSecrets } from '../swanctl.js';
import type { Step, Txt } from '../types.js';

export function strongswanSteps(ctx: Ctx, site: Site): Step[] {
    const m = ctx.m, s = m.strongswan;
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

    const conf = swanctlConnections(site, { unknownPeer: end => s.unknownPeerComment(end.peer.name) });
    const secrets = swanctlSecrets(site, end => `$${pskVariable(end)}`);
    const heredoc = ['umask 077', `cat > /etc/swanctl/conf.d/${site.name}-secrets.conf <<EOF`, secrets.trimEnd(), 'EOF'].join('\n');
    const keyNotes: Txt[] = site.ends.map(end => [s.keyFrom(code(`$${pskVariable(end)}`), end.name), ...pskValue(ctx, end)]);
    let produces: Step['produces'] = {};
    for (const end of site.ends) produces = { ...produces, ...pskProduces(ctx, end) };
    const unknown = site.ends.filter(e => !gatewayAddress(e.peer)).map(e => e.peer);
    const load = [
        'swanctl --load-all',
        ...site.ends.flatMap(e => childNames(e).map(c => `swanctl --initiate --child ${c}`)),
        'swanctl --list-sas',
    ];
    const blocks: Step['blocks'] = [
        { kind: 'code', lang: 'conf', text: conf.trimEnd(), caption: [s.confCaption(code(`/etc/swanctl/conf.d/${site.name}.conf`))] },
        { kind: 'code', lang: 'sh', text: heredoc, caption: [s.secretsCaption] },
        ...keyNotes.map(text => ({ kind: 'para' as const, text })),
        { kind: 'code', lang: 'sh', text: load.join('\n'), caption: [s.loadCaption] },
    ];
    const notes: Txt[] = unknown.map(p => [s.replaceAny(p.name), ' ', gwIp(ctx, p)]);
    if (site.ends.some(e => e.local.some(n => !site.networks.some(own => own.prefix.text === n.prefix.text)))) notes.push([s.hubAnchorNote]);
    steps.push(step({
        key: `strongswan:conf:${site.name}`, phase: 'tunnel', site, provider: 'strongswan',
        title: s.configure(site.ends.length), blocks, notes,
        troubleshooting: [[s.tsNoProp], [s.tsAuth], [s.tsTs], [m.tsSelectors]],
        produces,
    }));
    return steps;
}
