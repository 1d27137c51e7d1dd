/**
 * Inputs for fuzzing: topologies written from the grammar (with awkward values), the examples,
 * and mutations of both (token deletion, duplication, swapping, insertion of odd tokens,
 * truncation, odd characters). Pre-shared keys are generated as recognisable random words so
 * a leak can be found in any output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function exampleTexts(): { name: string; text: string }[] {
    const dir = path.join(ROOT, 'examples');
    return fs.readdirSync(dir).filter(f => f.endsWith('.topo')).sort()
        .map(f => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

const PROVIDERS = ['gcp', 'tencent', 'qingcloud', 'aws', 'azure', 'alibaba', 'huawei', 'strongswan'];
const PROPOSALS = [
    'aes128-sha1-modp1024', 'aes256-sha256-modp2048', 'aes128-sha256-modp2048', 'aes256gcm16-prfsha384-ecp384', '3des-md5-modp768',
    'aes128gcm16-ecp256', 'aes256-sha512-modp4096', 'chacha20poly1305-prfsha256-curve25519', 'aes128-sha1', 'des-md5', 'aes999-foo-bar', 'aes128',
];

/** Numbers that break naive parsing: huge, negative-looking, leading zeros. */
const oddNumber = fc.constantFrom('0', '00', '007', '255', '256', '300', '4294967296', '99999999999999999999', '1e9', '65535', '1'.repeat(40));

const octet = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 255 }).map(String) }, { weight: 1, arbitrary: oddNumber });
const ipv4 = fc.tuple(octet, octet, octet, octet).map(p => p.join('.'));
const ipv6 = fc.constantFrom('2001:db8::', '2001:db8::1', 'fd00::', '::', '::1', 'fe80::1%', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', 'ffff::ffff:1.2.3.4');
const prefixLen = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 32 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('33', '64', '128', '129', '999999999999', '00') });
export const cidrArb = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(ipv4, prefixLen).map(([a, l]) => `${a}/${l}`) },
    { weight: 2, arbitrary: ipv4 },
    { weight: 1, arbitrary: fc.tuple(ipv6, fc.constantFrom('', '/48', '/64', '/129')).map(([a, l]) => a + l) },
    { weight: 1, arbitrary: fc.constantFrom('300.1.1.0/24', '10.0.0.0/33', '1.2.3/24', '1.2.3.4.5/8', '256.256.256.256', '0.0.0.0/0', '10.0.0.5/24') },
);

const nameArb = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('pek3', 'sh1', 'gd2', 'a', 'b', 'c', 'hub', 'tx-gcp', 'vpc_1', 'x-y-z') },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?$/) },
    // keywords and digit-first words are names too
    { weight: 2, arbitrary: fc.constantFrom('site', 'tunnel', 'in', 'via', 'topology', 'v1', 'policy', 'static', 'bgp', 'env', 'local', 'v2', 'host', 'routing', '2nd-dc', '10', '3des') },
);

/** A recognisable random pre-shared key (the harness looks for it in every output). */
export const keyArb = fc.stringMatching(/^[A-Za-z0-9]{14,30}$/).map(k => `Pk${k}`);

const list = <T>(a: fc.Arbitrary<T>, max: number) => fc.array(a, { minLength: 1, maxLength: max }).map(xs => xs.join(', '));

const siteProp = fc.oneof(
    fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PROVIDERS) }, { weight: 1, arbitrary: nameArb }).map(p => `provider ${p}`),
    fc.oneof(nameArb, fc.constantFrom('"ap-hongkong"', '"区域"', '"a\\"b"', '"\\q"', '""')).map(r => `region ${r}`),
    list(cidrArb, 3).map(c => `cidr ${c}`),
    ipv4.map(g => `gateway ${g}`),
    fc.constantFrom('gateway 203.0.113.1, 203.0.113.2', 'gateway 35.0.0.1, 35.0.0.2, 35.0.0.1', 'gateway 203.0.113.1, 2001:db8::1'),
    fc.tuple(cidrArb, nameArb).map(([c, t]) => `route ${c} via ${t}`),
    // BGP (issue #14): valid, reserved, out of range, not a number
    fc.constantFrom('asn 65000', 'asn 64512', 'asn 65515', 'asn 7224', 'asn 0', 'asn 4294967295', 'asn 4294967296', 'asn 99999999999999999999', 'asn x'),
    // a gateway behind NAT: its own address(es), paired with `gateway` (valid, one too many, not an address)
    fc.constantFrom('behind-nat 10.0.0.5', 'behind-nat 192.168.1.1, 192.168.1.2', 'behind-nat 10.0.0.0/8', 'behind-nat 2001:db8::5', 'behind-nat 300.1.1.1'),
);

