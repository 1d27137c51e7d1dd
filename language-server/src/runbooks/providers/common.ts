/** Helpers shared by the provider step builders: crypto values in a provider's spelling. */
import type { Net, Site, TunnelEnd } from '../../model/types.js';
import { getProfile } from '../../providers/index.js';
import { type TunnelCrypto, endCrypto, lifetime, spellSuite } from '../crypto.js';
import { type Ctx, cidrList, code, peersOf, providerOf, remoteNets, step } from '../context.js';
import type { Field, Step, Txt } from '../types.js';

export interface CryptoLabels {
    encryption: string;
    integrity: string;
    dh: string;
    lifetime?: string;
}

/** Optional display text per spelled value (what the console shows next to the API value). */
export type Display = (value: string, kind: 'encryption' | 'integrity' | 'dh' | 'pfs') => string | undefined;

export function valueText(ctx: Ctx, value: string | undefined, id: string | undefined, kind: 'encryption' | 'integrity' | 'dh' | 'pfs', display?: Display): Txt {
    if (value === undefined) return [id ? ctx.m.notOffered(id) : ctx.m.none];
    const shown = display?.(value, kind);
    return [shown && shown !== value ? `${code(value)} ${ctx.m.consoleShows(shown)}` : code(value)];
}

/** IKE (phase 1) or IPsec (phase 2) fields for one end, spelled for the end's provider. */
export function phaseFields(ctx: Ctx, end: TunnelEnd, phase: 'ike' | 'esp', labels: CryptoLabels, display?: Display): Field[] {
    const c = endCrypto(end);
    const provider = providerOf(end.site);
    if (!c) return [{ label: labels.encryption, value: [ctx.m.noCommonSuite] }];
    const suite = phase === 'ike' ? c.ikeSuite : c.espSuite;
    if (!suite) return [{ label: labels.encryption, value: [ctx.m.noCommonSuite] }];
    const s = spellSuite(provider, phase, suite);
    const fields: Field[] = [
        { label: labels.encryption, value: valueText(ctx, s.encryption, suite.encryption.id, 'encryption', display) },
    ];
    if (suite.integrity) fields.push({ label: labels.integrity, value: valueText(ctx, s.integrity, suite.integrity.id, 'integrity', display) });
    else if (phase === 'ike' && suite.prf) {
        // AEAD: no integrity algorithm; consoles without a PRF setting select the PRF with the integrity field
        fields.push({ label: labels.integrity, value: valueText(ctx, s.prf, suite.prf.id, 'integrity', display) });
    }
    if (phase === 'ike') {
        fields.push({ label: labels.dh, value: valueText(ctx, s.dh, suite.dh?.id, 'dh', display) });
    } else {
        const noPfs = getProfile(provider).settingSpelling.noPfs;
        fields.push({
            label: labels.dh,
            value: suite.dh ? valueText(ctx, s.dh, suite.dh.id, 'pfs', display) : [noPfs ? valueText(ctx, noPfs, undefined, 'pfs', display)[0] as string : ctx.m.noPfs],
        });
    }
    if (labels.lifetime) {
        const l = lifetime(provider, providerOf(end.peer), c.ike, phase);
        if (l) fields.push({ label: labels.lifetime, value: [l.fixed ? ctx.m.fixedLifetime(l.seconds) : code(l.seconds)] });
    }
    return fields;
}

export function ikeVersionText(ctx: Ctx, end: TunnelEnd): string {
    const c = endCrypto(end);
    if (!c) return ctx.m.noCommonSuite;
    const spelled = getProfile(providerOf(end.site)).settingSpelling.ike[c.ike];
    return code(spelled ?? `IKEv${c.ike}`);
}

export function cryptoOf(end: TunnelEnd): TunnelCrypto | undefined {
    return endCrypto(end);
}

/** A note when Topo chose the proposals (the tunnel declares none). */
export function chosenNote(ctx: Ctx, end: TunnelEnd): Txt[] {
    const c = endCrypto(end);
    if (!c) return [[ctx.m.noCommonSuiteNote(end.tunnel.name)]];
    return c.chosen ? [[ctx.m.chosenNote(c.ikeProposals.join(', '), c.espProposals.join(', '))]] : [];
}

/** Suite of a phase as strongSwan text (for notes). */
export function proposalText(end: TunnelEnd, phase: 'ike' | 'esp'): string {
    const c = endCrypto(end);
    if (!c) return '?';
    return (phase === 'ike' ? c.ikeProposals : c.espProposals).join(', ');
}

export type InstanceRuleProvider = 'tencent' | 'qingcloud' | 'aws' | 'azure' | 'alibaba' | 'huawei';

/**
 * The inbound rule on the instances' security group (Azure: the subnet's network security group)
 * that lets the remote networks' traffic in: without it the tunnel is up and the first ping is
 * dropped at the instance. The sources are the far sides of the site's selectors; for a
 * route-based tunnel (any <-> any) the peer sites' networks.
 */
export function instanceRulesStep(ctx: Ctx, site: Site, provider: InstanceRuleProvider, uncovered: string[] = []): Step | undefined {
    const any = (n: Net) => n.prefix.text === '0.0.0.0/0' || n.prefix.text === '::/0';
    const remote = remoteNets(site);
    const sources = remote.filter(n => !any(n));
    if (remote.some(any)) for (const p of peersOf(site)) for (const n of p.networks) if (!sources.some(x => x.prefix.text === n.prefix.text)) sources.push(n);
    if (sources.length === 0) return undefined;
    const r = ctx.m.instanceRules, p = r[provider];
    return step({
        key: `${provider}:sg:${site.name}`, phase: 'routes', site, provider,
        title: r.title, console: p.path,
        blocks: [{ kind: 'fields', fields: [{ label: p.source, value: [cidrList(ctx, sources)] }, ...p.fixed.map(([label, value]) => ({ label, value: [code(value)] }))] }],
        notes: [[r.note]],
        troubleshooting: [[r.ts]],
        uncovered,
    });
}
