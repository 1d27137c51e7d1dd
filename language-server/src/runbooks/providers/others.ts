/**
 * AWS, Azure, Alibaba Cloud and Huawei Cloud: the order and values of providers.md §4.4, §5.5,
 * §6.4, §7.4, spelled per §8. Topo's facts for these consoles are API/Terraform names, not
 * checked against the console screens: every step carries the "not yet covered" marker.
 */
import type { ProviderId, Site, TunnelEnd } from '../../model/types.js';
import { getProfile } from '../../providers/index.js';
import { type Ctx, cidrList, code, gwIp, tunnelTo, peersOf, pskProduces, pskValue, regionOf, remoteNets, routingOf, step } from '../context.js';
import type { Field, Step } from '../types.js';
import { chosenNote, ikeVersionText, instanceRulesStep, phaseFields } from './common.js';

type Other = 'aws' | 'azure' | 'alibaba' | 'huawei';

function routingText(provider: ProviderId, end: TunnelEnd): string {
    const r = routingOf(end);
    if (provider === 'azure') return code(r === 'policy' ? 'Enable' : 'Disable'); // the field is "Use policy based traffic selector"
    if (provider === 'aws') return code(r === 'bgp' ? 'Dynamic (requires BGP)' : 'Static');
    const spelled = getProfile(provider).settingSpelling.routing[r];
    return code(spelled ?? r);
}

export function otherSteps(ctx: Ctx, site: Site, provider: Other): Step[] {
    const m = ctx.m, o = m.others[provider], c = m.others.common;
    const steps: Step[] = [];
    const base = (key: string) => `${provider}:${key}:${site.name}`;
    const uncovered = [c.uncovered];
    const net = o.networkValue(site.name, cidrList(ctx, site.networks));

    steps.push(step({
        key: base('gw'), phase: 'gateway', site, provider, title: o.createGw, console: o.gwPath,
        blocks: [{
            kind: 'fields', fields: [
                { label: o.name, value: [code(`${site.name}-vpngw`)] },
                { label: o.network, value: [net] },
                { label: o.region, value: [regionOf(ctx, site)] },
                ...o.gwExtra.map(([label, value]) => ({ label, value: [value] })),
            ],
        }],
        notes: provider === 'aws' ? [] : [[o.gwIpNote]],
        uncovered,
        produces: provider === 'aws' ? {} : { [`gwip:${site.name}`]: n => o.gwIpIn(n) },
    }));

    for (const peer of peersOf(site)) {
        const fields: Field[] = [
            { label: o.name, value: [code(`${peer.name}-cgw`)] },
            { label: o.cgwIp, value: [gwIp(ctx, peer, tunnelTo(site, peer))] },
        ];
        if (provider === 'azure') {
            const ends = site.ends.filter(e => e.peer === peer);
            fields.push({ label: 'Address space', value: [cidrList(ctx, ends.flatMap(e => e.remote))] });
        }
        steps.push(step({
            key: base(`cgw:${peer.name}`), phase: 'peer', site, provider, title: o.createCgw(peer.name), console: o.cgwPath,
            blocks: [{ kind: 'fields', fields }], uncovered,
        }));
    }

    for (const end of site.ends) {
        const labels = o.crypto;
        const basic: Field[] = [
            { label: o.name, value: [code(end.name)] },
            { label: o.gateway, value: [code(`${site.name}-vpngw`)] },
            { label: o.cgw, value: [code(`${end.peer.name}-cgw`)] },
            { label: o.routing, value: [routingText(provider, end)] },
            // AWS names the sides from the customer gateway: Local IPv4 network CIDR = the peer's networks
            { label: o.local, value: [cidrList(ctx, provider === 'aws' ? end.remote : end.local)] },
            { label: o.remote, value: [cidrList(ctx, provider === 'aws' ? end.local : end.remote)] },
            { label: o.psk, value: pskValue(ctx, end) },
            { label: o.ikeVersion, value: [ikeVersionText(ctx, end)] },
        ];
        const ike = phaseFields(ctx, end, 'ike', { encryption: labels.ikeEnc, integrity: labels.ikeInteg, dh: labels.ikeDh, lifetime: labels.ikeLife });
        const esp = phaseFields(ctx, end, 'esp', { encryption: labels.espEnc, integrity: labels.espInteg, dh: labels.pfs, lifetime: labels.espLife });
        const notes = [...chosenNote(ctx, end)];
        if (provider === 'aws' && (end.local.length > 1 || end.remote.length > 1)) notes.push([m.others.aws.oneCidr]);
        if (provider === 'aws') notes.push([m.others.aws.twoTunnels]);
        steps.push(step({
            key: base(`conn:${end.name}`), phase: provider === 'aws' ? 'connect' : 'tunnel', site, provider,
            title: o.createConn(end.name, end.peer.name), console: o.connPath,
            blocks: [
                { kind: 'fields', fields: basic },
                { kind: 'fields', heading: o.ikeHeading, fields: ike },
                { kind: 'fields', heading: o.ipsecHeading, fields: esp },
            ],
            notes,
            troubleshooting: [[m.tsKey], [m.tsProposal], [m.tsSelectors]],
            uncovered,
            produces: {
                ...pskProduces(ctx, end),
                ...(provider === 'aws' ? { [`gwip:${site.name}@${end.tunnel.name}`]: (n: number) => m.others.aws.outsideIpIn(n) } : {}),
            },
        }));
    }

    const remote = remoteNets(site);
    if (remote.length > 0) {
        steps.push(step({
            key: base('routes'), phase: 'routes', site, provider, title: o.routes, console: o.routesPath,
            blocks: [{ kind: 'fields', fields: [{ label: o.routeDest, value: [cidrList(ctx, remote)] }, { label: o.nextHop, value: [o.nextHopValue] }] }],
            troubleshooting: [[m.tsRoute]],
            uncovered,
        }));
    }
    const rules = instanceRulesStep(ctx, site, provider, uncovered);
    if (rules) steps.push(rules);
    return steps;
}
