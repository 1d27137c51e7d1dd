/**
 * "Same inputs as last time": a result kept per key object is reused while every input it read
 * is the same (compared by identity, in order). The analyses keep their per-tunnel and per-star
 * results this way; the key objects (AST nodes, model objects) bound the memo's life, as in
 * Langium's utils/caching.ts, where a cache lives as long as what it is keyed by.
 */
export function sameInputs(known: readonly unknown[] | undefined, inputs: readonly unknown[]): boolean {
    if (!known || known.length !== inputs.length) return false;
    for (let i = 0; i < inputs.length; i++) if (known[i] !== inputs[i]) return false;
    return true;
}

/** Results by key object, each with the inputs it was computed from. */
export class InputsMemo<K extends object, V> {
    private readonly entries = new WeakMap<K, { inputs: unknown[]; value: V }>();

    /** The value kept for `key` when it was computed from the same `inputs`. */
    get(key: K, inputs: readonly unknown[]): V | undefined {
        const e = this.entries.get(key);
        return e && sameInputs(e.inputs, inputs) ? e.value : undefined;
    }

    /** Keeps `value` for `key`, with a copy of `inputs` (callers may reuse their array). */
    set(key: K, inputs: readonly unknown[], value: V): void {
        this.entries.set(key, { inputs: inputs.slice(), value });
    }

    delete(key: K): void {
        this.entries.delete(key);
    }
}
