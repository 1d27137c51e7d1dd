/**
 * The language's caches in one store, with one lifecycle (modelled on Langium's utils/caching.ts:
 * every cache can be cleared, and is cleared together with the rest).
 *
 * Three kinds, and no other:
 * - `weak(name)`: values per key object that depend on that object alone (what a statement says,
 *   a model object's address set). Held weakly: an entry lives as long as its key.
 * - `memo(name)`: results kept per key object (an AST node, a per-statement part the model
 *   builder keeps, a model object) together with the inputs they were computed from
 *   ("same inputs as last time", util/same-inputs.ts). Held weakly: an entry lives as long as its
 *   key, so the entries of a closed or changed document go with its AST nodes.
 * - `bounded(name, max)`: results keyed by text (a proposal, a pair of providers), which no
 *   document owns: at most `max` entries, the least recently used one dropped first.
 *
 * The topology service owns the store's lifecycle (services/workspace/topology-service.ts): it
 * clears everything when the last Topo document is gone. Tests read `sizes()`.
 */
import { InputsMemo } from './same-inputs.js';

interface Clearable { clear(): void; readonly size: number | undefined }

/** A Map of at most `max` entries; the least recently used one is dropped first. */
export class BoundedCache<K, V> {
    private map = new Map<K, V>();

    constructor(readonly max: number) {
        if (!(max >= 1)) throw new Error('a bounded cache holds at least one entry');
    }

    get size(): number { return this.map.size; }

    has(key: K): boolean { return this.map.has(key); }

    get(key: K): V | undefined {
        const v = this.map.get(key);
        if (v !== undefined || this.map.has(key)) {
            // the most recently used entry goes last (Map keeps insertion order)
            this.map.delete(key);
            this.map.set(key, v as V);
        }
        return v;
    }

    set(key: K, value: V): void {
        this.map.delete(key);
        if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as K);
        this.map.set(key, value);
    }

    /** The value for `key`, computed by `make` when not held. */
    getOr(key: K, make: () => V): V {
        if (this.map.has(key)) return this.get(key) as V;
        const v = make();
        this.set(key, v);
        return v;
    }

    clear(): void { this.map.clear(); }
}

/** Values per key object that depend on the key alone (a WeakMap that can be cleared). */
export class WeakCache<K extends object, V> {
    private map = new WeakMap<K, V>();
    get size(): undefined { return undefined; }
    get(key: K): V | undefined { return this.map.get(key); }
    has(key: K): boolean { return this.map.has(key); }
    set(key: K, value: V): this { this.map.set(key, value); return this; }
    delete(key: K): boolean { return this.map.delete(key); }
    clear(): void { this.map = new WeakMap<K, V>(); }
}

/** An InputsMemo that can be cleared (a new WeakMap: the old entries go with it). */
export class ClearableMemo<K extends object, V> {
    private memo = new InputsMemo<K, V>();
    get size(): undefined { return undefined; }
    get(key: K, inputs: readonly unknown[]): V | undefined { return this.memo.get(key, inputs); }
    set(key: K, inputs: readonly unknown[], value: V): void { this.memo.set(key, inputs, value); }
    delete(key: K): void { this.memo.delete(key); }
    clear(): void { this.memo = new InputsMemo<K, V>(); }
}

export class CacheStore {
    private readonly caches = new Map<string, Clearable>();

    /** Values per key object that depend on that object alone (what a statement or a model object says). */
    weak<K extends object, V>(name: string): WeakCache<K, V> {
        return this.register(name, new WeakCache<K, V>());
    }

    /** Results per key object with the inputs they were computed from. */
    memo<K extends object, V>(name: string): ClearableMemo<K, V> {
        return this.register(name, new ClearableMemo<K, V>());
    }

    /** Results keyed by text, at most `max` of them. */
    bounded<K, V>(name: string, max: number): BoundedCache<K, V> {
        return this.register(name, new BoundedCache<K, V>(max));
    }

    private register<C extends Clearable>(name: string, cache: C): C {
        if (this.caches.has(name)) throw new Error(`two caches named ${name}`);
        this.caches.set(name, cache);
        return cache;
    }

    /** Every cache's name and entry count (undefined for weakly held memos, which cannot count). */
    sizes(): Record<string, number | undefined> {
        return Object.fromEntries([...this.caches].map(([n, c]) => [n, c.size]));
    }

    clear(): void {
        for (const c of this.caches.values()) c.clear();
    }
}

/** The store of this process (one language server or one command). */
export const caches = new CacheStore();
