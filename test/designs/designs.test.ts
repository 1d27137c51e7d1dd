/**
 * Real-world designs, written as network engineers write them from the providers' documentation:
 * each clean design gives no error and no warning (a false error on a correct, common design is
 * the worst bug a checker can have); each faulty variant gives its code on the line of the mistake.
 * Checked through the real language services (parse, link, model, every analysis).
 * Expected entries: `LINE severity code` (1-based line), errors and warnings only.
 */
import { describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { renderSwanctlConf } from '../../language-server/src/adapters/strongswan/render.js';
import { settingsOf } from '../../language-server/src/resolve/index.js';
import { topologyOf } from '../adapters/fixtures.js';
import { checkTexts, services } from '../helpers.js';

interface Design { name: string; text: string; expected: string[] }

const t = (...l: string[]) => l.join('\n') + '\n';

// --------------------------------------------------------------------- building blocks
const DC = 'site dc < provider strongswan cidr 192.168.0.0/16 gateway 198.51.100.10 >';
const DC2 = 'site dc < provider strongswan cidr 192.168.0.0/16 gateway 198.51.100.10, 198.51.100.11 >';
const AWS = 'site vpc < provider aws region us-east-1 cidr 10.0.0.0/16 gateway 203.0.113.1, 203.0.113.2 >';
const AWS4 = 'site vpc < provider aws region us-east-1 cidr 10.0.0.0/16 gateway 203.0.113.1, 203.0.113.2, 203.0.113.3, 203.0.113.4 >';
const GCP_HA = 'site gcp < provider gcp region europe-west1 cidr 10.10.0.0/20 gateway 35.0.0.1, 35.0.0.2 >';
const AZ_AA = 'site vnet < provider azure region westeurope cidr 10.20.0.0/16 gateway 20.0.0.1, 20.0.0.2 >';

/** Both tunnels of one AWS VPN connection from a single customer gateway. */
const awsPair = (routing: string) => [
    `tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing ${routing} psk env VPN_T1 >`,
    `tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing ${routing} psk env VPN_T2 >`,
];

/** GCP HA VPN to AWS: two VPN connections, four tunnels, BGP (Google's and AWS's reference design). */
const HA_TO_AWS = [
    GCP_HA, AWS4,
    'tunnel g0-a1 gcp <-> vpc < local-gateway 35.0.0.1 remote-gateway 203.0.113.1 routing bgp psk env A1 >',
    'tunnel g0-a2 gcp <-> vpc < local-gateway 35.0.0.1 remote-gateway 203.0.113.2 routing bgp psk env A2 >',
    'tunnel g1-a3 gcp <-> vpc < local-gateway 35.0.0.2 remote-gateway 203.0.113.3 routing bgp psk env A3 >',
    'tunnel g1-a4 gcp <-> vpc < local-gateway 35.0.0.2 remote-gateway 203.0.113.4 routing bgp psk env A4 >',
];

/** The same with ASNs and the inside /30s AWS assigns (AWS's side .1, GCP's .2). */
const HA_TO_AWS_BGP = [
    GCP_HA.replace(' >', ' asn 65010 >'), AWS4.replace(' >', ' asn 64512 >'),
    ...HA_TO_AWS.slice(2).map((l, i) => l.replace(' psk', ` local-inside 169.254.${10 + i}.2/30 remote-inside 169.254.${10 + i}.1/30 psk`)),
];

/** Azure active-active to AWS, BGP on Azure's APIPA range (Microsoft's AWS how-to). */
const AZ_TO_AWS_BGP = [
    AZ_AA.replace(' >', ' asn 65000 >'), AWS4,
    'tunnel z0-a1 vnet <-> vpc < local-gateway 20.0.0.1 remote-gateway 203.0.113.1 routing bgp local-inside 169.254.21.2/30 remote-inside 169.254.21.1/30 psk env Z1 >',
    'tunnel z0-a2 vnet <-> vpc < local-gateway 20.0.0.1 remote-gateway 203.0.113.2 routing bgp local-inside 169.254.22.2/30 remote-inside 169.254.22.1/30 psk env Z2 >',
    'tunnel z1-a3 vnet <-> vpc < local-gateway 20.0.0.2 remote-gateway 203.0.113.3 routing bgp local-inside 169.254.21.6/30 remote-inside 169.254.21.5/30 psk env Z3 >',
    'tunnel z1-a4 vnet <-> vpc < local-gateway 20.0.0.2 remote-gateway 203.0.113.4 routing bgp local-inside 169.254.22.6/30 remote-inside 169.254.22.5/30 psk env Z4 >',
];

/** Both tunnels of an AWS VPN connection to strongSwan (FRR), BGP with the inside addresses from AWS's configuration file. */
const AWS_BGP_DC = [
    DC.replace(' >', ' asn 65000 >'), AWS,
    'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing bgp local-inside 169.254.44.2/30 remote-inside 169.254.44.1/30 psk env T1 >',
    'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing bgp local-inside 169.254.45.2/30 remote-inside 169.254.45.1/30 psk env T2 >',
];

const TENCENT_GCP = [
    'topology tencent-gcp',
    'site tx-hk < provider tencent region ap-hongkong cidr 10.0.0.0/16 gateway 203.0.113.10',
    '            route 10.170.0.0/20 via tx-gcp >',
    'site gcp-hk < provider gcp region asia-east2 cidr 10.170.0.0/20 gateway 198.51.100.20 >',
    'tunnel tx-gcp tx-hk <-> gcp-hk < ike v2 routing policy psk env TX_GCP_PSK >',
];

const QC_STAR = [
    'site pek3 < provider qingcloud region pek3 cidr 192.168.0.0/24 gateway 139.198.27.92 > hub pek3',
    'site sh1  < provider qingcloud region sh1  cidr 172.16.0.0/24  gateway 139.198.175.48 > hub pek3',
    'site gd2  < provider qingcloud region gd2  cidr 172.26.0.0/24  gateway 139.198.123.198 > hub pek3',
];

const CLEAN: Design[] = [
    { name: 'AWS VPN connection, both tunnels to one strongSwan gateway, static', text: t(DC, AWS, ...awsPair('static')), expected: [] },
    { name: 'AWS VPN connection, both tunnels to one strongSwan gateway, BGP', text: t(DC, AWS, ...awsPair('bgp')), expected: [] },
    {
        name: 'AWS VPN connection from two on-premises routers (one tunnel each)',
        text: t(DC2, AWS,
            'tunnel r1 dc <-> vpc < local-gateway 198.51.100.10 remote-gateway 203.0.113.1 routing bgp psk env R1 >',
            'tunnel r2 dc <-> vpc < local-gateway 198.51.100.11 remote-gateway 203.0.113.2 routing bgp psk env R2 >'),
        expected: [],
    },
    {
        name: 'AWS static with two VPC networks and two on-premises networks (route-based: any <-> any)',
        text: t('site dc < provider strongswan cidr 192.168.0.0/24, 192.168.8.0/24 gateway 198.51.100.10 >',
            'site vpc < provider aws cidr 10.0.0.0/16, 10.1.0.0/16 gateway 203.0.113.1, 203.0.113.2 >', ...awsPair('static')),
        expected: [],
    },
    {
        name: 'AWS both tunnels, each written per end (A -> B and B -> A)',
        text: t(DC, AWS,
            'tunnel t1 dc -> vpc < remote-gateway 203.0.113.1 routing static psk env T1 >',
            'tunnel t1-aws vpc -> dc < local-gateway 203.0.113.1 routing static psk env T1 >',
            'tunnel t2 dc -> vpc < remote-gateway 203.0.113.2 routing static psk env T2 >',
            'tunnel t2-aws vpc -> dc < local-gateway 203.0.113.2 routing static psk env T2 >'),
        expected: [],
    },
    { name: 'GCP HA VPN to AWS: four tunnels, BGP', text: t(...HA_TO_AWS), expected: [] },
    {
        name: 'GCP HA VPN to strongSwan with two interfaces (TWO_IPS_REDUNDANCY)',
        text: t(GCP_HA, DC2,
            'tunnel if0 gcp <-> dc < local-gateway 35.0.0.1 remote-gateway 198.51.100.10 routing bgp psk env IF0 >',
            'tunnel if1 gcp <-> dc < local-gateway 35.0.0.2 remote-gateway 198.51.100.11 routing bgp psk env IF1 >'),
        expected: [],
    },
    {
        name: 'GCP HA VPN to one strongSwan address (SINGLE_IP_INTERNALLY_REDUNDANT)',
        text: t(GCP_HA, DC,
            'tunnel if0 gcp <-> dc < local-gateway 35.0.0.1 routing bgp psk env IF0 >',
            'tunnel if1 gcp <-> dc < local-gateway 35.0.0.2 routing bgp psk env IF1 >'),
        expected: [],
    },
    {
        name: 'Azure active-active to strongSwan, BGP',
        text: t(AZ_AA, DC2,
            'tunnel i0 vnet <-> dc < local-gateway 20.0.0.1 remote-gateway 198.51.100.10 routing bgp psk env I0 >',
            'tunnel i1 vnet <-> dc < local-gateway 20.0.0.2 remote-gateway 198.51.100.11 routing bgp psk env I1 >'),
        expected: [],
    },
    {
        name: 'Azure active-active to AWS: four tunnels, BGP',
        text: t(AZ_AA, AWS4,
            'tunnel z0-a1 vnet <-> vpc < local-gateway 20.0.0.1 remote-gateway 203.0.113.1 routing bgp psk env Z1 >',
            'tunnel z0-a2 vnet <-> vpc < local-gateway 20.0.0.1 remote-gateway 203.0.113.2 routing bgp psk env Z2 >',
            'tunnel z1-a3 vnet <-> vpc < local-gateway 20.0.0.2 remote-gateway 203.0.113.3 routing bgp psk env Z3 >',
            'tunnel z1-a4 vnet <-> vpc < local-gateway 20.0.0.2 remote-gateway 203.0.113.4 routing bgp psk env Z4 >'),
        expected: [],
    },
    {
        name: 'Azure route-based static to strongSwan (one instance)',
        text: t('site vnet < provider azure cidr 10.20.0.0/16 gateway 20.0.0.1 >', DC, 'tunnel az vnet <-> dc < routing static psk env AZ >'),
        expected: [],
    },
    { name: 'Tencent <-> GCP Classic, as the seed guide (policy, IKEv2)', text: t(...TENCENT_GCP), expected: [] },
    {
        name: 'Tencent <-> GCP Classic, route-based with the Tencent route',
        text: t(...TENCENT_GCP.slice(0, 4), 'tunnel tx-gcp tx-hk <-> gcp-hk < ike v2 routing static psk env TX_GCP_PSK >'),
        expected: [],
    },
    {
        name: 'a hub named hub, spokes derived',
        text: t('site hub < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 > hub hub',
            'site branch1 < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 > hub hub',
            'site branch2 < provider strongswan cidr 10.2.0.0/16 gateway 198.51.100.3 > hub hub'),
        expected: [],
    },
    {
        name: 'keywords as names: sites static, policy and local, tunnel bgp, host v2',
        text: t('site static < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >',
            'site policy < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'host v2 10.1.0.5 in policy',
            'tunnel bgp static <-> policy < psk env env >'),
        expected: [],
    },
    {
        name: 'names starting with a digit',
        text: t('topology 2024-migration',
            'site 1st-dc < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >',
            'site 2nd-dc < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel 1-2 1st-dc <-> 2nd-dc < psk env P12 >'),
        expected: [],
    },
    { name: 'QingCloud star in three lines', text: t(...QC_STAR), expected: [] },
    {
        name: 'QingCloud star written out, corrected',
        text: t(...QC_STAR.map(l => l.replace(/ hub pek3$/, '')),
            'tunnel pek3-sh1 pek3 -> sh1 < local 192.168.0.0/24, 172.26.0.0/24 remote 172.16.0.0/24 psk env Q1 >',
            'tunnel pek3-gd2 pek3 -> gd2 < local 192.168.0.0/24, 172.16.0.0/24 remote 172.26.0.0/24 psk env Q2 >',
            'tunnel sh1-pek3 sh1 -> pek3 < local 172.16.0.0/24 remote 192.168.0.0/24, 172.26.0.0/24 psk env Q1 >',
            'tunnel gd2-pek3 gd2 -> pek3 < local 172.26.0.0/24 remote 192.168.0.0/24, 172.16.0.0/24 psk env Q2 >'),
        expected: [],
    },
    {
        name: 'strongSwan star with four spokes',
        text: t('site c < provider strongswan cidr 10.0.0.0/24 gateway 198.51.100.1 > hub c',
            ...[1, 2, 3, 4].map(i => `site s${i} < provider strongswan cidr 10.${i}.0.0/24 gateway 198.51.100.${i + 1} > hub c`)),
        expected: [],
    },
    {
        name: 'strongSwan pair, IKEv2 policy, several networks per side',
        text: t('site a < provider strongswan cidr 10.0.0.0/24, 10.0.8.0/24 gateway 198.51.100.1 >',
            'site b < provider strongswan cidr 10.1.0.0/24, 10.1.8.0/24 gateway 198.51.100.2 >',
            'tunnel ab a <-> b < ike v2 psk env AB >'),
        expected: [],
    },
    {
        name: 'GCP Classic policy-based IKEv2 with several on-premises networks (one child SA)',
        text: t('site g < provider gcp cidr 10.10.0.0/20 gateway 35.0.0.9 >',
            'site dc < provider strongswan cidr 192.168.0.0/24, 192.168.8.0/24 gateway 198.51.100.10 >',
            'tunnel g-dc g <-> dc < ike v2 routing policy psk env GDC >'),
        expected: [],
    },
    {
        name: 'GCP Classic route-based IKEv2 with several networks on both sides',
        text: t('site g < provider gcp cidr 10.10.0.0/20, 10.20.0.0/20 gateway 35.0.0.9 >',
            'site dc < provider strongswan cidr 192.168.0.0/24, 192.168.8.0/24 gateway 198.51.100.10 >',
            'tunnel g-dc g <-> dc < ike v2 routing static psk env GDC >'),
        expected: [],
    },
    {
        name: 'Alibaba route-based to strongSwan',
        text: t('site ali < provider alibaba region cn-hangzhou cidr 172.20.0.0/16 gateway 47.0.0.1 >', DC, 'tunnel ali-dc ali <-> dc < routing static psk env ALI >'),
        expected: [],
    },
    {
        name: 'Huawei BGP to strongSwan',
        text: t('site hw < provider huawei region cn-north-4 cidr 172.30.0.0/16 gateway 121.0.0.1 >', DC, 'tunnel hw-dc hw <-> dc < routing bgp psk env HW >'),
        expected: [],
    },
    {
        name: 'Alibaba <-> Tencent, policy, IKEv2',
        text: t('site ali < provider alibaba cidr 172.20.0.0/16 gateway 47.0.0.1 >',
            'site tx < provider tencent cidr 10.0.0.0/16 gateway 203.0.113.10 route 172.20.0.0/16 via ali-tx >',
            'tunnel ali-tx ali <-> tx < ike v2 psk env ALI_TX >'),
        expected: [],
    },
    {
        name: 'Tencent BGP to strongSwan (no route needed)',
        text: t('site tx < provider tencent cidr 10.0.0.0/16 gateway 203.0.113.10 >', DC, 'tunnel tx-dc tx <-> dc < routing bgp psk env TX >'),
        expected: [],
    },
    {
        name: 'Tencent route-based to strongSwan with its route',
        text: t('site tx < provider tencent cidr 10.0.0.0/16 gateway 203.0.113.10 route 192.168.0.0/16 via tx-dc >', DC, 'tunnel tx-dc tx <-> dc < routing static psk env TX >'),
        expected: [],
    },
    {
        name: 'Tencent route with a supernet of the peer network',
        text: t('site tx < provider tencent cidr 10.0.0.0/16 gateway 203.0.113.10 route 192.168.0.0/15 via tx-dc >', DC, 'tunnel tx-dc tx <-> dc < routing static psk env TX >'),
        expected: [],
    },
    {
        name: 'IPv6 between two strongSwan gateways',
        text: t('site a < provider strongswan cidr 2001:db8:a::/48 gateway 198.51.100.1 >',
            'site b < provider strongswan cidr 2001:db8:b::/48 gateway 198.51.100.2 >', 'tunnel ab a <-> b < psk env AB >'),
        expected: [],
    },
    {
        name: 'dual stack between two strongSwan gateways, route-based',
        text: t('site a < provider strongswan cidr 10.0.0.0/16, 2001:db8:a::/48 gateway 198.51.100.1 >',
            'site b < provider strongswan cidr 10.1.0.0/16, 2001:db8:b::/48 gateway 198.51.100.2 >', 'tunnel ab a <-> b < routing static psk env AB >'),
        expected: [],
    },
    {
        name: 'hosts in their sites, tunnel with written mirrored selectors',
        text: t('site a < provider strongswan cidr 10.0.0.0/24 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/24 gateway 198.51.100.2 >',
            'host ha 10.0.0.5 in a', 'host hb 10.1.0.5 in b',
            'tunnel ab a <-> b < local 10.0.0.0/24 remote 10.1.0.0/24 psk env AB >'),
        expected: [],
    },
    {
        name: 'supernet selectors covering the sites',
        text: t('site a < provider strongswan cidr 10.0.1.0/24 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.1.0/24 gateway 198.51.100.2 >',
            'tunnel ab a <-> b < local 10.0.0.0/16 remote 10.1.0.0/16 psk env AB >'),
        expected: [],
    },
    {
        name: 'two AWS VPCs, each with both tunnels to one data centre',
        text: t(DC, AWS, 'site vpc2 < provider aws cidr 10.5.0.0/16 gateway 203.0.113.5, 203.0.113.6 >', ...awsPair('bgp'),
            'tunnel u1 dc <-> vpc2 < remote-gateway 203.0.113.5 routing bgp psk env U1 >',
            'tunnel u2 dc <-> vpc2 < remote-gateway 203.0.113.6 routing bgp psk env U2 >'),
        expected: [],
    },
    {
        name: 'explicit IKEv2 proposals accepted by AWS and strongSwan',
        text: t(DC, AWS,
            'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing bgp ike v2 ike-proposal aes256gcm16-prfsha384-ecp384 esp-proposal aes256gcm16-ecp384 psk env T1 >',
            'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing bgp ike v2 ike-proposal aes256gcm16-prfsha384-ecp384 esp-proposal aes256gcm16-ecp384 psk env T2 >'),
        expected: [],
    },
    {
        name: 'multi-region strongSwan mesh (three explicit tunnels)',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'site c < provider strongswan cidr 10.2.0.0/16 gateway 198.51.100.3 >',
            'tunnel ab a <-> b < psk env AB >', 'tunnel bc b <-> c < psk env BC >', 'tunnel ca c <-> a < psk env CA >'),
        expected: [],
    },
    {
        name: 'a gateway address not yet known (left out)',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >', 'tunnel ab a <-> b < psk env AB >'),
        expected: [],
    },
    {
        name: 'QingCloud to strongSwan, IKEv2 policy',
        text: t('site qc < provider qingcloud region pek3 cidr 192.168.100.0/24 gateway 139.198.27.92 >',
            'site dc < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.10 >', 'tunnel qc-dc qc <-> dc < ike v2 psk env QC >'),
        expected: [],
    },
    {
        name: 'AWS static to Azure active-active (four tunnels)',
        text: t(AZ_AA, AWS4,
            'tunnel z0-a1 vnet <-> vpc < local-gateway 20.0.0.1 remote-gateway 203.0.113.1 routing static psk env Z1 >',
            'tunnel z0-a2 vnet <-> vpc < local-gateway 20.0.0.1 remote-gateway 203.0.113.2 routing static psk env Z2 >',
            'tunnel z1-a3 vnet <-> vpc < local-gateway 20.0.0.2 remote-gateway 203.0.113.3 routing static psk env Z3 >',
            'tunnel z1-a4 vnet <-> vpc < local-gateway 20.0.0.2 remote-gateway 203.0.113.4 routing static psk env Z4 >'),
        expected: [],
    },
    { name: 'GCP HA VPN to AWS: four tunnels, BGP with ASNs and inside addresses', text: t(...HA_TO_AWS_BGP), expected: [] },
    { name: 'Azure active-active to AWS: four tunnels, BGP on APIPA addresses', text: t(...AZ_TO_AWS_BGP), expected: [] },
    { name: 'AWS two tunnels BGP to strongSwan with ASNs and inside addresses', text: t(...AWS_BGP_DC), expected: [] },
    {
        name: 'AWS BGP: only the customer side inside address written (the AWS side is the other of the /30)',
        text: t(...AWS_BGP_DC.slice(0, 2),
            'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing bgp local-inside 169.254.44.2/30 psk env T1 >',
            'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing bgp local-inside 169.254.45.2/30 psk env T2 >'),
        expected: [],
    },
    {
        name: 'BGP tunnel written per end (A -> B and B -> A), each with its own inside address',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 asn 65001 >', 'site b < provider tencent cidr 10.1.0.0/16 gateway 203.0.113.10 asn 64551 >',
            'tunnel ab a -> b < routing bgp local-inside 169.254.30.1/30 remote-inside 169.254.30.2/30 psk env AB >',
            'tunnel ba b -> a < routing bgp local-inside 169.254.30.2/30 remote-inside 169.254.30.1/30 psk env AB >'),
        expected: [],
    },
    {
        name: 'IPv6 BGP session (/126) between two strongSwan routers',
        text: t('site a < provider strongswan cidr 2001:db8:a::/48 gateway 198.51.100.1 asn 65001 >', 'site b < provider strongswan cidr 2001:db8:b::/48 gateway 198.51.100.2 asn 65002 >',
            'tunnel ab a <-> b < routing bgp local-inside fd00:1::1/126 remote-inside fd00:1::2/126 psk env AB >'),
        expected: [],
    },
    {
        name: 'Alibaba BGP (its default ASN 45104) to strongSwan',
        text: t('site ali < provider alibaba cidr 172.20.0.0/16 gateway 47.0.0.1 >', DC.replace(' >', ' asn 65000 >'),
            'tunnel ali-dc ali <-> dc < routing bgp local-inside 169.254.40.1/30 remote-inside 169.254.40.2/30 psk env ALI >'),
        expected: [],
    },
    {
        name: 'AWS both tunnels with lifetimes, DPD and identities written (within AWS\'s ranges)',
        text: t(DC, AWS,
            'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing static ike-lifetime 8h esp-lifetime 1h dpd 30 psk env T1 >',
            'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing static ike-lifetime 28800 esp-lifetime 3600s dpd 30s psk env T2 >'),
        expected: [],
    },
    {
        name: 'strongSwan behind NAT with an FQDN identity on both ends',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 behind-nat 192.168.100.5 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel ab a <-> b < local-id "a.example.com" remote-id "b@example.com" psk env AB >'),
        expected: [],
    },
    {
        name: 'GCP Classic to strongSwan with different lifetimes under IKEv2 (not negotiated: no warning)',
        text: t('site g < provider gcp cidr 10.10.0.0/20 gateway 35.0.0.9 >', 'site dc < provider strongswan cidr 192.168.0.0/24 gateway 198.51.100.10 >',
            'tunnel dc-g dc -> g < ike v2 ike-lifetime 8h psk env GDC >'),
        expected: [],
    },
    {
        name: 'GCP HA VPN dual stack (IPv6 over IKEv2, BGP)',
        text: t('site gcp < provider gcp cidr 10.10.0.0/20, 2001:db8:10::/48 gateway 35.0.0.1, 35.0.0.2 asn 65010 >',
            'site dc < provider strongswan cidr 192.168.0.0/16, 2001:db8:20::/48 gateway 198.51.100.10 asn 65000 >',
            'tunnel if0 gcp <-> dc < local-gateway 35.0.0.1 routing bgp ike v2 psk env IF0 >',
            'tunnel if1 gcp <-> dc < local-gateway 35.0.0.2 routing bgp ike v2 psk env IF1 >'),
        expected: [],
    },
    {
        name: 'on-premises strongSwan behind NAT to both tunnels of an AWS VPN connection, its public address as identity',
        text: t(DC.replace(' >', ' behind-nat 10.0.0.5 >'), AWS, ...awsPair('static').map(l => l.replace(' psk', ' local-id 198.51.100.10 psk'))),
        expected: [],
    },
    {
        name: 'two gateways behind NAT, each with its own address, identities written per tunnel',
        text: t(DC2.replace(' >', ' behind-nat 10.0.0.5, 10.0.0.6 >'), AWS,
            'tunnel r1 dc <-> vpc < local-gateway 198.51.100.10 remote-gateway 203.0.113.1 routing bgp local-id "r1.dc.example.com" psk env R1 >',
            'tunnel r2 dc <-> vpc < local-gateway 198.51.100.11 remote-gateway 203.0.113.2 routing bgp local-id "r2.dc.example.com" psk env R2 >'),
        expected: [],
    },
    {
        name: 'Tencent to strongSwan with DPD 45 s (Tencent 30-60) and DPD off on the strongSwan side only',
        text: t('site tx < provider tencent region ap-guangzhou cidr 10.0.0.0/16 gateway 203.0.113.10 route 192.168.0.0/24 via tx-dc >',
            'site dc < provider strongswan cidr 192.168.0.0/24 gateway 198.51.100.10 >',
            'tunnel tx-dc tx -> dc < ike v2 routing static dpd 45 psk env TXDC >', 'tunnel dc-tx dc -> tx < ike v2 routing static dpd off psk env TXDC >'),
        expected: [],
    },
    {
        name: 'the topology split over two statements per tunnel with comments',
        text: t('// data centre', DC, '/* the AWS side */', AWS, ...awsPair('static'), '// end'),
        expected: [],
    },
];

