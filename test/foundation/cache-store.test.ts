/**
 * The cache store (util/cache-store.ts, #13): bounded caches keep at most their maximum and drop
 * the least recently used entry first; memos give a result back only for the same inputs; the
 * topology service clears every cache when the last Topo document is gone, and results after a
 * clear equal those before it.
 */
import { describe, expect, test } from 'vitest';
import { clearDocuments } from 'langium/test';
import { BoundedCache, CacheStore, caches } from '../../language-server/src/util/cache-store.js';
import { parseProposal } from '../../language-server/src/crypto/proposal.js';
import { checkTexts, services, shared, GUIDE_STAR } from '../helpers.js';

describe('the cache store', () => {
    test('a bounded cache holds at most its maximum, dropping the least recently used entry', () => {
        const c = new BoundedCache<string, number>(3);
        c.set('a', 1); c.set('b', 2); c.set('c', 3);
        expect(c.get('a')).toBe(1); // a is now the most recently used
        c.set('d', 4);
        expect(c.size).toBe(3);
        expect(c.has('b')).toBe(false);
        expect([c.get('a'), c.get('c'), c.get('d')]).toEqual([1, 3, 4]);
        let made = 0;
        expect(c.getOr('e', () => ++made)).toBe(1);
        expect(c.getOr('e', () => ++made)).toBe(1);
        expect(made).toBe(1);
        // undefined is a value (an answer "none"), not a miss
        c.set('u', undefined as unknown as number);
        expect(c.getOr('u', () => ++made)).toBeUndefined();
        expect(made).toBe(1);
        c.clear();
        expect(c.size).toBe(0);
        expect(() => new BoundedCache(0)).toThrow();
    });

    test('a memo gives its result back for the same inputs only, until cleared; names are unique', () => {
        const store = new CacheStore();
        const memo = store.memo<object, string>('m');
        const weak = store.weak<object, number>('w');
        const key = {}, input = {};
        memo.set(key, [input, 1], 'kept');
        weak.set(key, 7);
        expect(memo.get(key, [input, 1])).toBe('kept');
        expect(memo.get(key, [input, 2])).toBeUndefined();
        expect(memo.get(key, [{}, 1])).toBeUndefined();
        expect(store.sizes()).toEqual({ m: undefined, w: undefined });
        store.clear();
        expect(memo.get(key, [input, 1])).toBeUndefined();
        expect(weak.get(key)).toBeUndefined();
        expect(() => store.memo('m')).toThrow(/two caches named m/);
    });

    test('the text-keyed caches of the language are bounded: 12,000 different proposals keep at most 10,000', () => {
        for (let i = 0; i < 12_000; i++) parseProposal(`aes128-sha256-modp2048-x${i}`, 'ike');
        const sizes = caches.sizes();
        expect(sizes['proposal.parsed']).toBe(10_000);
        // every text-keyed cache of the language is registered (and so bounded and cleared)
        expect(Object.keys(sizes)).toEqual(expect.arrayContaining(['proposal.parsed', 'negotiate.commonSuites', 'negotiate.strongest', 'bgp.providerPrefixes', 'crypto.cleanContent']));
        for (const [name, size] of Object.entries(sizes)) if (size !== undefined) expect(size, name).toBeLessThanOrEqual(100_000);
    });

    test('the topology service clears the store when the last document is gone; results are the same after', async () => {
        expect(services.topo.TopologyService.caches).toBe(caches);
        const [doc] = await checkTexts(GUIDE_STAR);
        const before = (doc.diagnostics ?? []).map(d => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`);
        expect(before.length).toBeGreaterThan(0);
        expect(caches.sizes()['negotiate.strongest']).toBeGreaterThan(0);
        await clearDocuments(shared);
        expect(shared.workspace.LangiumDocuments.all.toArray()).toEqual([]);
        const emptied = Object.values(caches.sizes()).filter(s => s !== undefined);
        expect(emptied.every(s => s === 0)).toBe(true);
        const [again] = await checkTexts(GUIDE_STAR);
        expect((again.diagnostics ?? []).map(d => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`)).toEqual(before);
    });
});
