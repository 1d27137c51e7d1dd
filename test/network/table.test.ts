/**
 * Table-driven: Topo text (one or several files) -> the network findings (cidr-overlap,
 * selector-self-overlap, selector-mismatch, missing-route) with severity and where they start
 * (line:col, 1-based as editors show; `2/` prefixes the file when a topology has several).
 * Parsed, linked and validated through the real language services.
 */
import { describe, expect, test } from 'vitest';
import { at, checkTexts } from '../helpers.js';

const NETWORK_CODES = new Set(['cidr-overlap', 'selector-self-overlap', 'selector-mismatch', 'missing-route']);

interface Case { name: string; files: string[]; expected: string[] }

const lines = (...l: string[]) => l.join('\n') + '\n';

const STAR3 = [
    'site h < cidr 10.0.0.0/24 > hub h',
    'site s1 < cidr 10.1.0.0/24 > hub h',
    'site s2 < cidr 10.2.0.0/24 > hub h',
];

const CASES: Case[] = [
    // ------------------------------------------------------------------ stars
    { name: 'star: three site lines, derived tunnels', files: [lines(...STAR3)], expected: [] },
    {
        name: 'star: the guide as printed (gd2 lists its own network instead of sh1\'s)',
        files: [lines(
            'site pek3 < cidr 192.168.0.0/24 > hub pek3',
            'site sh1 < cidr 172.16.0.0/24 > hub pek3',
            'site gd2 < cidr 172.26.0.0/24 > hub pek3',
            'tunnel pek3-sh1 pek3 -> sh1 < local 192.168.0.0/24, 172.26.0.0/24 remote 172.16.0.0/24 >',
            'tunnel pek3-gd2 pek3 -> gd2 < local 192.168.0.0/24, 172.16.0.0/24 remote 172.26.0.0/24 >',
            'tunnel sh1-pek3 sh1 -> pek3 < local 172.16.0.0/24 remote 192.168.0.0/24, 172.26.0.0/24 >',
            'tunnel gd2-pek3 gd2 -> pek3 < local 172.26.0.0/24 remote 192.168.0.0/24, 172.26.0.0/24 >',
        )],
        expected: [
            // gd2 <-> sh1: both directions dropped by this remote, one finding; the strongSwan
            // ends narrow the selectors to 192.168.0.0/24, so what is wrong is the lost traffic
            '7:51 warning selector-mismatch', '7:51 error missing-route', '7:74 warning selector-self-overlap',
        ],
    },
    {
        name: 'star: the guide corrected',
        files: [lines(
            'site pek3 < cidr 192.168.0.0/24 > hub pek3',
            'site sh1 < cidr 172.16.0.0/24 > hub pek3',
            'site gd2 < cidr 172.26.0.0/24 > hub pek3',
            'tunnel pek3-sh1 pek3 -> sh1 < local 192.168.0.0/24, 172.26.0.0/24 remote 172.16.0.0/24 >',
            'tunnel pek3-gd2 pek3 -> gd2 < local 192.168.0.0/24, 172.16.0.0/24 remote 172.26.0.0/24 >',
            'tunnel sh1-pek3 sh1 -> pek3 < local 172.16.0.0/24 remote 192.168.0.0/24, 172.26.0.0/24 >',
            'tunnel gd2-pek3 gd2 -> pek3 < local 172.26.0.0/24 remote 192.168.0.0/24, 172.16.0.0/24 >',
        )],
        expected: [],
    },
    {
        name: 'star: five spokes, all derived',
        files: [lines('site h < cidr 10.0.0.0/24 > hub h', ...[1, 2, 3, 4, 5].map(i => `site s${i} < cidr 10.${i}.0.0/24 > hub h`))],
        expected: [],
    },
    {
        name: 'star: a declared hub tunnel whose local forgets the other spoke',
        files: [lines(...STAR3, 'tunnel h-s1 h <-> s1 < local 10.0.0.0/24 remote 10.1.0.0/24 >')],
        // s1 -> s2 leaves s1 with a remote (mirrored) lacking 10.2; s2 -> s1 leaves h without 10.2 in local:
        // one written selector, so one finding for the pair
        expected: ['4:24 error missing-route'],
    },
    {
        name: 'star: a spoke-to-spoke tunnel besides the hub',
        files: [lines(...STAR3, 'tunnel s1-s2 s1 <-> s2')],
        expected: [],
    },
    {
        name: 'star: a spoke\'s remote as a supernet of the hub and the other spoke',
        files: [lines(
            'site h < cidr 10.0.0.0/24 > hub h',
            'site s1 < cidr 10.0.1.0/24 > hub h',
            'site s2 < cidr 192.168.5.0/24 > hub h',
            'tunnel s2-h s2 <-> h < local 192.168.5.0/24 remote 10.0.0.0/23 >',
        )],
        expected: [],
    },
    {
        name: 'star: two spokes with overlapping networks',
        files: [lines(
            'site h < cidr 10.0.0.0/24 > hub h',
            'site s1 < cidr 10.1.0.0/16 > hub h',
            'site s2 < cidr 10.1.2.0/24 > hub h',
        )],
        expected: ['3:16 error cidr-overlap'],
    },
    {
        name: 'stars: two independent stars overlapping each other',
        files: [lines(
            'site h1 < cidr 10.0.0.0/24 > hub h1',
            'site a < cidr 10.1.0.0/24 > hub h1',
            'site h2 < cidr 10.9.0.0/24 > hub h2',
            'site b < cidr 10.1.0.0/24 > hub h2',
        )],
        expected: ['4:15 warning cidr-overlap'],
    },
    {
        name: 'star: the hub has two adjacent networks',
        files: [lines('site h < cidr 10.0.0.0/25, 10.0.0.128/25 > hub h', 'site s1 < cidr 10.1.0.0/24 > hub h', 'site s2 < cidr 10.2.0.0/24 > hub h')],
        expected: [],
    },
    {
        name: 'star: a spoke end written with a supernet that swallows its own network',
        files: [lines(
            ...STAR3,
            'tunnel s1-h s1 -> h < local 10.1.0.0/24 remote 10.0.0.0/8 >',
            'tunnel h-s1 h -> s1 < local 10.0.0.0/24, 10.2.0.0/24 remote 10.1.0.0/24 >',
        )],
        // h-s1 is exactly what the contract derives, so only s1-h is wrong; strongSwan ends
        // narrow 10.0.0.0/8 to what h offers, and nothing is lost: warnings
        expected: ['4:41 warning selector-mismatch', '4:48 warning selector-self-overlap'],
    },
    {
        name: 'star: the same supernet towards a gateway not known to narrow selectors stays an error',
        files: [lines(
            'site h < provider qingcloud cidr 10.0.0.0/24 > hub h',
            'site s1 < provider qingcloud cidr 10.1.0.0/24 > hub h',
            'site s2 < provider qingcloud cidr 10.2.0.0/24 > hub h',
            'tunnel s1-h s1 -> h < local 10.1.0.0/24 remote 10.0.0.0/8 >',
            'tunnel h-s1 h -> s1 < local 10.0.0.0/24, 10.2.0.0/24 remote 10.1.0.0/24 >',
        )],
        expected: ['4:41 error selector-mismatch', '4:48 error selector-self-overlap'],
    },
    {
        name: 'star: one spoke end leaves out one of two networks',
        files: [lines(
            'site h < cidr 10.0.0.0/24 > hub h',
            'site s1 < cidr 10.1.0.0/24, 10.11.0.0/24 > hub h',
            'site s2 < cidr 10.2.0.0/24 > hub h',
            'tunnel s1-h s1 -> h < local 10.1.0.0/24 >',
        )],
        // s1 <-> h and s1 <-> s2 (both directions of each), all at that local
        expected: ['4:23 error missing-route', '4:23 error missing-route'],
    },
    {
        name: 'star: an outside site joined to a spoke only',
        files: [lines(...STAR3, 'site x < cidr 172.16.0.0/24 >', 'tunnel x-s1 x <-> s1')],
        expected: [],
    },
    // ------------------------------------------------------------------ meshes
    {
        name: 'mesh: three sites, three <-> tunnels',
        files: [lines(
            'site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >', 'site c < cidr 10.2.0.0/24 >',
            'tunnel ab a <-> b', 'tunnel bc b <-> c', 'tunnel ca c <-> a',
        )],
        expected: [],
    },
    {
        name: 'mesh: a missing tunnel is not a missing route (a and c are not meant to reach)',
        files: [lines('site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >', 'site c < cidr 10.2.0.0/24 >', 'tunnel ab a <-> b', 'tunnel bc b <-> c')],
        expected: [],
    },
    {
        name: 'mesh: both ends written, equal as sets (adjacent halves)',
        files: [lines(
            'site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >',
            'tunnel ab a -> b < local 10.0.0.0/25, 10.0.0.128/25 remote 10.1.0.0/24 >',
            'tunnel ba b -> a < local 10.1.0.0/25, 10.1.0.128/25 remote 10.0.0.0/24 >',
        )],
        expected: [],
    },
    {
        name: 'mesh: one end covers only half of its site',
        files: [lines(
            'site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >',
            'tunnel ab a -> b < local 10.0.0.0/25 remote 10.1.0.0/24 >',
            'tunnel ba b -> a < local 10.1.0.0/24 remote 10.0.0.0/24 >',
        )],
        // narrowed to 10.0.0.0/25: the mismatch itself is a warning, the lost half an error
        expected: ['3:20 warning selector-mismatch', '3:20 error missing-route'],
    },
    {
        name: 'mesh: the far end copied this end\'s selectors (local and remote swapped)',
        files: [lines(
            'site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >',
            'tunnel ab a -> b < local 10.0.0.0/24 remote 10.1.0.0/24 >',
            'tunnel ba b -> a < local 10.0.0.0/24 remote 10.1.0.0/24 >',
        )],
        expected: [
            '4:20 error selector-mismatch', '4:20 error missing-route',
            '4:38 error selector-mismatch', '4:38 error missing-route', '4:45 error selector-self-overlap',
        ],
    },
    {
        name: 'mesh: both ends differ and neither is what the sites say',
        files: [lines(
            'site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >',
            'tunnel ab a -> b < local 10.0.0.0/25 remote 10.1.0.0/24 >',
            'tunnel ba b -> a < local 10.1.0.0/24 remote 10.0.0.128/25 >',
        )],
        expected: [
            // a -> b leaves a without 10.0.0.128/25; b -> a leaves b towards only half of a
            '3:20 error selector-mismatch', '3:20 error missing-route',
            '4:38 error selector-mismatch', '4:38 error missing-route',
        ],
    },
    {
        name: 'mesh: one end declared, the other mirrors it',
        files: [lines('site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >', 'tunnel ab a -> b < local 10.0.0.0/24 remote 10.1.0.0/24 >')],
        expected: [],
    },
    {
        name: 'mesh: one end declares only local; remote and the far end are derived or mirrored',
        files: [lines('site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >', 'tunnel ab a -> b < local 10.0.0.0/24 >')],
        expected: [],
    },
    {
        name: 'mesh: a one-way end whose remote is its own network',
        files: [lines('site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >', 'tunnel ab a -> b < remote 10.0.0.0/24 >')],
        expected: ['3:20 error missing-route', '3:27 error selector-self-overlap'],
    },
    {
        name: 'mesh: a <-> local that also claims the peer\'s network (mirrored into its remote)',
        files: [lines('site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >', 'tunnel ab a <-> b < local 10.0.0.0/8 remote 10.1.0.0/24 >')],
        expected: ['3:27 error selector-self-overlap'],
    },
    {
        name: 'mesh: route-based catch-all selectors are not self-overlaps',
        files: [lines('site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >', 'tunnel ab a <-> b < local 0.0.0.0/0 remote 0.0.0.0/0 routing static >')],
        expected: [],
    },
    {
        name: 'mesh: a policy-based catch-all remote is a self-overlap',
        files: [lines('site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.1.0.0/24 >', 'tunnel ab a <-> b < local 10.0.0.0/24 remote 0.0.0.0/0 routing policy >')],
        expected: ['3:46 error selector-self-overlap'],
    },
    {
        name: 'mesh: the site\'s adjacent halves are covered by one /24 selector',
        files: [lines('site a < cidr 10.0.0.0/25, 10.0.0.128/25 >', 'site b < cidr 10.1.0.0/24 >', 'tunnel ab a -> b < local 10.0.0.0/24 >')],
        expected: [],
    },
    {
        name: 'mesh: sites without networks have nothing to check',
        files: [lines('site a < provider strongswan >', 'site b < provider strongswan >', 'tunnel ab a <-> b')],
        expected: [],
    },
    // ------------------------------------------------------------------ overlaps
    {
        name: 'overlap: a /24 inside a /16 of a site it is joined to',
        files: [lines('site a < cidr 10.0.0.0/16 >', 'site b < cidr 10.0.5.0/24 >', 'tunnel ab a <-> b')],
        expected: ['2:15 error cidr-overlap'],
    },
    {
        name: 'overlap: the same network in two unrelated sites',
        files: [lines('site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.0.0.0/24 >')],
        expected: ['2:15 warning cidr-overlap'],
    },
    {
        name: 'overlap: a site\'s own two networks overlap',
        files: [lines('site a < cidr 10.0.0.0/16, 10.0.1.0/24 >')],
        expected: ['1:28 warning cidr-overlap'],
    },
    {
        name: 'overlap: three nested networks, no tunnels',
        files: [lines('site a < cidr 10.0.0.0/8 >', 'site b < cidr 10.1.0.0/16 >', 'site c < cidr 10.1.1.0/24 >')],
        expected: ['2:15 warning cidr-overlap', '3:15 warning cidr-overlap', '3:15 warning cidr-overlap'],
    },
    {
        name: 'overlap: adjacent networks do not overlap',
        files: [lines('site a < cidr 10.0.0.0/25 >', 'site b < cidr 10.0.0.128/25 >', 'tunnel ab a <-> b')],
        expected: [],
    },
    {
        name: 'overlap: two hosts with one address in one site',
        files: [lines('site a < cidr 10.0.0.0/24 >', 'host h1 10.0.0.5 in a', 'host h2 10.0.0.5 in a')],
        expected: ['3:9 error cidr-overlap'],
    },
    {
        name: 'overlap: hosts sharing an address in unrelated, overlapping sites',
        files: [lines('site a < cidr 10.0.0.0/24 >', 'site b < cidr 10.0.0.0/24 >', 'host h1 10.0.0.5 in a', 'host h2 10.0.0.5 in b')],
        expected: ['2:15 warning cidr-overlap', '4:9 warning cidr-overlap'],
    },
    // ------------------------------------------------------------------ IPv6
    {
        name: 'IPv6: two sites joined, derived selectors',
        files: [lines('site a < cidr 2001:db8:a::/48 >', 'site b < cidr 2001:db8:b::/48 >', 'tunnel ab a <-> b')],
        expected: [],
    },
    {
        name: 'IPv6: a /48 inside a /32 of a joined site',
        files: [lines('site a < cidr 2001:db8::/32 >', 'site b < cidr 2001:db8:1::/48 >', 'tunnel ab a <-> b')],
        expected: ['2:15 error cidr-overlap'],
    },
    {
        name: 'IPv6: dual stack on one side only pairs IPv4 with IPv4',
        files: [lines('site a < cidr 10.0.0.0/24, 2001:db8:a::/48 >', 'site b < cidr 10.1.0.0/24 >', 'tunnel ab a -> b < local 10.0.0.0/24 remote 10.1.0.0/24 >')],
        expected: [],
    },
    {
        name: 'IPv6: a selector leaving out one of two IPv6 networks',
        files: [lines(
            'site a < cidr 2001:db8:a::/48, 2001:db8:aa::/48 >', 'site b < cidr 2001:db8:b::/48 >',
            'tunnel ab a -> b < local 2001:db8:a::/48 remote 2001:db8:b::/48 >',
        )],
        expected: ['3:20 error missing-route'],
    },
    // ------------------------------------------------------------------ explicit routes (Tencent)
    {
        name: 'routes: Tencent without a route to the peer',
        files: [lines(
            'site tx < provider tencent cidr 10.0.0.0/16 >', 'site g < provider gcp cidr 10.170.0.0/20 >',
            'tunnel tx-g tx <-> g < routing policy >',
        )],
        expected: ['1:6 error missing-route'],
    },
    {
        name: 'routes: Tencent with the route',
        files: [lines(
            'site tx < provider tencent cidr 10.0.0.0/16 route 10.170.0.0/20 via tx-g >', 'site g < provider gcp cidr 10.170.0.0/20 >',
            'tunnel tx-g tx <-> g < routing policy >',
        )],
        expected: [],
    },
    {
        name: 'routes: Tencent with a supernet route',
        files: [lines(
            'site tx < provider tencent cidr 10.0.0.0/16 route 10.170.0.0/16 via tx-g >', 'site g < provider gcp cidr 10.170.0.0/20 >',
            'tunnel tx-g tx <-> g >',
        ).replace('tx <-> g >', 'tx <-> g')],
        expected: [],
    },
    {
        name: 'routes: Tencent with a route covering half of the peer',
        files: [lines(
            'site tx < provider tencent cidr 10.0.0.0/16 route 10.170.0.0/21 via tx-g >', 'site g < provider gcp cidr 10.170.0.0/20 >',
            'tunnel tx-g tx <-> g',
        )],
        expected: ['1:6 error missing-route'],
    },
    {
        name: 'routes: Tencent with BGP learns its routes',
        files: [lines('site tx < provider tencent cidr 10.0.0.0/16 >', 'site a < provider aws cidr 10.170.0.0/20 >', 'tunnel tx-a tx <-> a < routing bgp >')],
        expected: [],
    },
    {
        name: 'routes: a Tencent spoke of a derived star needs routes to the hub and the other spoke',
        files: [lines(
            'site h < provider qingcloud cidr 10.0.0.0/24 > hub h',
            'site tx < provider tencent cidr 10.1.0.0/24 > hub h',
            'site s < provider qingcloud cidr 10.2.0.0/24 > hub h',
        )],
        expected: ['2:6 error missing-route', '2:6 error missing-route'],
    },
    // ------------------------------------------------------------------ topologies over several files
    {
        name: 'files: a site in the second file overlaps a spoke of the first',
        files: [
            lines('topology m', 'site h < cidr 10.0.0.0/24 > hub h', 'site a < cidr 10.1.0.0/24 > hub h'),
            lines('topology m', 'site b < cidr 10.1.0.128/25 > hub h'),
        ],
        expected: ['2/2:15 error cidr-overlap'],
    },
    {
        name: 'files: a tunnel in the second file with a selector that drops traffic',
        files: [
            lines('topology n', 'site a < cidr 10.0.0.0/24, 10.5.0.0/24 >', 'site b < cidr 10.1.0.0/24 >'),
            lines('topology n', 'tunnel ab a <-> b < local 10.0.0.0/24 >'),
        ],
        expected: ['2/2:21 error missing-route'],
    },
    {
        name: 'files: a star split over two files is clean',
        files: [
            lines('topology s', 'site h < cidr 10.0.0.0/24 > hub h', 'site a < cidr 10.1.0.0/24 > hub h'),
            lines('topology s', 'site b < cidr 10.2.0.0/24 > hub h'),
        ],
        expected: [],
    },
    {
        name: 'files: two files without a topology line are separate topologies',
        files: [lines('site a < cidr 10.0.0.0/24 >'), lines('site a2 < cidr 10.0.0.0/24 >')],
        expected: [],
    },
    {
        name: 'files: two files naming different topologies do not overlap each other',
        files: [lines('topology p', 'site a < cidr 10.0.0.0/24 >'), lines('topology q', 'site b < cidr 10.0.0.0/24 >')],
        expected: [],
    },
];