const FAULTY: Design[] = [
    {
        name: 'an IPsec SA lifetime over AWS\'s 3,600 s',
        text: t(DC, AWS, 'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing static esp-lifetime 8h psk env T1 >',
            'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing static esp-lifetime 8h psk env T2 >'),
        expected: ['3 error lifetime-unsupported', '4 error lifetime-unsupported'],
    },
    {
        name: 'an IKE lifetime written towards GCP, whose lifetime is fixed',
        text: t('site g < provider gcp cidr 10.10.0.0/20 gateway 35.0.0.9 >', 'site dc < provider strongswan cidr 192.168.0.0/24 gateway 198.51.100.10 >',
            'tunnel g-dc g <-> dc < ike v2 ike-lifetime 8h psk env GDC >'),
        expected: ['3 error lifetime-unsupported'],
    },
    {
        name: 'IKEv1 ends with different lifetimes',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel ab a -> b < ike v1 ike-lifetime 8h psk env AB >', 'tunnel ba b -> a < ike v1 ike-lifetime 1h psk env AB >'),
        expected: ['4 warning lifetime-mismatch', '3 warning weak-crypto', '4 warning weak-crypto'],
    },
    {
        name: 'a remote-id the peer does not present',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel ab a -> b < remote-id "b.example.com" psk env AB >', 'tunnel ba b -> a < local-id "vpn.example.com" psk env AB >'),
        expected: ['3 error identity-mismatch'],
    },
    {
        name: 'a gateway behind NAT with no identity written (AWS expects its public address)',
        text: t(DC.replace(' >', ' behind-nat 10.0.0.5 >'), AWS, ...awsPair('static')),
        expected: ['3 error nat-identity', '4 error nat-identity'],
    },
    {
        name: 'a gateway behind NAT, the second of a <-> statement, with no identity written',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 behind-nat 172.16.0.2 >',
            '', 'tunnel ab a <-> b < psk env AB >'),
        expected: ['4 error nat-identity'],
    },
    {
        name: 'behind NAT with local-id written, but the peer expects the public address (one finding: identity-mismatch)',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 behind-nat 192.168.100.5 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel ab a -> b < local-id "a.example.com" psk env AB >', 'tunnel ba b -> a < remote-id 198.51.100.1 psk env AB >'),
        expected: ['4 error identity-mismatch'],
    },
    {
        name: 'a DPD timeout under AWS\'s 30 s',
        text: t(DC, AWS, 'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing static dpd 10 psk env T1 >',
            'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing static dpd 30 psk env T2 >'),
        expected: ['3 error dpd-unsupported'],
    },
    {
        name: 'DPD turned off towards Azure, where it is always on',
        text: t(AZ_AA, DC2, 'tunnel i0 vnet <-> dc < local-gateway 20.0.0.1 remote-gateway 198.51.100.10 routing static dpd off psk env I0 >',
            'tunnel i1 vnet <-> dc < local-gateway 20.0.0.2 remote-gateway 198.51.100.11 routing static dpd off psk env I1 >'),
        expected: ['3 error dpd-unsupported', '4 error dpd-unsupported'],
    },
    {
        name: 'a DPD interval written for a GCP Classic VPN end (GCP runs its own)',
        text: t('site g < provider gcp cidr 10.10.0.0/20 gateway 35.0.0.9 >', 'site dc < provider strongswan cidr 192.168.0.0/24 gateway 198.51.100.10 >',
            'tunnel g-dc g -> dc < ike v2 dpd 10 psk env GDC >', 'tunnel dc-g dc -> g < ike v2 dpd 10 psk env GDC >'),
        expected: ['3 error dpd-unsupported'],
    },
    {
        name: 'IPv6 networks over GCP Classic VPN',
        text: t('site g < provider gcp cidr 10.10.0.0/20, 2001:db8:10::/48 gateway 35.0.0.9 >', 'site dc < provider strongswan cidr 192.168.0.0/24, 2001:db8:20::/48 gateway 198.51.100.10 >',
            'tunnel g-dc g <-> dc < ike v2 routing static psk env GDC >'),
        expected: ['3 error ipv6-unsupported'],
    },
    {
        name: 'a lifetime that is not a duration',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel ab a <-> b < esp-lifetime 1hour psk env AB >'),
        expected: ['3 error value-invalid'],
    },
    {
        name: 'BGP: the two inside addresses in different /30s',
        text: t(...AWS_BGP_DC.slice(0, 3), 'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing bgp local-inside 169.254.45.2/30 remote-inside 169.254.46.1/30 psk env T2 >'),
        expected: ['4 error inside-invalid'],
    },
    {
        name: 'BGP: an inside /30 that AWS reserves',
        text: t(...AWS_BGP_DC.slice(0, 3), 'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing bgp local-inside 169.254.5.2/30 psk env T2 >'),
        expected: ['4 error inside-invalid'],
    },
    {
        name: 'BGP: Azure to AWS outside the APIPA range',
        text: t(...AZ_TO_AWS_BGP.slice(0, 5), AZ_TO_AWS_BGP[5].replace(/169\.254\.22\./g, '169.254.30.')),
        expected: ['6 error inside-invalid'],
    },
    {
        name: 'BGP: the network address of the /30 as an inside address',
        text: t(...AWS_BGP_DC.slice(0, 2), AWS_BGP_DC[2].replace('169.254.44.2/30', '169.254.44.0/30'), AWS_BGP_DC[3]),
        expected: ['3 error inside-invalid'],
    },
    {
        name: 'BGP: a /29 towards AWS',
        text: t(...AWS_BGP_DC.slice(0, 2), 'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing bgp local-inside 169.254.44.2/29 psk env T1 >', AWS_BGP_DC[3]),
        expected: ['3 error inside-invalid'],
    },
    {
        name: 'BGP: two tunnels of a site on the same /30',
        text: t(...AWS_BGP_DC.slice(0, 3), AWS_BGP_DC[3].replace(/169\.254\.45\./g, '169.254.44.')),
        expected: ['4 error inside-invalid'],
    },
    {
        name: 'BGP: both ends the same address',
        text: t(...AWS_BGP_DC.slice(0, 3), AWS_BGP_DC[3].replace('remote-inside 169.254.45.1/30', 'remote-inside 169.254.45.2/30')),
        expected: ['4 error inside-invalid'],
    },
    {
        name: 'BGP: the data centre in AWS\'s default ASN 64512 (eBGP with itself)',
        text: t(DC.replace(' >', ' asn 64512 >'), AWS, ...awsPair('bgp')),
        expected: ['3 error asn-same', '4 error asn-same'],
    },
    {
        name: 'BGP: an Amazon-side ASN outside AWS\'s ranges',
        text: t(DC.replace(' >', ' asn 65000 >'), AWS.replace(' >', ' asn 7224 >'), ...awsPair('bgp')),
        expected: ['2 error asn-invalid'],
    },
    {
        name: 'BGP: a peer of Azure in Azure\'s reserved ASN 65515',
        text: t(AZ_AA, DC2.replace(' >', ' asn 65515 >'),
            'tunnel i0 vnet <-> dc < local-gateway 20.0.0.1 remote-gateway 198.51.100.10 routing bgp psk env I0 >',
            'tunnel i1 vnet <-> dc < local-gateway 20.0.0.2 remote-gateway 198.51.100.11 routing bgp psk env I1 >'),
        expected: ['2 error asn-invalid', '3 error asn-same', '4 error asn-same'],
    },
    {
        name: 'BGP: an ASN that is not a number',
        text: t(DC.replace(' >', ' asn 65k >'), AWS, ...awsPair('bgp')),
        expected: ['1 error asn-invalid'],
    },
    {
        name: 'GCP HA VPN: a static tunnel on an HA VPN interface',
        text: t(GCP_HA, DC2,
            'tunnel if0 gcp <-> dc < local-gateway 35.0.0.1 remote-gateway 198.51.100.10 routing bgp psk env IF0 >',
            'tunnel if1 gcp <-> dc < local-gateway 35.0.0.2 remote-gateway 198.51.100.11 routing bgp psk env IF1 >',
            'tunnel cl gcp <-> dc < local-gateway 35.0.0.2 remote-gateway 198.51.100.10 routing static psk env CL >'),
        expected: ['5 error bgp-required', '5 warning redundant-mismatch'],
    },
    { name: 'AWS: only one of the two tunnels configured', text: t(DC, AWS, awsPair('static')[0]), expected: ['3 warning redundancy-missing'] },
    {
        name: 'GCP HA VPN: both tunnels on interface 0',
        text: t(GCP_HA, DC2,
            'tunnel if0 gcp <-> dc < local-gateway 35.0.0.1 remote-gateway 198.51.100.10 routing bgp psk env IF0 >',
            'tunnel if1 gcp <-> dc < local-gateway 35.0.0.1 remote-gateway 198.51.100.11 routing bgp psk env IF1 >'),
        expected: ['3 warning redundancy-missing'],
    },
    { name: 'GCP HA VPN: one tunnel', text: t(GCP_HA, DC, 'tunnel if0 gcp <-> dc < routing bgp psk env IF0 >'), expected: ['3 warning redundancy-missing'] },
    {
        name: 'two tunnels on the same pair of gateways',
        text: t(DC, AWS, 'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing static psk env T1 >', 'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.1 routing static psk env T2 >'),
        expected: ['4 error duplicate-tunnel', '3 warning redundancy-missing'],
    },
    {
        name: 'two tunnels between single-gateway sites',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel ab a <-> b < psk env AB >', 'tunnel ab2 a <-> b < psk env AB >'),
        expected: ['4 error duplicate-tunnel'],
    },
    {
        name: 'redundant tunnels that disagree on proposals',
        text: t(DC, AWS,
            'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing bgp ike v2 ike-proposal aes256gcm16-prfsha384-ecp384 esp-proposal aes256gcm16-ecp384 psk env T1 >',
            'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing bgp ike v2 ike-proposal aes128-sha256-modp2048 esp-proposal aes128-sha256-modp2048 psk env T2 >'),
        expected: ['4 warning redundant-mismatch'],
    },
    {
        name: 'redundant tunnels that disagree on selectors',
        text: t('site dc < provider strongswan cidr 192.168.0.0/16 gateway 198.51.100.10 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2, 198.51.100.3 >',
            'tunnel x1 dc <-> b < remote-gateway 198.51.100.2 local 192.168.0.0/16 remote 10.1.0.0/16 psk env X >',
            'tunnel x2 dc <-> b < remote-gateway 198.51.100.3 local 192.168.0.0/24 remote 10.1.0.0/16 psk env X >'),
        expected: ['4 warning redundant-mismatch'],
    },
    {
        name: 'a remote-gateway that is not one of the site\'s',
        text: t(DC, AWS, 'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing static psk env T1 >', 'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.9 routing static psk env T2 >'),
        expected: ['4 error gateway-unknown'],
    },
    {
        name: 'IKEv1 policy-based towards GCP with two networks: only the first is carried',
        text: t('site g < provider gcp cidr 10.10.0.0/20 gateway 35.0.0.9 >',
            'site dc < provider strongswan cidr 192.168.0.0/24, 192.168.8.0/24 gateway 198.51.100.10 >',
            'tunnel g-dc g <-> dc < ike v1 routing policy psk env GDC >'),
        // GCP's only IKEv1 suite is weak (a real risk); the second network is never carried
        expected: ['3 error ikev1-multiple-selectors', '3 error ikev1-multiple-selectors', '3 warning weak-crypto'],
    },
    {
        name: 'Tencent route-based without its route',
        text: t('site tx < provider tencent cidr 10.0.0.0/16 gateway 203.0.113.10 >', DC, 'tunnel tx-dc tx <-> dc < routing static psk env TX >'),
        expected: ['1 error missing-route'],
    },
    {
        name: 'Tencent route covering only half of the peer network',
        text: t('site tx < provider tencent cidr 10.0.0.0/16 gateway 203.0.113.10 route 192.168.0.0/17 via tx-dc >', DC, 'tunnel tx-dc tx <-> dc < routing static psk env TX >'),
        expected: ['1 error missing-route'],
    },
    {
        name: 'overlapping networks across a tunnel',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.0.128.0/17 gateway 198.51.100.2 >', 'tunnel ab a <-> b < psk env AB >'),
        expected: ['2 error cidr-overlap'],
    },
    {
        name: 'QingCloud with BGP',
        text: t('site qc < provider qingcloud cidr 172.31.0.0/24 gateway 139.198.27.92 >', DC, 'tunnel qc-dc qc <-> dc < routing bgp psk env QC >'),
        expected: ['3 error routing-unsupported'],
    },
    {
        name: 'GCP HA VPN (bgp) with a static peer',
        text: t(GCP_HA, DC,
            'tunnel if0 gcp -> dc < local-gateway 35.0.0.1 routing bgp psk env IF0 >', 'tunnel if0-dc dc -> gcp < remote-gateway 35.0.0.1 routing static psk env IF0 >'),
        expected: ['4 error routing-unsupported', '3 warning redundancy-missing'],
    },
    {
        name: 'AWS policy-based with two on-premises networks',
        text: t('site dc < provider strongswan cidr 192.168.0.0/24, 192.168.8.0/24 gateway 198.51.100.10 >', AWS, ...awsPair('policy')),
        expected: ['3 warning selector-sa-limit', '4 warning selector-sa-limit'],
    },
    {
        name: 'a host outside its site',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'host h 10.9.0.5 in a', 'tunnel ab a <-> b < psk env AB >'),
        expected: ['3 error host-outside-site'],
    },
    {
        name: 'a star centred on GCP Classic VPN',
        text: t('site g < provider gcp cidr 10.10.0.0/20 gateway 35.0.0.9 > hub g',
            'site s1 < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 > hub g', 'site s2 < provider strongswan cidr 10.2.0.0/16 gateway 198.51.100.3 > hub g'),
        expected: ['1 error hub-unsupported'],
    },
    {
        name: 'a hub named hub that is itself a spoke',
        text: t('site c < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 > hub c',
            'site hub < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 > hub c', 'site s < provider strongswan cidr 10.2.0.0/16 gateway 198.51.100.3 > hub hub'),
        expected: ['3 error hub-not-centre'],
    },
    {
        name: 'a tunnel from a site to itself',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'tunnel aa a <-> a < psk env AA >'),
        expected: ['2 error tunnel-self'],
    },
    {
        name: 'two sites with one name',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 >', 'site a < provider strongswan cidr 10.1.0.0/16 >'),
        expected: ['2 error duplicate-name'],
    },
    {
        name: 'a gateway listed twice',
        text: t('site a < provider aws cidr 10.0.0.0/16 gateway 203.0.113.1, 203.0.113.1 >'),
        expected: ['1 error duplicate-name'],
    },
    {
        name: 'a remote selector with the site\'s own network',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel ab a -> b < local 10.0.0.0/16 remote 10.0.0.0/16 psk env AB >'),
        expected: ['3 error selector-self-overlap', '3 error missing-route'],
    },
    {
        name: 'written ends that are not mirror images',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel ab a -> b < local 10.0.0.0/16 remote 10.1.0.0/16 psk env AB >', 'tunnel ba b -> a < local 10.1.0.0/24 remote 10.0.0.0/16 psk env AB >'),
        // b's end is a strongSwan peer that narrows a's /16 to its /24 (warning); what lies outside is lost (error)
        expected: ['4 warning selector-mismatch', '4 error missing-route'],
    },
    {
        name: 'weak crypto by choice',
        text: t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel ab a <-> b < ike v2 ike-proposal 3des-md5-modp1024 esp-proposal 3des-md5-modp1024 psk env AB >'),
        expected: ['3 warning weak-crypto'],
    },
    {
        name: 'an algorithm AWS does not offer',
        text: t(DC, AWS,
            'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing bgp ike v2 ike-proposal 3des-sha1-modp1024 esp-proposal aes128-sha1-modp2048 psk env T1 >',
            'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing bgp ike v2 ike-proposal 3des-sha1-modp1024 esp-proposal aes128-sha1-modp2048 psk env T2 >'),
        // one finding per root cause: AWS does not offer 3DES; 3DES, SHA-1 and modp1024 are weak
        expected: ['3 error proposal-unsupported', '4 error proposal-unsupported', '3 warning weak-crypto', '4 warning weak-crypto'],
    },
    {
        name: 'an unknown provider',
        text: t('site a < provider oracle cidr 10.0.0.0/16 >'),
        expected: ['1 error provider-unknown'],
    },
];

