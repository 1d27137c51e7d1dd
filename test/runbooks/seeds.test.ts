/**
 * The generated runbooks reproduce the hand-written seeds (test/fixtures/seeds/000_*.txt and
 * 003_*.txt): every console action and every parameter value, in the seed's order. Each list
 * below is the seed read line by line (the comment quotes the seed), mapped to how the runbook
 * writes it; `inOrder` finds each item after the previous one.
 *
 * Deliberate differences, each checked explicitly:
 * - Tencent's tunnel dialog asks for the pre-shared key on its first page, before the SPD policy;
 *   the seed lists the key after 本地网段/对端网段 in its summary. The runbook follows the console.
 * - Tencent values are the API spelling with what the console shows (`AES-CBC-128`（控制台显示为
 *   AES-128）); the seed writes the console's label (AES-128, SHA1, DH2).
 * - seed 003 step 3 lists gd2's target networks as 192.168.0.0/24, 172.26.0.0/24 (its own network);
 *   the runbook of the corrected topology has 192.168.0.0/24, 172.16.0.0/24.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runbookMarkdown } from '../../language-server/src/runbooks/index.js';
import { SEEDS, read, topologyOf } from './helpers.js';

/** Finds every item after the previous one; reports the first one missing. */
function inOrder(text: string, items: string[]): void {
    let at = 0;
    for (const [i, item] of items.entries()) {
        const found = text.indexOf(item, at);
        if (found < 0) {
            const anywhere = text.indexOf(item);
            throw new Error(`item ${i + 1} ${JSON.stringify(item)} not found after ${JSON.stringify(items[i - 1] ?? '(start)')}`
                + (anywhere >= 0 ? ` (it occurs earlier, at offset ${anywhere})` : ' (not in the runbook at all)'));
        }
        at = found + item.length;
    }
}

function section(md: string, from: string, to?: string): string {
    const start = md.indexOf(from);
    expect(start, `section ${from}`).toBeGreaterThanOrEqual(0);
    const end = to === undefined ? md.length : md.indexOf(to, start + from.length);
    return md.slice(start, end < 0 ? md.length : end);
}

async function runbook(file: string, lang: 'en' | 'zh') {
    const { topology, errorCount } = await topologyOf(read(file));
    return runbookMarkdown(topology, { lang, errorCount, source: path.basename(file) });
}