async function findings(files: string[]): Promise<string[]> {
    const docs = await checkTexts(...files);
    const out: string[] = [];
    docs.forEach((doc, i) => {
        for (const d of doc.diagnostics ?? []) {
            if (!NETWORK_CODES.has(String(d.code))) continue;
            const where = files.length > 1 ? `${i + 1}/${at(d)}` : at(d);
            out.push(`${where} ${d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info'} ${d.code}`);
        }
    });
    const key = (s: string) => s.split(' ')[0].split(/[/:]/).map(Number);
    return out.sort((x, y) => {
        const a = key(x), b = key(y);
        for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
        return x < y ? -1 : x > y ? 1 : 0;
    });
}

describe('network findings, table-driven', () => {
    test('the table has at least 40 topologies', () => {
        expect(CASES.length).toBeGreaterThanOrEqual(40);
    });

    test.each(CASES.map(c => [c.name, c] as const))('%s', async (_name, c) => {
        const expected = [...c.expected].sort();
        const got = await findings(c.files);
        if (process.env.TOPO_DEBUG && JSON.stringify([...got].sort()) !== JSON.stringify(expected)) console.log(c.name, JSON.stringify(got));
        expect([...got].sort()).toEqual(expected);
    });

    test('no case raises syntax or linking errors (the table tests the analyses, not the parser)', async () => {
        for (const c of CASES) {
            const docs = await checkTexts(...c.files);
            for (const d of docs) {
                const bad = (d.diagnostics ?? []).filter(x => x.code === 'syntax-error' || x.code === 'unresolved-reference');
                expect(bad.map(x => `${c.name}: ${x.message}`)).toEqual([]);
            }
        }
    });
});