async function findings(text: string): Promise<string[]> {
    const [doc] = await checkTexts(text);
    return (doc.diagnostics ?? [])
        .filter(d => d.severity === 1 || d.severity === 2)
        .map(d => `${d.range.start.line + 1} ${d.severity === 1 ? 'error' : 'warning'} ${String(d.code)}`)
        .sort();
}

describe('real-world designs', () => {
    test('the table has at least 60 designs, clean and faulty', () => {
        expect(CLEAN.length + FAULTY.length).toBeGreaterThanOrEqual(60);
    });

    test.each(CLEAN.map(c => [c.name, c] as const))('clean: %s', async (_name, c) => {
        expect(await findings(c.text)).toEqual([]);
    });

    test.each(FAULTY.map(c => [c.name, c] as const))('faulty: %s', async (_name, c) => {
        expect(await findings(c.text)).toEqual([...c.expected].sort());
    });
});

describe('messages of real-world mistakes', () => {
    const messages = async (text: string, code: string) => {
        const [doc] = await checkTexts(text);
        return (doc.diagnostics ?? []).filter(d => d.code === code).map(d => d.message);
    };

    test('a Tencent route covering part of the peer network names the part left out, and the fix adds only it', async () => {
        const text = t('site tx-bj < provider tencent cidr 10.0.0.0/16 gateway 203.0.113.10 route 10.20.0.0/17 via tx-dc >',
            'site dc < provider strongswan cidr 10.20.0.0/16 gateway 198.51.100.10 >', 'tunnel tx-dc tx-bj <-> dc < routing static psk env TX >');
        const [m] = await messages(text, 'missing-route');
        expect(m).toContain('leave out 10.20.128.0/17 of 10.20.0.0/16');
        const [doc] = await checkTexts(text);
        const d = doc.diagnostics!.find(x => x.code === 'missing-route')!;
        expect(JSON.stringify(d.data)).toContain('route 10.20.128.0/17 via tx-dc');
    });

    test('a selector that covers a small part of a network: "X except Y", not the complement list', async () => {
        const text = t('site a < provider strongswan cidr 10.55.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel ab a <-> b < local 10.55.8.0/24 remote 10.1.0.0/16 psk env AB >');
        const ms = await messages(text, 'missing-route');
        expect(ms.join('\n')).toContain('10.55.0.0/16 except 10.55.8.0/24');
    });

    test('weak IKEv1 crypto on one tunnel: one warning, its first line short', async () => {
        const ms = await messages(t(...TENCENT_GCP.slice(0, 4), 'tunnel tx-gcp tx-hk <-> gcp-hk < ike v1 routing policy psk env TX_GCP_PSK >'), 'weak-crypto');
        expect(ms).toHaveLength(1);
    });
});