test('inOrder finds items only after the previous one', () => {
    expect(() => inOrder('a b c', ['a', 'c'])).not.toThrow();
    expect(() => inOrder('a b c', ['b', 'a'])).toThrow(/item 2 "a" not found after "b" \(it occurs earlier/);
    expect(() => inOrder('a b c', ['x'])).toThrow(/not in the runbook at all/);
});

const seed000 = fs.readdirSync(SEEDS).find(f => f.startsWith('000_'));
const seed003 = fs.readdirSync(SEEDS).find(f => f.startsWith('003_'));

describe('seed 000: Tencent Cloud <-> GCP (examples/tencent-gcp.topo)', () => {
    test('the seed is where the list says', () => {
        const text = fs.readFileSync(path.join(SEEDS, seed000!), 'utf8');
        // the lines this list is reviewed against
        for (const line of ['1. 腾讯云: 创建VPN网关', '对端网段: **GCP VPC的CIDR**', '- PFS: DH-GROUP2', 'Routing options : Policy-based', '- 下一跳类型: VPN网关']) {
            expect(text).toContain(line);
        }
    });

    test('整体流程: the overview has the seed\'s seven steps in order', async () => {
        const md = await runbook('examples/tencent-gcp.topo', 'zh');
        inOrder(section(md, '## 整体流程', '## 第 1 步'), [
            '腾讯云 · tencent-hk: 创建VPN网关',                          // 1. 腾讯云: 创建VPN网关
            'GCP · gcp-hk: 创建 VPN gateway 并获取一个 public static ip', // 2. GCP: 创建VPN gateway 并获取一个public static ip
            '腾讯云 · tencent-hk: 创建对端网关',                          // 3. 腾讯云: 创建对端网关
            '腾讯云 · tencent-hk: 创建VPN通道',                           // 4. 腾讯云: 创建VPN通道
            'GCP · gcp-hk: 建立 VPN Connections',                        // 5. GCP: 建立 VPN Connections
            '腾讯云 · tencent-hk: 更新路由表',                            // 6. 腾讯云: 更新路由表
            '测试连通',                                                   // 7. 测试连通
        ]);
    });

    test('every console action and value, in the seed\'s order (zh)', async () => {
        const md = await runbook('examples/tencent-gcp.topo', 'zh');
        const body = md.slice(md.indexOf('## 第 1 步'));
        inOrder(body, [
            // ## 腾讯云-创建VPN网关 — 所属网络为要对联的VPC
            '腾讯云 · tencent-hk：创建VPN网关',
            '所属网络（私有网络）: 要对联的VPC：tencent-hk（`10.0.0.0/16`）',
            // ## GCP-创建VPN gateway — Hybrid Connectivity -> VPN -> Cloud VPN Gateways -> Create VPN gateway
            'GCP · gcp-hk：创建 VPN gateway 并获取一个 public static ip',
            'Hybrid Connectivity → VPN → Cloud VPN Gateways → Create VPN gateway',
            'VPN options: `Classic VPN`',                                // VPN options我们选Classic VPN
            'Reserve static IP',                                         // 1. Reserve static ip
            '这个 ip 记录下来',                                          //    这个ip记录下来，后面要用到。
            'tunnels 先删掉',                                            // 2. 腾讯云通道还没设置，下面的tunnels先删掉.
            // ## 腾讯云-创建对端网关 — ip 为上一步GCP的网关ip
            '腾讯云 · tencent-hk：创建对端网关',
            '公网IP: 第 2 步预留的地址（GCP 的网关 ip）',
            // ## 腾讯云-创建VPN通道
            '腾讯云 · tencent-hk：创建VPN通道 tx-gcp',
            '本地网段: `10.0.0.0/16`',                                   // 本地网段: 腾讯云VPC的CIDR
            '对端网段: `10.170.0.0/20`',                                 // 对端网段: GCP VPC的CIDR
            '版本: `IKEV1`',                                             // 腾讯云只支持ikeV1
            '加密算法: `AES-CBC-128` （控制台显示为 AES-128）',          // 加密算法: AES-128
            '认证算法: `SHA` （控制台显示为 SHA1）',                     // 认证算法: SHA1
            'DH group: `GROUP2` （控制台显示为 DH2）',                   // DH group: DH2
            '安全协议: `ESP`',                                           // 安全协议: ESP
            'PFS: `DH-GROUP2`',                                          // PFS: DH-GROUP2
            // ## GCP: 建立 VPN Connections — ... -> 对应gateway -> Add VPN tunnel
            'GCP · gcp-hk：建立 VPN Connections',
            'Cloud VPN Gateways → gcp-hk-vpn-gw → Add VPN tunnel',
            'Remote peer IP address: 第 1 步创建的VPN网关的公网 IP',     // Remote peer IP address : 腾讯云VPN网关ip
            'IKE pre-shared key: 环境变量 `$TX_GCP_PSK` 的值',          // IKE pre-shared key: 上一步中自己生成的密钥
            'Routing options: `Policy-based`',                          // Routing options : Policy-based
            'Remote network IP range: `10.0.0.0/16`',                   // Remote network IP range: 腾讯云VPN CIDR
            'Local subnetwork IP range: `10.170.0.0/20`',               // Local subnetwork IP range: GCP要连通的CIDR
            '"Established"',                                            // 这一步结束两端状态应该如下
            // ## 腾讯云-更新路由表 — 私有网络 -> 路由表 -> 找到对应VPC路由表 -> 新增路由策略
            '腾讯云 · tencent-hk：更新路由表',
            '私有网络 → 路由表 → 找到对应VPC路由表 → 新增路由策略',
            '目的端: `10.170.0.0/20`',                                  // 目的端: GCP VPC CIDR
            '下一跳类型: `VPN网关`',                                    // 下一跳类型: VPN网关
            '下一跳: VPN网关 `tencent-hk-vpngw`',                       // 下一跳: VPN网关
            // ## 测试连通 — 登录其中一台机器 ... ip为另一个VPC的测试机的vpc内ip
            '测试连通',
            '登录云服务器 cvm1',
            'ping -c 4 10.170.0.10',
            'ssh username@ip',
            'Permission denied (publickey,gssapi-keyex,gssapi-with-mic)', // 如果提示 ... 说明网络已通
        ]);
        // the key: on the first page of Tencent's tunnel dialog (before the SPD policy), and never the value
        inOrder(section(body, '腾讯云 · tencent-hk：创建VPN通道', '## 第 5 步'), ['预共享密钥: 环境变量 `$TX_GCP_PSK` 的值', '本地网段']);
    });

    test('the same values in the same order (en)', async () => {
        const md = await runbook('examples/tencent-gcp.topo', 'en');
        inOrder(md.slice(md.indexOf('## Step 1')), [
            'Create the VPN gateway', 'Network (VPC): the VPC of tencent-hk (`10.0.0.0/16`)',
            'VPN options: `Classic VPN`', 'Reserve static IP', 'delete the tunnel entry',
            'Create the customer gateway for gcp-hk', 'Public IP: the address reserved in step 2',
            'Create the VPN tunnel tx-gcp', 'Local IP range: `10.0.0.0/16`', 'Customer IP range: `10.170.0.0/20`',
            'Version: `IKEV1`', '`AES-CBC-128` (the console shows AES-128)', '`SHA` (the console shows SHA1)',
            '`GROUP2` (the console shows DH2)', 'Security protocol: `ESP`', 'PFS: `DH-GROUP2`',
            'Remote peer IP address: the public IP of the VPN gateway created in step 1',
            'IKE pre-shared key: the value of `$TX_GCP_PSK`', 'Routing options: `Policy-based`',
            'Remote network IP range: `10.0.0.0/16`', 'Local subnetwork IP range: `10.170.0.0/20`',
            'Update the route table', 'Destination: `10.170.0.0/20`', 'Next hop type: `VPN Gateway`', 'Next hop: the VPN gateway `tencent-hk-vpngw`',
            'ping -c 4 10.170.0.10', 'Permission denied (publickey,gssapi-keyex,gssapi-with-mic)',
        ]);
    });
});

describe('seed 003: QingCloud three-region star (examples/qingcloud-star.topo, gd2 corrected)', () => {
    test('the seed is where the list says', () => {
        const text = fs.readFileSync(path.join(SEEDS, seed003!), 'utf8');
        for (const line of ['| pek3-sh1 | 192.168.0.0/24，172.26.0.0/24 | 172.16.0.0/24 |', '| gd2-pek3 | 172.26.0.0/24 | 192.168.0.0/24，172.26.0.0/24 |', '在云服务器 vm2 上 ping vm3']) {
            expect(text).toContain(line);
        }
    });

    test('every console action and value, in the seed\'s order (zh)', async () => {
        const md = await runbook('examples/qingcloud-star.topo', 'zh');
        expect(md).not.toContain('⚠ 该拓扑有');
        inOrder(md.slice(md.indexOf('## 第 1 步')), [
            // 场景示例 table: 北京 3 区 / 上海 1 区 / 广东 2 区 — 公网IP, 私有网络
            'pek3 的 VPC 网络', '公网 IP: `139.198.27.92`', '私有网络: `192.168.0.0/24`',
            'sh1 的 VPC 网络', '公网 IP: `139.198.175.48`', '私有网络: `172.16.0.0/24`',
            'gd2 的 VPC 网络', '公网 IP: `139.198.123.198`', '私有网络: `172.26.0.0/24`',
            // ### 步骤一： vpc-pek3 配置 2 条隧道 — 隧道信息如下
            'pek3 配置 2 条隧道', '隧道信息如下：',
            '| 隧道名称 | 本地网络 | 目标网络 |',
            '| pek3-sh1 | 192.168.0.0/24，172.26.0.0/24 | 172.16.0.0/24 |',
            '| pek3-gd2 | 192.168.0.0/24，172.16.0.0/24 | 172.26.0.0/24 |',
            // 隧道 pek3-sh1 配置完成后：本地网络 / 目标网络
            '隧道 pek3-sh1', '本地网络: `192.168.0.0/24`，`172.26.0.0/24`', '目标网络: `172.16.0.0/24`',
            // 隧道 pek3-gd2 配置完成后：本地网络 / 目标网络
            '隧道 pek3-gd2', '本地网络: `192.168.0.0/24`，`172.16.0.0/24`', '目标网络: `172.26.0.0/24`',
            '应用修改',
            // ### 步骤二： vpc-sh1 配置 1 条隧道
            'sh1 配置 1 条隧道', '| sh1-pek3 | 172.16.0.0/24 | 192.168.0.0/24，172.26.0.0/24 |',
            '隧道 sh1-pek3', '本地网络: `172.16.0.0/24`', '目标网络: `192.168.0.0/24`，`172.26.0.0/24`',
            '应用修改',
            // ### 步骤三： vpc-gd2 配置 1 条隧道 (corrected: 192.168.0.0/24，172.16.0.0/24)
            'gd2 配置 1 条隧道', '| gd2-pek3 | 172.26.0.0/24 | 192.168.0.0/24，172.16.0.0/24 |',
            '隧道 gd2-pek3', '本地网络: `172.26.0.0/24`', '目标网络: `192.168.0.0/24`，`172.16.0.0/24`',
            '应用修改',
            // ## 验证结果 — 1. 在云服务器 vm1 上分别 ping vm2 及 vm3，均可 ping 通。
            '测试连通', '登录云服务器 vm1（`192.168.0.5`', '分别 ping vm2（`172.16.0.2`，sh1） 及 vm3（`172.26.0.2`，gd2），均应 ping 通',
            'ping -c 4 172.16.0.2', 'ping -c 4 172.26.0.2',
            // 3. 在云服务器 vm2 上 ping vm3，可 ping 通。
            '登录云服务器 vm2（`172.16.0.2`', 'ping vm3（`172.26.0.2`，gd2），应 ping 通', 'ping -c 4 172.26.0.2',
        ]);
        // the guide's misprint is not reproduced
        expect(md).not.toContain('| gd2-pek3 | 172.26.0.0/24 | 192.168.0.0/24，172.26.0.0/24 |');
    });

    test('the same values in the same order (en)', async () => {
        const md = await runbook('examples/qingcloud-star.topo', 'en');
        inOrder(md.slice(md.indexOf('## Step 1')), [
            'Public IP: `139.198.27.92`', 'Public IP: `139.198.175.48`', 'Public IP: `139.198.123.198`',
            'Configure 2 tunnels on pek3',
            '| pek3-sh1 | 192.168.0.0/24, 172.26.0.0/24 | 172.16.0.0/24 |',
            '| pek3-gd2 | 192.168.0.0/24, 172.16.0.0/24 | 172.26.0.0/24 |',
            'Local networks (本地网络): `192.168.0.0/24`, `172.26.0.0/24`', 'Target networks (目标网络): `172.16.0.0/24`',
            'Configure 1 tunnel on sh1', '| sh1-pek3 | 172.16.0.0/24 | 192.168.0.0/24, 172.26.0.0/24 |',
            'Configure 1 tunnel on gd2', '| gd2-pek3 | 172.26.0.0/24 | 192.168.0.0/24, 172.16.0.0/24 |',
            'ping -c 4 172.16.0.2', 'ping -c 4 172.26.0.2', 'Test connectivity from vm2', 'ping -c 4 172.26.0.2',
        ]);
    });

    test('the guide as printed: a runbook with the error count on top', async () => {
        const md = await runbook('examples/qingcloud-star-as-printed.topo', 'zh');
        expect(md.split('\n').slice(0, 6).join('\n')).toMatch(/⚠ 该拓扑有 \d+ 个错误/);
        expect(md).toContain('| gd2-pek3 | 172.26.0.0/24 | 192.168.0.0/24，172.26.0.0/24 |');
    });

    test('the three-line star gives the same tunnels', async () => {
        const md = await runbook('examples/qingcloud-star-short.topo', 'zh');
        inOrder(md, [
            '| pek3-sh1 | 192.168.0.0/24，172.26.0.0/24 | 172.16.0.0/24 |',
            '| pek3-gd2 | 192.168.0.0/24，172.16.0.0/24 | 172.26.0.0/24 |',
            '| sh1-pek3 | 172.16.0.0/24 | 192.168.0.0/24，172.26.0.0/24 |',
            '| gd2-pek3 | 172.26.0.0/24 | 192.168.0.0/24，172.16.0.0/24 |',
        ]);
    });
});
