/**
 * The extension's declarative parts: the hand-written TextMate grammar (tokenised here with a
 * small TextMate-like scanner over JS regular expressions), language-configuration.json,
 * the snippets (each parses as Topo), and package.json's contributions (every command the
 * code registers is declared, and the other way round).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { check, codes } from '../helpers.js';

const json = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));
const grammar = json('syntaxes/topo.tmLanguage.json');
const generated = json('syntaxes/topo.generated.tmLanguage.json');
const langConfig = json('language-configuration.json');
const manifest = json('package.json');
const snippets = json('snippets/topo.json') as Record<string, { prefix: string; body: string[]; description: string }>;

// ---- a minimal TextMate scanner: match/captures/begin-end/include, first match wins by position then order
interface Rule { match?: string; begin?: string; end?: string; name?: string; include?: string; patterns?: Rule[]; captures?: Record<string, Rule> }
interface Token { text: string; scope: string }

function flatten(rules: Rule[]): Rule[] {
    return rules.flatMap(r => r.include ? flatten(resolve(r.include)) : [r]);
}
function resolve(include: string): Rule[] {
    const r: Rule = grammar.repository[include.slice(1)];
    return r.patterns ? r.patterns : [r];
}
function scanLine(line: string, rules: Rule[], tokens: Token[]): void {
    const flat = flatten(rules);
    let pos = 0;
    while (pos < line.length) {
        let best: { rule: Rule; m: RegExpExecArray } | undefined;
        for (const rule of flat) {
            const re = new RegExp(rule.match ?? rule.begin!, 'dg');
            re.lastIndex = pos;
            const m = re.exec(line);
            if (m && m[0].length > 0 && (!best || m.index < best.m.index)) best = { rule, m };
        }
        if (!best) break;
        const { rule, m } = best;
        if (rule.begin) {   // begin/end on one line (comments, strings)
            const end = new RegExp(rule.end!, 'g');
            end.lastIndex = m.index + m[0].length;
            const e = end.exec(line);
            const stop = e ? e.index + e[0].length : line.length;
            tokens.push({ text: line.slice(m.index, stop), scope: rule.name! });
            pos = stop;
            continue;
        }
        if (rule.name) tokens.push({ text: m[0], scope: rule.name });
        for (const [i, cap] of Object.entries(rule.captures ?? {})) {
            const idx = m.indices?.[Number(i)];
            if (!idx || m[Number(i)] === undefined) continue;
            if (cap.name) tokens.push({ text: m[Number(i)], scope: cap.name });
            if (cap.patterns) scanLine(m[Number(i)], cap.patterns, tokens);
        }
        pos = m.index + m[0].length;
    }
}
function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    for (const line of text.split('\n')) scanLine(line, grammar.patterns, tokens);
    return tokens;
}
const scopeOf = (tokens: Token[], text: string) => tokens.filter(t => t.text === text).map(t => t.scope);

describe('TextMate grammar', () => {
    const star = readFileSync(new URL('../../examples/qingcloud-star-as-printed.topo', import.meta.url), 'utf8');
    const gcp = readFileSync(new URL('../../examples/tencent-gcp.topo', import.meta.url), 'utf8');

    test('every keyword of the Langium grammar is highlighted as a keyword', () => {
        const alternatives = (generated.patterns as Rule[]).find(p => p.name?.startsWith('keyword'))!.match!;
        const keywords = alternatives.replace(/^\\b\(|\)\\b$/g, '').split('|');
        expect(keywords.length).toBeGreaterThan(20);
        for (const k of keywords) {
            const scopes = tokenize(`${k}`).map(t => t.scope);
            expect(scopes, k).toHaveLength(1);
            expect(scopes[0], k).toMatch(/^(storage\.type|keyword\.other|constant\.language)/);
        }
    });

    test('the seed star: declarations, addresses, prefixes, arrows', () => {
        const t = tokenize(star);
        expect(scopeOf(t, 'site')).toEqual(Array(3).fill('storage.type.site.topo'));
        expect(scopeOf(t, 'pek3-gd2')).toEqual(['entity.name.function.tunnel.topo']);
        expect(scopeOf(t, '192.168.0.5')).toEqual(['constant.numeric.ip-address.topo']);
        expect(scopeOf(t, '172.26.0.0')).toContain('constant.numeric.ip-address.topo');
        expect(scopeOf(t, '24')).toContain('constant.numeric.prefix-length.topo');
        expect(scopeOf(t, '->')).toEqual(Array(4).fill('keyword.operator.arrow.topo'));
        expect(scopeOf(t, 'qingcloud')).toContain('support.constant.provider.topo');
        expect(t.filter(t => t.scope.startsWith('comment')).length).toBe(3);
    });

    test('Tencent <-> GCP: hyphenated names stay whole, proposals split into algorithms', () => {
        const t = tokenize(gcp);
        expect(scopeOf(t, 'tx-gcp')).toContain('entity.name.function.tunnel.topo');
        expect(scopeOf(t, '<->')).toEqual(['keyword.operator.arrow.topo']);
        expect(scopeOf(t, 'modp1024')).toEqual(Array(2).fill('support.constant.algorithm.topo'));
        expect(scopeOf(t, 'TX_GCP_PSK')).toEqual(['variable.other.environment.topo']);
        expect(scopeOf(t, 'v1')).toEqual(['constant.language.topo']);
        expect(scopeOf(t, 'policy')).toEqual(['constant.language.topo']);
    });

    test('keywords inside names are not keywords', () => {
        const t = tokenize('tunnel site-host-in a -> b');
        expect(t.map(t => t.text)).toEqual(['tunnel', 'site-host-in', 'a', '->', 'b']);
    });

    test('keywords and digit-first words used as names are names', () => {
        const t = tokenize('site hub < cidr 10.0.0.0/16 > hub hub\nsite 2nd-dc < cidr 10.2.0.0/16 > hub hub\ntunnel static 2nd-dc -> hub\nhost v2 10.2.0.5 in 2nd-dc');
        expect(scopeOf(t, 'hub')).toEqual(['entity.name.type.site.topo', 'keyword.other.topo', 'entity.name.type.site.topo', 'keyword.other.topo', 'entity.name.type.site.topo', 'entity.name.type.site.topo']);
        expect(scopeOf(t, '2nd-dc')).toEqual(Array(3).fill('entity.name.type.site.topo'));
        expect(scopeOf(t, 'static')).toEqual(['entity.name.function.tunnel.topo']);
        expect(scopeOf(t, 'v2')).toEqual(['entity.name.variable.host.topo']);
        expect(scopeOf(t, '10.2.0.5')).toEqual(['constant.numeric.ip-address.topo']);
    });

    test('IPv6 prefixes', () => {
        expect(scopeOf(tokenize('cidr 2001:db8::/32'), '2001:db8::')).toEqual(['constant.numeric.ip-address.ipv6.topo']);
    });
});

describe('language-configuration.json', () => {
    const words = (text: string) => text.match(new RegExp(langConfig.wordPattern, 'g'));
    test('word pattern keeps names, proposals, addresses and prefixes whole', () => {
        expect(words('route 192.168.0.0/24 via tx-gcp')).toEqual(['route', '192.168.0.0/24', 'via', 'tx-gcp']);
        expect(words('ike-proposal aes128-sha1-modp1024, 3des-md5-modp768')).toEqual(['ike-proposal', 'aes128-sha1-modp1024', '3des-md5-modp768']);
        expect(words('tunnel a-b a <-> b')).toEqual(['tunnel', 'a-b', 'a', 'b']);
        expect(words('cidr 2001:db8::/32')).toEqual(['cidr', '2001:db8::/32']);
    });
    test('comments, < > brackets, auto-closing and surrounding pairs', () => {
        expect(langConfig.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
        expect(langConfig.brackets).toEqual([['<', '>']]);
        expect(langConfig.autoClosingPairs.map((p: { open: string }) => p.open)).toContain('<');
        expect(langConfig.surroundingPairs).toContainEqual(['<', '>']);
        expect(new RegExp(langConfig.indentationRules.increaseIndentPattern).test('tunnel x a <-> b <')).toBe(true);
        expect(new RegExp(langConfig.indentationRules.increaseIndentPattern).test('tunnel x a <-> b')).toBe(false);
    });
});

describe('snippets', () => {
    /** The snippet with every placeholder at its default (first choice, or mirrored value). */
    function expand(body: string[]): string {
        const values = new Map<string, string>();
        let text = body.join('\n').replace(/\\t|\t/g, '    ');
        // ${1:default} and ${1|a,b|} define; ${1} and $1 mirror.
        for (let changed = true; changed;) {
            changed = false;
            text = text.replace(/\$\{(\d+):([^{}]*)\}|\$\{(\d+)\|([^|]*)\|\}/, (_m, n1, d1, n2, choices) => {
                changed = true;
                const v = n1 ? d1 : choices.split(',')[0];
                values.set(n1 ?? n2, v);
                return v;
            });
        }
        return text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_m, a, b) => values.get(a ?? b) ?? '');
    }
    for (const [name, s] of Object.entries(snippets)) {
        test(`"${name}" parses without syntax errors`, async () => {
            let text = expand(s.body);
            // fragments: give them the sites they refer to
            if (s.prefix === 'host') text = `site vpc1 < cidr 10.0.0.0/16 >\n${text}`;
            if (s.prefix === 'tunnel') text = `site site-a < provider strongswan cidr 10.1.0.0/16 >\nsite site-b < provider strongswan cidr 10.2.0.0/16 >\n${text}`;
            const doc = await check(text);
            expect(codes(doc).filter(c => c === 'syntax-error' || c === 'unresolved-reference'), text).toEqual([]);
            // the whole-topology snippets make a topology without errors
            if (s.prefix === 'star' || s.prefix === 'tencent-gcp') {
                expect((doc.diagnostics ?? []).filter(d => d.severity === 1).map(d => `${d.code}: ${d.message}`), text).toEqual([]);
            }
        });
    }
});