const tunnelProp = fc.oneof(
    list(cidrArb, 3).map(c => `local ${c}`),
    list(cidrArb, 3).map(c => `remote ${c}`),
    fc.constantFrom('ike v1', 'ike v2'),
    list(fc.constantFrom(...PROPOSALS), 3).map(p => `ike-proposal ${p}`),
    list(fc.constantFrom(...PROPOSALS), 3).map(p => `esp-proposal ${p}`),
    { arbitrary: keyArb.map(k => `psk "${k}"`), weight: 3 },
    fc.constantFrom('psk env TX_GCP_PSK', 'psk env A'),
    fc.constantFrom('routing policy', 'routing static', 'routing bgp'),
    fc.constantFrom('local-gateway 203.0.113.1', 'local-gateway 35.0.0.2', 'remote-gateway 203.0.113.2', 'remote-gateway 10.0.0.0/8', 'remote-gateway 35.0.0.1'),
    // the properties of issue #14: BGP inside addresses, lifetimes, DPD, identities (valid and not)
    fc.constantFrom('local-inside 169.254.44.2/30', 'remote-inside 169.254.44.1/30', 'local-inside 169.254.0.1/30', 'remote-inside 169.254.21.2/30',
        'local-inside 169.254.44.0/30', 'local-inside 169.254.44.2', 'remote-inside fd00:10::1/126', 'local-inside 10.0.0.1/30'),
    fc.constantFrom('ike-lifetime 28800', 'ike-lifetime 8h', 'esp-lifetime 1h', 'esp-lifetime 480m', 'ike-lifetime 1d', 'esp-lifetime 0', 'ike-lifetime 99999999999999999999', 'esp-lifetime 5x'),
    fc.constantFrom('dpd 10s', 'dpd 30', 'dpd off', 'dpd 0', 'dpd never'),
    fc.constantFrom('local-id 203.0.113.1', 'remote-id "vpn.example.com"', 'local-id "vpn@example.com"', 'remote-id 2001:db8::1', 'local-id ""', 'remote-id "a\\"b"'),
);

const sep = fc.constantFrom(' ', ' ', ' ', '\n  ', '  ', '\t', ' /* c */ ', '\n// note\n  ');

function props(a: fc.Arbitrary<string>, max: number) {
    return fc.tuple(fc.array(fc.tuple(a, sep), { maxLength: max }), fc.boolean())
        .map(([ps, multi]) => (multi && ps.length ? `<\n  ${ps.map(([p]) => p).join('\n  ')}\n>` : `< ${ps.map(([p, s]) => p + s).join('')}>`));
}

const siteArb = fc.tuple(nameArb, props(siteProp, 5), fc.option(nameArb, { nil: undefined }))
    .map(([n, p, hub]) => `site ${n} ${p}${hub ? ` hub ${hub}` : ''}`);
const hostArb = fc.tuple(nameArb, ipv4, nameArb).map(([n, a, s]) => `host ${n} ${a} in ${s}`);
const tunnelArb = fc.tuple(nameArb, nameArb, fc.constantFrom('->', '<->'), nameArb, fc.option(props(tunnelProp, 7), { nil: undefined }))
    .map(([n, a, arrow, b, p]) => `tunnel ${n} ${a} ${arrow} ${b}${p ? ` ${p}` : ''}`);

/** A topology written from the grammar: often valid, often not quite. */
export const topologyArb = fc.tuple(
    fc.option(nameArb, { nil: undefined }),
    fc.array(fc.oneof({ weight: 3, arbitrary: siteArb }, { weight: 1, arbitrary: hostArb }, { weight: 3, arbitrary: tunnelArb }), { minLength: 1, maxLength: 8 }),
    fc.constantFrom('\n', '\n\n', '\r\n', ' '),
).map(([name, statements, nl]) => `${name ? `topology ${name}${nl}` : ''}${statements.join(nl)}${nl}`);

