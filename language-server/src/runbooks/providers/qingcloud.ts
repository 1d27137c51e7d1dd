/**
 * QingCloud VPC console (产品与服务 → 网络服务 → VPC 网络 → 管理配置 → 隧道服务): one IPsec tunnel
 * rule per tunnel end, with its 本地网络 / 目标网络, 加密方法, 开启 PFS and IKE 版本, then 应用修改; the
 * security group opens UDP 500, UDP 4500, AH and ESP, then 应用更改 (providers.md §3; qingcloud-docs
 * content/network/vpc/manual/tunnel/ipsec.md at 4c3a583 [S-Q1]; seed 003).
 */
import type { Site } from '../../model/types.js';
import { endCrypto, spellSuite } from '../crypto.js';
import { type Ctx, cidrList, code, gwIp, pskProduces, pskValue, step } from '../context.js';
import type { Field, Step, Txt } from '../types.js';
import { instanceRulesStep } from './common.js';

export function qingcloudSteps(ctx: Ctx, site: Site): Step[] {
    const m = ctx.m, q = m.qingcloud;
    const steps: Step[] = [];
    steps.push(step({
        key: `qingcloud:prepare:${site.name}`, phase: 'gateway', site, provider: 'qingcloud',
        title: q.prepare, console: q.vpcPath(site.name),
        blocks: [{
            kind: 'fields', fields: [
                { label: q.vpc, value: [q.vpcValue(site.name)] },
                { label: q.publicIp, value: [site.gateway ? gwIp(ctx, site) : q.bindEip] },
                { label: q.privateNets, value: [cidrList(ctx, site.networks)] },
                { label: q.securityGroup, value: [q.securityGroupValue] },
            ],
        }],
        troubleshooting: [[q.tsSecurityGroup]],
        produces: { [`gwip:${site.name}`]: n => q.eipIn(n) },
    }));

    if (site.ends.length === 0) return steps;
    const table = {
        kind: 'table' as const,
        header: [q.tunnelName, q.localNets, q.targetNets],
        rows: site.ends.map(e => [e.name, e.local.map(n => n.prefix.text).join(q.tableSep), e.remote.map(n => n.prefix.text).join(q.tableSep)]),
    };
    const blocks: Step['blocks'] = [{ kind: 'para', text: [q.tunnelInfo] }, table];
    const notes: Txt[] = [];
    let produces: Step['produces'] = {};
    for (const end of site.ends) {
        const c = endCrypto(end);
        // the dialog (qingcloud-docs ipsec.md @4c3a583 [S-Q1]): 加密方法 AES / 3DES / 自动匹配, 开启 PFS, IKE 版本
        const cipher = c?.ikeSuite?.encryption.id;
        const method = cipher?.startsWith('aes') && !cipher.includes('gcm') ? code('AES') : cipher === '3des' ? code('3DES') : q.autoMatch;
        const fields: Field[] = [
            { label: q.name, value: [code(end.name)] },
            { label: q.remoteRouter, value: [gwIp(ctx, end.peer, end.tunnel)] },
            { label: q.protocol, value: [code('IPsec')] },
            { label: q.key, value: pskValue(ctx, end) },
            { label: q.encryptionMethod, value: [method] },
            ...(c ? [{ label: q.ikeVersion, value: [code(`IKEv${c.ike}`)] }, { label: q.pfs, value: [c.espSuite?.dh ? q.pfsOn : q.pfsOff] }] : []),
            { label: q.localNets, value: [cidrList(ctx, end.local)] },
            { label: q.targetNets, value: [cidrList(ctx, end.remote)] },
            { label: q.remoteId, value: [q.remoteIdValue] },
            { label: q.tunnelMode, value: [q.mainMode] },
        ];
        blocks.push({ kind: 'fields', heading: q.tunnelHeading(end.name, end.peer.name), fields });
        produces = { ...produces, ...pskProduces(ctx, end) };
        if (c?.ikeSuite && c.espSuite) {
            const ike = spellSuite('qingcloud', 'ike', c.ikeSuite);
            const esp = spellSuite('qingcloud', 'esp', c.espSuite);
            const show = (s: typeof ike) => [s.encryption && code(s.encryption), s.integrity && code(s.integrity), s.dh && `DH ${code(s.dh)}`].filter(Boolean).join(' / ');
            const missing = [...ike.missing, ...esp.missing];
            notes.push([q.negotiated(end.name, `IKEv${c.ike}`, show(ike), show(esp)) + (missing.length ? ' ' + m.notOffered(missing.join(', ')) : '')]);
            // what the console cannot pin: anything but its defaults SHA1 / DH group 14
            const other = [...new Set([c.ikeSuite.integrity?.id, c.espSuite.integrity?.id].filter((x): x is string => !!x && x !== 'sha1'))];
            const groups = [...new Set([c.ikeSuite.dh?.id, c.espSuite.dh?.id].filter((x): x is string => !!x && x !== 'modp2048'))];
            if (other.length || groups.length) notes.push([q.notPinned([...other, ...groups].join(', '))]);
        } else if (!c) notes.push([m.noCommonSuiteNote(end.tunnel.name)]);
    }
    blocks.push({ kind: 'para', text: [q.submitApply] });
    steps.push(step({
        key: `qingcloud:tunnels:${site.name}`, phase: 'tunnel', site, provider: 'qingcloud',
        title: q.configureTunnels(site.name, site.ends.length), console: q.tunnelPath(site.name),
        blocks, notes: [...notes, [q.autoNegotiation]],
        troubleshooting: [[q.tsTunnel], [m.tsKey], [m.tsSelectors], [q.tsApply]],
        produces,
    }));
    const rules = instanceRulesStep(ctx, site, 'qingcloud');
    if (rules) steps.push(rules);
    return steps;
}
