/**
 * Editing the BGP, lifetime, DPD and identity properties: completion offers the property names and
 * values the providers take (a free private ASN, lifetimes both ends accept, a free inside /30, the
 * gateway addresses), and the findings with one obvious fix carry it (asn-missing, asn-same,
 * lifetime-mismatch), applied through Langium's testCodeAction and the result re-checked.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, expectCompletion, testCodeAction } from 'langium/test';
import { check, services } from '../helpers.js';

const labels = (items: { items: { label: string }[] }) => items.items.map(i => i.label);
const complete = (text: string) => new Promise<string[]>((resolve, reject) => {
    expectCompletion(services)({ text, index: 0, assert: items => resolve(labels(items)) }).catch(reject);
});

const AWS = 'site vpc < provider aws cidr 10.0.0.0/16 gateway 203.0.113.1 >\n';
const DC = 'site dc < provider strongswan cidr 192.168.0.0/16 gateway 198.51.100.10 asn 65000 >\n';

describe('completion of the new properties', () => {
    test('the property names in a site and in a tunnel', async () => {
        expect(await complete(`${AWS}site c < provider azure cidr 10.2.0.0/16 <|> >`)).toContain('asn');
        const names = await complete(`${AWS}${DC}tunnel t dc <-> vpc < <|> >`);
        for (const n of ['local-inside', 'remote-inside', 'ike-lifetime', 'esp-lifetime', 'dpd', 'local-id', 'remote-id']) expect(names).toContain(n);
        expect(await complete(`${AWS}site c < provider strongswan gateway 198.51.100.7 <|> >`)).toContain('behind-nat');
    });

    test('after asn: private ASNs no other site has and the provider takes, then its default', async () => {
        // AWS's default 64512 is taken by vpc, 65000 by dc; Azure's default 65515 last
        expect(await complete(`${AWS}${DC}site c < provider azure cidr 10.2.0.0/16 asn <|> >`)).toEqual(['64513', '64514', '64515', '65515']);
    });

    test('after ike-lifetime: what both ends accept (GCP fixes it, strongSwan takes any)', async () => {
        const gcp = 'site gcp < provider gcp cidr 10.10.0.0/20 gateway 35.0.0.1 >\n';
        expect(await complete(`${gcp}${DC}tunnel t dc <-> gcp < ike v2 ike-lifetime <|> >`)).toEqual(['36000']);
        expect(await complete(`${gcp}${DC}tunnel t dc <-> gcp < ike v2 esp-lifetime <|> >`)).toEqual(['10800']);
    });

    test('after local-inside: a free /30 outside AWS\'s reserved ones; after remote-inside: the other address of the written /30', async () => {
        const used = 'tunnel u dc <-> vpc < routing bgp local-inside 169.254.0.6/30 >\n';
        expect(await complete(`${AWS}${DC}${used}site x < provider strongswan cidr 172.16.0.0/16 asn 65001 >\ntunnel t x <-> vpc < routing bgp local-inside <|> >`)).toEqual(['169.254.0.9/30']);
        expect(await complete(`${AWS}${DC}tunnel t dc <-> vpc < routing bgp local-inside 169.254.44.2/30 remote-inside <|> >`)).toEqual(['169.254.44.1/30']);
    });

    test('after local-id / remote-id: the gateway addresses of the site; after dpd: the providers\' defaults and off', async () => {
        expect(await complete(`${AWS}${DC}tunnel t dc <-> vpc < remote-id <|> >`)).toEqual(['203.0.113.1']);
        expect(await complete(`${AWS}${DC}tunnel t dc <-> vpc < local-id <|> >`)).toEqual(['198.51.100.10']);
        expect(await complete(`${AWS}${DC}tunnel t dc <-> vpc < dpd <|> >`)).toContain('off');
    });
});

describe('quick fixes with one obvious fix', () => {
    afterEach(async () => { await clearDocuments(services.shared); });

    async function fix(input: string, code: string, output: string): Promise<string> {
        const r = await testCodeAction(services)(input, code, output);
        const doc = await check(output);
        expect((doc.diagnostics ?? []).filter(d => d.code === code)).toEqual([]);
        await r.dispose();
        return r.action?.title ?? '';
    }

    test('asn-missing: adds a free private ASN to the site', async () => {
        const tunnel = 'tunnel t gcp <-> dc < routing bgp local-inside 169.254.10.1/30 remote-inside 169.254.10.2/30 psk env T >\n';
        const title = await fix(
            `site gcp < provider gcp cidr 10.10.0.0/20 gateway 35.0.0.1 >\n${DC}${tunnel}`, 'asn-missing',
            `site gcp < provider gcp cidr 10.10.0.0/20 gateway 35.0.0.1  asn 64512 >\n${DC}${tunnel}`);
        expect(title).toBe('Add asn 64512 to site gcp');
    });

    test('asn-same: the one written ASN (equal to AWS\'s default) changes to a free one', async () => {
        const tunnel = 'tunnel t dc <-> vpc < routing bgp local-inside 169.254.10.2/30 remote-inside 169.254.10.1/30 psk env T >\n';
        const title = await fix(`${AWS}${DC.replace('65000', '64512')}${tunnel}`, 'asn-same', `${AWS}${DC.replace('65000', '64513')}${tunnel}`);
        expect(title).toBe('Change the ASN of dc to 64513');
    });

    test('nat-identity: writes the public address the peer expects as the identity, in the statement, relative to its first site', async () => {
        const nat = 'site dc < provider strongswan cidr 192.168.0.0/16 gateway 198.51.100.10 behind-nat 10.0.0.5 >\n';
        const peer = 'site b < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.2 >\n';
        expect(await fix(`${nat}${peer}tunnel t dc <-> b < psk env T >\n`, 'nat-identity', `${nat}${peer}tunnel t dc <-> b < psk env T  local-id 198.51.100.10 >\n`))
            .toBe('Write local-id 198.51.100.10 (what b expects)');
        await clearDocuments(services.shared);
        expect(await fix(`${nat}${peer}tunnel t b <-> dc < psk env T >\n`, 'nat-identity', `${nat}${peer}tunnel t b <-> dc < psk env T  remote-id 198.51.100.10 >\n`))
            .toBe('Write remote-id 198.51.100.10 (what b expects)');
    });

    test('lifetime-mismatch: the written lifetime takes the value GCP fixes', async () => {
        const gcp = 'site gcp < provider gcp cidr 10.10.0.0/20 gateway 35.0.0.1 >\n';
        const title = await fix(
            `${gcp}${DC}tunnel t dc -> gcp < ike v1 ike-lifetime 3600 psk env T >\n`, 'lifetime-mismatch',
            `${gcp}${DC}tunnel t dc -> gcp < ike v1 ike-lifetime 36600 psk env T >\n`);
        expect(title).toBe("Set ike-lifetime 36600 (gcp's)");
    });
});

describe('hover names whose default a value is', () => {
    const hoverText = async (text: string, line: number) => {
        const doc = await check(text);
        const h = await services.lsp.HoverProvider!.getHoverContent(doc, { textDocument: { uri: doc.uri.toString() }, position: { line, character: 7 } });
        return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    };

    test('an ASN, lifetimes and DPD from the provider say which provider\'s (not "Topo\'s default")', async () => {
        const gcp = 'site gcp < provider gcp cidr 10.10.0.0/20 gateway 35.0.0.1, 35.0.0.2 asn 65010 >\n';
        const text = `${AWS}${gcp}${DC}`
            + 'tunnel t dc <-> vpc < routing bgp local-inside 169.254.44.2/30 remote-inside 169.254.44.1/30 dpd 10 psk env T >\n'
            + 'tunnel g dc <-> gcp < remote-gateway 35.0.0.1 routing bgp local-inside 169.254.45.1/30 remote-inside 169.254.45.2/30 dpd 10 psk env G >\n';
        const t = await hoverText(text, 3);
        expect(t).toContain('vpc: AS 64512 (AWS\'s default)');
        expect(t).toMatch(/vpc: IKE SA 28800 s \(AWS's default\), IPsec SA 3600 s \(AWS's default\)/);
        expect(t).not.toContain('Topo\'s default');
        const g = await hoverText(text, 4);
        expect(g).toMatch(/gcp: IKE SA 36000 s \(fixed by GCP\), IPsec SA 10800 s \(fixed by GCP\)/);
    });
    test('an AWS tunnel names its VPN connection and the other tunnel in it; one configured tunnel is flagged per connection', async () => {
        const aws = 'site vpc < provider aws cidr 10.0.0.0/16 gateway 203.0.113.1, 203.0.113.2 >\n';
        const pair = 'tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing static psk env T1 >\ntunnel t2 dc <-> vpc < remote-gateway 203.0.113.2 routing static psk env T2 >\n';
        const h = await hoverText(`${aws}${DC}${pair}`, 3);
        expect(h).toContain('<-> vpc 203.0.113.2 · tunnel 2 of vpc\'s VPN connection vpc-dc (with t1)');
        const one = await check(`${aws}${DC}tunnel t1 dc <-> vpc < remote-gateway 203.0.113.1 routing static psk env T1 >\n`);
        const d = one.diagnostics?.filter(x => x.code === 'redundancy-missing') ?? [];
        expect(d.map(x => [x.range.start.line, x.message])).toEqual([[2, 'vpc (AWS Site-to-Site VPN) has 1 of the 2 tunnels of its VPN connection to dc: add a tunnel on its other gateway address.']]);
    });
});