/** Tokens that are odd in some position. */
export const ODD_TOKENS = [
    '<', '>', '<<', '>>', '->', '<->', ',', ',,', '"', '"unterminated', '/*', '*/', '//', '/', '/33', '300.1.1.0/24', '1.2.3.4.5.6.7',
    '99999999999999999999999', '0x10', '-1', '::', ':::::', 'é', '日本', '🙂', '\u0000', '\u0007', '\u001b[31m', '\u202e', '\ufeff', '\u00a0',
    '\ud800', '\r', '\r\n', '\t', '\\', "'", '`', '$', '{', '}', 'site', 'host', 'tunnel', 'topology', 'hub', 'in', 'via', 'psk', 'env', 'local',
    'remote', 'cidr', 'gateway', 'behind-nat', 'route', 'ike', 'ike-proposal', 'esp-proposal', 'routing', 'provider', 'region',
];

/** Splits text into tokens (words, addresses, punctuation, strings) and the space between them. */
export function tokenize(text: string): string[] {
    return text.match(/"(?:\\.|[^"\\\r\n])*"?|\/\/[^\r\n]*|\/\*[\s\S]*?\*\/|\s+|<->|->|[A-Za-z0-9_.:/-]+|[\s\S]/g) ?? [];
}

type Mutation = (tokens: string[]) => string[];

const idx = fc.nat();
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
    idx.map(i => (t: string[]) => (t.length ? t.filter((_, j) => j !== i % t.length) : t)),                       // delete a token
    idx.map(i => (t: string[]) => (t.length ? t.flatMap((x, j) => (j === i % t.length ? [x, ' ', x] : [x])) : t)), // duplicate
    fc.tuple(idx, idx).map(([i, j]) => (t: string[]) => {                                                           // swap two
        if (!t.length) return t;
        const c = [...t];
        const a = i % t.length, b = j % t.length;
        [c[a], c[b]] = [c[b], c[a]];
        return c;
    }),
    fc.tuple(idx, fc.constantFrom(...ODD_TOKENS), fc.constantFrom(' ', '')).map(([i, tok, s]) => (t: string[]) => {  // insert an odd token
        const c = [...t];
        c.splice(t.length ? i % (t.length + 1) : 0, 0, s + tok + s);
        return c;
    }),
    fc.tuple(idx, fc.oneof(cidrArb, nameArb, keyArb.map(k => `"${k}"`))).map(([i, tok]) => (t: string[]) => {      // replace a token
        if (!t.length) return [tok];
        const c = [...t];
        c[i % t.length] = tok;
        return c;
    }),
    idx.map(i => (t: string[]) => t.slice(0, t.length ? i % (t.length + 1) : 0)),                                   // truncate at a token
    fc.tuple(idx, fc.string({ unit: 'binary', maxLength: 3 })).map(([i, s]) => (t: string[]) => {                    // raw characters (any code point)
        const text = t.join('');
        const at = text.length ? i % (text.length + 1) : 0;
        return [text.slice(0, at) + s + text.slice(at)];
    }),
    idx.map(i => (t: string[]) => {                                                                                  // truncate at a character
        const text = t.join('');
        return [text.slice(0, text.length ? i % (text.length + 1) : 0)];
    }),
);

/** `text` with 1 to 6 mutations applied. */
export function mutatedArb(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
    return fc.tuple(text, fc.array(mutationArb, { minLength: 1, maxLength: 6 }))
        .map(([t, ms]) => ms.reduce((tokens, m) => tokenize(m(tokens).join('')), tokenize(t)).join(''));
}

/** Splits a topology into two files that name the same topology (a multi-file workspace). */
export function splitInTwo(text: string, at: number): string[] {
    const lines = text.split('\n');
    const named = /^topology\s+\S+/m.exec(text)?.[0] ?? 'topology split';
    const cut = lines.length ? at % lines.length : 0;
    return [lines.slice(0, cut).join('\n'), `${named}\n${lines.slice(cut).filter(l => !/^topology\b/.test(l)).join('\n')}`];
}

/** One fuzz input: one document, or sometimes two of one topology. */
export function inputArb(): fc.Arbitrary<string[]> {
    const examples = exampleTexts().map(e => e.text);
    const sources = fc.oneof(
        { weight: 3, arbitrary: topologyArb },
        { weight: 2, arbitrary: fc.constantFrom(...examples) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...examples), keyArb).map(([t, k]) => t.replace(/psk env \w+/g, `psk "${k}"`)) },
    );
    const single = fc.oneof(
        { weight: 3, arbitrary: mutatedArb(sources) },
        { weight: 2, arbitrary: topologyArb },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    ).map(t => [t]);
    const pair = fc.tuple(mutatedArb(sources), fc.nat()).map(([t, at]) => splitInTwo(t, at));
    return fc.oneof({ weight: 9, arbitrary: single }, { weight: 1, arbitrary: pair });
}
