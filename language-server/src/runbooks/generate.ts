/**
 * The runbook of a topology: every site's steps in its provider's console, merged in dependency
 * order — all gateways first (their public addresses are needed by the peers), then the peer /
 * customer gateway objects, the tunnels, the routes and firewall rules, and verification last.
 * Within a phase, steps follow the order of the sites in the file (seed 000: the Tencent tunnel,
 * then the GCP tunnel). A pure function of the resolved model.
 */
import type { Site, Topology } from '../model/types.js';
import { type Ctx, createCtx, providerOf } from './context.js';
import { messages } from './messages.js';
import { gcpSteps } from './providers/gcp.js';
import { otherSteps } from './providers/others.js';
import { qingcloudSteps } from './providers/qingcloud.js';
import { strongswanSteps } from './providers/strongswan.js';
import { tencentSteps } from './providers/tencent.js';
import { PHASE_ORDER, type Runbook, type RunbookOptions, type Step, type Txt } from './types.js';
import { verifySteps } from './verify.js';

function siteSteps(ctx: Ctx, site: Site): Step[] {
    const p = providerOf(site);
    switch (p) {
        case 'tencent': return tencentSteps(ctx, site);
        case 'gcp': return gcpSteps(ctx, site);
        case 'qingcloud': return qingcloudSteps(ctx, site);
        case 'strongswan': return strongswanSteps(ctx, site);
        default: return otherSteps(ctx, site, p);
    }
}

/** The refs a step uses, each as its candidate keys. */
function refsOf(s: Step): string[][] {
    const out: string[][] = [];
    const scan = (t: Txt | undefined) => { for (const p of t ?? []) if (typeof p !== 'string') out.push(typeof p.ref === 'string' ? [p.ref] : p.ref); };
    for (const b of s.blocks) {
        if (b.kind === 'fields') for (const f of b.fields) scan(f.value);
        else if (b.kind === 'para') scan(b.text);
        else if (b.kind === 'code') scan(b.caption);
    }
    s.notes.forEach(scan);
    return out;
}

/**
 * A step that uses a value produced by a later step (a peer gateway object that needs the AWS
 * tunnel's outside address, which only the AWS VPN connection produces) moves right after it.
 */
function afterProducers(steps: Step[]): Step[] {
    const out = [...steps];
    for (let pass = 0; pass < steps.length; pass++) {
        let moved = false;
        for (let i = 0; i < out.length; i++) {
            const s = out[i];
            const producerOf = (keys: string[]) => {
                for (const key of keys) {
                    const at = out.findIndex(p => p.produces?.[key] !== undefined);
                    if (at >= 0) return out[at] === s ? -1 : at;
                }
                return -1;
            };
            const last = Math.max(-1, ...refsOf(s).map(producerOf));
            if (last > i) {
                out.splice(i, 1);
                out.splice(last, 0, s);
                moved = true;
                break;
            }
        }
        if (!moved) break;
    }
    return out;
}

export function buildRunbook(topology: Topology, options: RunbookOptions = {}): Runbook {
    const lang = options.lang ?? 'en';
    const m = messages(lang);
    const ctx = createCtx(topology, m, lang);
    const emitted = topology.sites.flatMap(site => siteSteps(ctx, site));
    const rank = (s: Step) => (s.site ? ctx.siteRank.get(s.site) ?? 0 : 0);
    const ordered = afterProducers(emitted
        .map((s, i) => ({ s, i }))
        .sort((x, y) => PHASE_ORDER[x.s.phase] - PHASE_ORDER[y.s.phase] || rank(x.s) - rank(y.s) || x.i - y.i)
        .map(x => x.s));
    const numberOf = new Map<Step, number>();
    ordered.forEach((s, i) => numberOf.set(s, i + 1));
    const tunnelStepsOf = (site: Site) => ordered.filter(s => s.site === site && (s.phase === 'tunnel' || s.phase === 'connect')).map(s => numberOf.get(s)!);
    for (const v of verifySteps(ctx, tunnelStepsOf)) {
        ordered.push(v);
        numberOf.set(v, ordered.length);
    }

    const warnings: Txt[] = [];
    if (options.errorCount && options.errorCount > 0) warnings.push([m.errorsWarning(options.errorCount)]);
    const literal = topology.tunnels.filter(t => t.a.psk?.kind === 'literal' || t.b.psk?.kind === 'literal').map(t => t.name);
    if (literal.length > 0) warnings.push([m.literalWarning(literal.join(', '))]);
    let shown = ordered;
    if (options.provider) {
        const name = m.providerName[options.provider];
        shown = ordered.filter(s => s.phase === 'verify' || (s.site && providerOf(s.site) === options.provider));
        warnings.push([topology.sites.some(s => providerOf(s) === options.provider) ? m.filtered(name) : m.noSiteOf(name)]);
    }
    return { title: m.title(topology.name ?? topology.sites.map(s => s.name).join(', ')), lang, warnings, steps: ordered, shown, numberOf };
}
