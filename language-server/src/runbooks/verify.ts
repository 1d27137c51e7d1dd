/** Verification steps from the `host` statements: ping from each host to the private address of every later host it must reach. */
import { addressText } from '../net/prefix.js';
import type { Host, Site } from '../model/types.js';
import { type Ctx, cidrList, code, step } from './context.js';
import type { Step } from './types.js';

/** Intended reachability (language.md "Meaning"): the same star, or a tunnel between the sites. */
export function mustReach(ctx: Ctx, a: Site, b: Site): boolean {
    if (a === b) return false;
    if (a.hub && a.hub === b.hub) return true;
    return ctx.topology.tunnels.some(t => (t.a.site === a && t.b.site === b) || (t.a.site === b && t.b.site === a));
}

export function verifySteps(ctx: Ctx, tunnelSteps: (site: Site) => number[]): Step[] {
    const m = ctx.m;
    const hosts = ctx.topology.hosts;
    const steps: Step[] = [];
    const stepList = (sites: Site[]) => [...new Set(sites.flatMap(tunnelSteps))].sort((x, y) => x - y).join(m.listSep);
    const troubleshooting = (sites: Site[], star: boolean) => [
        [m.tsVerifyTunnel(stepList(sites) || '?')],
        [m.tsVerifyRoute],
        ...(star ? [[m.tsVerifyHub]] : []),
    ];
    hosts.forEach((src: Host, i) => {
        const targets = hosts.slice(i + 1).filter(h => mustReach(ctx, src.site, h.site));
        if (targets.length === 0) return;
        const addr = addressText(src.address);
        const star = targets.some(t => t.site.hub && t.site.hub === src.site.hub && t.site !== src.site.hub && src.site !== src.site.hub);
        steps.push(step({
            key: `verify:${src.name}`, phase: 'verify',
            title: m.verifyTitle(src.name),
            blocks: [
                { kind: 'para', text: [m.verifyText(src.name, addr, src.site.name, targets.map(t => m.verifyTarget(t.name, addressText(t.address), t.site.name)).join(m.and), targets.length)] },
                { kind: 'code', lang: 'sh', text: targets.map(t => `ping -c 4 ${addressText(t.address)}`).join('\n') },
            ],
            notes: steps.length === 0 ? [[m.sshNote]] : [],
            troubleshooting: troubleshooting([src.site, ...targets.flatMap(t => [t.site, ...(t.site.hub ? [t.site.hub] : [])])], star),
        }));
    });
    if (hosts.length > 0 && steps.length > 0) return steps;
    // No hosts: one generic test per pair of sites that must reach each other.
    const sites = ctx.topology.sites;
    sites.forEach((a, i) => {
        for (const b of sites.slice(i + 1)) {
            if (!mustReach(ctx, a, b)) continue;
            steps.push(step({
                key: `verify:${a.name}:${b.name}`, phase: 'verify',
                title: m.noHostsTitle(a.name, b.name),
                blocks: [{ kind: 'para', text: [m.noHostsText(code(a.name), cidrList(ctx, b.networks))] }],
                notes: steps.length === 0 ? [[m.sshNote]] : [],
                troubleshooting: troubleshooting([a, b], false),
            }));
        }
    });
    return steps;
}
