import { describe, expect, test } from 'vitest';
import { isSite, isTunnel, type Site, type Tunnel } from '../../language-server/src/generated/ast.js';
import { at, check, codes, covered, errors, GUIDE_STAR, TENCENT_GCP } from '../helpers.js';

describe('grammar: the core contract parses as written', () => {
    test("the design card's one-line site", async () => {
        const doc = await check('site pek3 < cidr 192.168.0.0/24 > hub pek3');
        expect(doc.parseResult.parserErrors).toEqual([]);
        expect(doc.parseResult.lexerErrors).toEqual([]);
        const site = doc.parseResult.value.statements[0] as Site;
        expect(site.name).toBe('pek3');
        expect(site.hub?.ref).toBe(site);
        expect(doc.diagnostics).toEqual([]);
    });

    test("the guide's star and the Tencent <-> GCP tunnel parse without syntax errors", async () => {
        for (const text of [GUIDE_STAR, TENCENT_GCP]) {
            const doc = await check(text);
            expect(codes(doc)).not.toContain('syntax-error');
            expect(codes(doc)).not.toContain('unresolved-reference');
        }
    });

    test('both tunnel forms, every tunnel property, comments and string regions', async () => {
        const doc = await check(`
            /* a block
               comment */
            topology all-props // trailing comment
            site a < provider strongswan region "Frankfurt 1" cidr 10.0.0.0/24, 10.0.1.0/24 gateway 192.0.2.1
                     route 10.1.0.0/24 via a-b >
            site b < provider aws region eu-central-1 cidr 10.1.0.0/24 gateway 198.51.100.1 >
            tunnel a-b a <-> b < local 10.0.0.0/23 remote 10.1.0.0/24 ike v2
                                 ike-proposal aes256gcm16-prfsha384-ecp384, aes128-sha256-modp2048
                                 esp-proposal aes256gcm16-ecp384 psk env AB_PSK routing static >
            tunnel b-a2 b -> a < ike v1 ike-proposal 3des-md5-modp768 psk "not-a-real-key" routing bgp >
        `);
        expect(codes(doc).filter(c => c === 'syntax-error')).toEqual([]);
        const tunnels = doc.parseResult.value.statements.filter(isTunnel) as Tunnel[];
        expect(tunnels.map(t => [t.name, t.mirrored, t.from?.ref?.name, t.to?.ref?.name])).toEqual([
            ['a-b', true, 'a', 'b'], ['b-a2', false, 'b', 'a'],
        ]);
        expect(tunnels[1].properties.length).toBe(4);
        const a = doc.parseResult.value.statements.filter(isSite)[0];
        expect(a.properties.length).toBe(5);
    });

    test('IPv6 prefixes are literals too', async () => {
        const doc = await check('site v6 < cidr 2001:db8:1::/48, fd00::/8 >\nhost h 2001:db8:1::5 in v6');
        expect(doc.diagnostics).toEqual([]);
    });

    test('every keyword is a name wherever a name is expected, and names may start with a digit', async () => {
        const doc = await check(`topology site
            site hub < provider strongswan cidr 10.0.0.0/16 gateway 203.0.113.1 > hub hub
            site static < provider strongswan region local cidr 10.1.0.0/16 gateway 203.0.113.2 > hub hub
            site 2nd-dc < provider strongswan cidr 10.2.0.0/16 gateway 203.0.113.3 route 10.1.0.0/16 via policy > hub hub
            host v2 10.2.0.5 in 2nd-dc
            tunnel policy static <-> 2nd-dc < psk env env routing static >
        `);
        expect(doc.diagnostics?.filter(d => d.severity === 1)).toEqual([]);
        const model = doc.parseResult.value;
        expect(model.name).toBe('site');
        const sites = model.statements.filter(isSite);
        expect(sites.map(s => [s.name, s.hub?.ref?.name])).toEqual([['hub', 'hub'], ['static', 'hub'], ['2nd-dc', 'hub']]);
        const tunnel = model.statements.filter(isTunnel)[0] as Tunnel;
        expect([tunnel.name, tunnel.from?.ref?.name, tunnel.to?.ref?.name]).toEqual(['policy', 'static', '2nd-dc']);
    });

    test('a syntax error names what was expected in the language\'s terms', async () => {
        const doc = await check('site < cidr 10.0.0.0/8 >');
        const [e] = errors(doc);
        expect(e.code).toBe('syntax-error');
        expect(e.message).toBe("Expected a name but found '<'.");
        expect(at(e)).toBe('1:6');
    });

    test('an unexpected character is reported at that character', async () => {
        const doc = await check('site a < cidr 10.0.0.0/8 ; >');
        const e = errors(doc).find(d => d.code === 'syntax-error')!;
        expect(e.message).toMatch(/^Unexpected character ';'/);
        expect(covered(doc, e)).toBe(';');
    });
});

describe('linking', () => {
    test('an unknown site lists the sites that exist', async () => {
        const doc = await check('site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 > hub c');
        const [e] = errors(doc);
        expect(e.code).toBe('unresolved-reference');
        expect(e.message).toBe("Unknown site 'c'. Known sites: a, b.");
        expect(covered(doc, e)).toBe('c');
    });

    test('route ... via TUNNEL resolves to the tunnel', async () => {
        const doc = await check(TENCENT_GCP);
        expect(codes(doc)).not.toContain('unresolved-reference');
        const site = doc.parseResult.value.statements.filter(isSite)[0];
        const route = site.properties.find(p => p.$type === 'RouteProperty');
        expect(route && 'tunnel' in route ? route.tunnel.ref?.name : undefined).toBe('tx-gcp');
    });
});