describe('package.json contributions', () => {
    const declared = (manifest.contributes.commands as { command: string }[]).map(c => c.command).sort();
    const registered = readdirSync(new URL('../../src/commands/', import.meta.url))
        .flatMap(f => [...readFileSync(new URL(`../../src/commands/${f}`, import.meta.url), 'utf8').matchAll(/\bid: '([\w.]+)'/g)].map(m => m[1]))
        .sort();
    // Commands the language server advertises (executeCommandProvider) are registered in VS Code by
    // vscode-languageclient itself; the package may declare them for the palette too.
    const serverCommands = new Set(readdirSync(new URL('../../language-server/src/', import.meta.url), { recursive: true })
        .filter(f => String(f).endsWith('.ts'))
        .flatMap(f => [...readFileSync(new URL(`../../language-server/src/${f}`, import.meta.url), 'utf8').matchAll(/'(topo\.[\w.]+)'/g)].map(m => m[1])));
    test('every command registered by src/commands/ is declared, and every declared command registered there or by the server', () => {
        expect(registered.length).toBeGreaterThanOrEqual(4);
        for (const id of registered) expect(declared, id).toContain(id);
        for (const id of declared) expect(registered.includes(id) || serverCommands.has(id), `${id} is declared but nothing registers it`).toBe(true);
    });
    test('e2e helper commands are hidden from the palette unless topo.e2e is set', () => {
        const hidden = (manifest.contributes.menus.commandPalette as { command: string; when: string }[]);
        for (const id of registered.filter(c => c.startsWith('topo.e2e.'))) {
            expect(hidden).toContainEqual({ command: id, when: 'topo.e2e' });
        }
    });
    test('activates on the language; grammar, configuration, snippets and icon files exist', () => {
        expect(manifest.activationEvents).toContain('onLanguage:topo');
        const lang = manifest.contributes.languages[0];
        for (const f of [lang.configuration, lang.icon.light, lang.icon.dark, manifest.contributes.grammars[0].path, manifest.contributes.snippets[0].path, manifest.icon]) {
            expect(() => readFileSync(new URL(`../../${f}`, import.meta.url)), f).not.toThrow();
        }
    });
});