describe('redundant tunnels in every output', () => {
    const text = t(DC, AWS, ...awsPair('bgp'));

    test('the strongSwan config has one connection per tunnel, each to its own AWS outside address', async () => {
        const topology = await topologyOf(text);
        const conf = renderSwanctlConf(topology.siteByName.get('dc')!, topology);
        expect(conf).toMatch(/t1 \{[\s\S]*?remote_addrs = 203\.0\.113\.1\b/);
        expect(conf).toMatch(/t2 \{[\s\S]*?remote_addrs = 203\.0\.113\.2\b/);
        expect(conf.match(/local_addrs = 198\.51\.100\.10\b/g)).toHaveLength(2);
    });

    test('the resolve stage says which gateways each end uses, and where that comes from', async () => {
        const topology = await topologyOf(text);
        const t2 = topology.tunnels.find(x => x.name === 't2')!;
        const dc = settingsOf(t2.a), vpc = settingsOf(t2.b);
        expect([dc.gateway.value?.text, dc.gateway.from, dc.peerGateway.value?.text, dc.peerGateway.from]).toEqual(['198.51.100.10/32', 'default', '203.0.113.2/32', 'declared']);
        expect([vpc.gateway.value?.text, vpc.peerGateway.value?.text]).toEqual(['203.0.113.2/32', '198.51.100.10/32']);
    });

    test('formatting keeps gateway lists and local-gateway / remote-gateway, and the result checks the same', async () => {
        const messy = t('site vpc<provider aws cidr 10.0.0.0/16 gateway 203.0.113.1 ,203.0.113.2>', DC,
            'tunnel t1 dc<->vpc<remote-gateway   203.0.113.1 routing bgp psk env T1>', 'tunnel t2 dc<->vpc<remote-gateway 203.0.113.2 routing bgp psk env T2>');
        const [doc] = await checkTexts(messy);
        const edits = await services.lsp.Formatter!.formatDocument(doc, { textDocument: { uri: doc.uri.toString() }, options: { tabSize: 4, insertSpaces: true } });
        const formatted = TextDocument.applyEdits(doc.textDocument, edits);
        expect(formatted).toContain('gateway 203.0.113.1, 203.0.113.2');
        expect(formatted).toContain('remote-gateway 203.0.113.1 routing bgp');
        expect(await findings(formatted)).toEqual([]);
    });
});

describe('BGP settings in the resolve stage', () => {
    test('ASNs (written or the provider default) and inside addresses (written, or the other of the /30) with their provenance', async () => {
        const topology = await topologyOf(t(DC.replace(' >', ' asn 65000 >'), AWS,
            'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing bgp local-inside 169.254.44.2/30 psk env T1 >',
            'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing bgp local-inside 169.254.45.2/30 psk env T2 >'));
        const t1 = topology.tunnels.find(x => x.name === 't1')!;
        const dc = settingsOf(t1.a), vpc = settingsOf(t1.b);
        expect([dc.asn.value, dc.asn.from, dc.peerAsn.value, dc.peerAsn.from]).toEqual([65000, 'declared', 64512, 'default']);
        expect([dc.inside.value?.text, dc.inside.from, dc.peerInside.value?.text, dc.peerInside.from]).toEqual(['169.254.44.2/30', 'declared', '169.254.44.1/30', 'derived']);
        expect([vpc.inside.value?.text, vpc.inside.from, vpc.peerInside.value?.text, vpc.peerInside.from]).toEqual(['169.254.44.1/30', 'derived', '169.254.44.2/30', 'declared']);
    });

    test('a pair of statements: each end its own inside address and lifetime; a one-sided tunnel mirrors them', async () => {
        const topology = await topologyOf(t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 asn 65001 >',
            'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 asn 65002 >',
            'tunnel ab a -> b < routing bgp local-inside 169.254.30.1/30 ike-lifetime 8h local-id "a.example.com" remote-id 198.51.100.2 psk env AB >'));
        const [tn] = topology.tunnels;
        const a = settingsOf(tn.a), b = settingsOf(tn.b);
        expect([a.ikeLifetime.value, a.ikeLifetime.from, b.ikeLifetime.value, b.ikeLifetime.from]).toEqual([28800, 'declared', 28800, 'mirrored']);
        expect([b.inside.value?.text, b.inside.from, b.peerInside.value?.text, b.peerInside.from]).toEqual(['169.254.30.2/30', 'derived', '169.254.30.1/30', 'mirrored']);
        expect([a.localId.value, b.remoteId.value, b.remoteId.from]).toEqual([{ kind: 'fqdn', value: 'a.example.com' }, { kind: 'fqdn', value: 'a.example.com' }, 'mirrored']);
        expect([b.localId.value?.value, b.localId.from]).toEqual(['198.51.100.2', 'mirrored']);
    });
});

describe('lifetimes, DPD and identities in the strongSwan configuration (read from the resolve stage)', () => {
    test('written values become rekey_time, dpd_delay and ids; unwritten ones keep charon\'s defaults and the addresses', async () => {
        const topology = await topologyOf(t('site a < provider strongswan cidr 10.0.0.0/16 gateway 198.51.100.1 >', 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >',
            'tunnel ab a -> b < ike-lifetime 2h esp-lifetime 20m dpd 10s local-id "a.example.com" remote-id "vpn@b.example.com" psk env AB >',
            'site c < provider strongswan cidr 10.2.0.0/16 gateway 198.51.100.3 >', 'tunnel ac a <-> c < psk env AC >'));
        const a = renderSwanctlConf(topology.siteByName.get('a')!, topology);
        const b = renderSwanctlConf(topology.siteByName.get('b')!, topology);
        expect(a).toMatch(/ab \{[\s\S]*?rekey_time = 7200s\n {4}dpd_delay = 10s[\s\S]*?id = a\.example\.com[\s\S]*?id = vpn@b\.example\.com[\s\S]*?rekey_time = 1200s/);
        // the mirrored end at b presents b's identity and expects a's
        expect(b).toMatch(/local \{\n {6}auth = psk\n {6}id = vpn@b\.example\.com[\s\S]*?remote \{\n {6}auth = psk\n {6}id = a\.example\.com/);
        const ac = a.slice(a.indexOf('  ac {'));
        expect(ac).not.toContain('rekey_time');
        expect(ac).toContain('id = 198.51.100.1');
    });
});

describe('the hover reads BGP, lifetimes and identities from the resolve stage', () => {
    test('ASNs and inside addresses with their provenance; written lifetimes and ids', async () => {
        const text = t(DC.replace(' >', ' asn 65000 >'), AWS,
            'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing bgp local-inside 169.254.44.2/30 ike-lifetime 8h local-id "dc.example.com" psk env T1 >',
            'tunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing bgp local-inside 169.254.45.2/30 ike-lifetime 8h local-id "dc.example.com" psk env T2 >');
        const [doc] = await checkTexts(text);
        const line = 2, character = text.split('\n')[2].indexOf('t1');
        const hover = await services.lsp.HoverProvider!.getHoverContent(doc, { textDocument: { uri: doc.uri.toString() }, position: { line, character } });
        const md = (hover?.contents as { value: string }).value;
        expect(md).toContain('BGP: dc: AS 65000, inside 169.254.44.2/30 · vpc: AS 64512 (AWS\'s default), inside 169.254.44.1/30 (derived from the sites)');
        expect(md).toContain('dc: IKE SA 28800 s, IPsec SA 3600 s');
        expect(md).toContain('id dc.example.com');
    });
});

describe('message length (issue 14: a first line of about 160 characters; details in related information)', () => {
    test('every error and warning of the table names its sites in at most 220 characters, most in about 160', async () => {
        const lengths: number[] = [];
        for (const c of [...CLEAN, ...FAULTY]) {
            const [doc] = await checkTexts(c.text);
            for (const d of doc.diagnostics ?? []) {
                if (d.severity !== 1 && d.severity !== 2) continue;
                const first = String(d.message).split('\n')[0];
                expect(first.length, `${c.name}: ${first}`).toBeLessThanOrEqual(220);
                lengths.push(first.length);
            }
        }
        lengths.sort((a, b) => a - b);
        expect(lengths.length).toBeGreaterThan(40);
        expect(lengths[Math.floor(lengths.length / 2)]).toBeLessThanOrEqual(165);
    });
});
